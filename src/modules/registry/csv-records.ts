/**
 * Streams CSV records from a file with bounded memory (RFC 4180 via papaparse), with the physical
 * line each record starts on, so row errors can name it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProgress {
  bytesRead: number;
  totalBytes: number;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Reads the file in 1 MB pieces, cuts each at the last line break outside quotes, and parses the
 * piece with papaparse's string parser (several times faster than its stream mode). Yields the
 * records of one piece at a time.
 */
export async function* readCsvBatches(
  filePath: string,
  onBytes?: (progress: CsvProgress) => void,
): AsyncGenerator<CsvRecord[]> {
  const totalBytes = (await stat(filePath)).size;
  const input = createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  let bytesRead = 0;
  let carry = '';
  let line = 1;
  // Decided once from the first line, so every piece is parsed alike (papaparse guesses per call).
  let newline: '\n' | '\r\n' | undefined;

  function parse(text: string): CsvRecord[] {
    newline ??= text[text.indexOf('\n') - 1] === '\r' ? '\r\n' : '\n';
    const { data } = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, newline });
    // The text ends with a line break, after which papaparse sees one empty record.
    const count = text.endsWith('\n') ? data.length - 1 : data.length;
    const records: CsvRecord[] = [];
    for (let r = 0; r < count; r++) {
      const fields = data[r];
      const start = line;
      // A quoted field may hold line breaks: the next record starts that many lines further on.
      for (const field of fields) {
        for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line++;
      }
      line++;
      if (fields.length === 1 && fields[0] === '') continue; // blank line
      records.push({ line: start, fields });
    }
    return records;
  }

  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    onBytes?.({ bytesRead, totalBytes });
    const text = carry + decoder.write(chunk);
    const cut = lastRecordEnd(text);
    carry = text.slice(cut);
    if (cut > 0) yield parse(text.slice(0, cut));
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) yield parse(rest.endsWith('\n') ? rest : `${rest}\n`);
}

/** The index just after the last line break that is not inside a quoted field, or 0. */
function lastRecordEnd(text: string): number {
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  let nl = text.lastIndexOf('\n');
  while (nl >= 0) {
    // Quotes after this line break; an even count before it means it ends a record.
    let after = 0;
    for (let i = text.indexOf('"', nl); i >= 0; i = text.indexOf('"', i + 1)) after++;
    if ((quotes - after) % 2 === 0) return nl + 1;
    nl = text.lastIndexOf('\n', nl - 1);
  }
  return 0;
}

/** Header names are matched case-insensitively, ignoring surrounding spaces and a UTF-8 BOM. */
export function normaliseHeader(fields: string[]): string[] {
  return fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase());
}

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
