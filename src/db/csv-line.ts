/** CSV lines as COPY … WITH (FORMAT csv) reads them. */

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line for COPY … WITH (FORMAT csv): NULL is an unquoted empty field. */
export function toCsvLine(values: readonly (string | number | boolean | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const value = values[i];
    if (value === null) continue;
    const text = String(value);
    line += text === '' || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\n`;
}
