/**
 * A growing byte buffer of COPY text (CSV), handed on as bytes. Rows written into it leave no string
 * behind on the heap: a buffer of many short-lived rows would otherwise be copied by every
 * young-generation collection until it is flushed. Its memory is never from Node's shared Buffer pool,
 * so what `take` hands on can be transferred to another thread.
 */
const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const ZERO = 0x30;
const NINE = 0x39;
/** Up to this many bytes are copied in a loop rather than by Buffer#copy. */
const SHORT_COPY = 256;

export class CopyText {
  private buffer: Buffer;
  length = 0;
  /** The last line number written, in decimal digits: the next one is usually one more. */
  private lastLine = -1;
  private readonly lineDigits = new Uint8Array(16);
  private lineDigitCount = 0;

  constructor(private readonly initialBytes = 1024 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(initialBytes);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buffer[this.length++] = c;
  }

  bytes(source: Buffer, start: number, end: number): void {
    this.reserve(end - start);
    if (end - start > SHORT_COPY) {
      this.length += source.copy(this.buffer, this.length, start, end);
      return;
    }
    // Buffer#copy makes a view of the source for every call: a row's bytes go faster one by one, and leave no garbage.
    const buffer = this.buffer;
    let at = this.length;
    for (let i = start; i < end; i++) buffer[at++] = source[i];
    this.length = at;
  }

  /** The line number and the comma after it. */
  lineNumber(line: number): void {
    this.setLineDigits(line);
    const count = this.lineDigitCount;
    this.reserve(count + 1);
    for (let i = 0; i < count; i++) this.buffer[this.length + i] = this.lineDigits[i];
    this.length += count;
    this.buffer[this.length++] = COMMA;
  }

  private setLineDigits(line: number): void {
    const digits = this.lineDigits;
    if (line === this.lastLine + 1) {
      let i = this.lineDigitCount - 1;
      while (i >= 0 && digits[i] === NINE) digits[i--] = ZERO;
      if (i >= 0) digits[i]++;
      else {
        digits.copyWithin(1, 0, this.lineDigitCount);
        digits[0] = ZERO + 1;
        this.lineDigitCount++;
      }
    } else {
      const text = String(line);
      for (let i = 0; i < text.length; i++) digits[i] = text.charCodeAt(i);
      this.lineDigitCount = text.length;
    }
    this.lastLine = line;
  }

  text(text: string): void {
    this.reserve(3 * text.length);
    this.length += this.buffer.write(text, this.length);
  }

  /**
   * One CSV line of `values` (null: an empty field, which COPY reads as NULL), as `toCsvLine` writes it
   * but with no string made along the way: ASCII fields are written a character at a time, quoted when
   * they hold a quote, comma or line break (a quote doubled).
   */
  csvLine(values: readonly (string | null)[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.byte(COMMA);
      const value = values[i];
      if (value !== null) this.csvField(value);
    }
    this.byte(NEWLINE);
  }

  private csvField(value: string): void {
    // Worst case: every character a quote, doubled, inside quotes.
    this.reserve(2 * value.length + 2);
    const buffer = this.buffer;
    const start = this.length;
    let at = start;
    let quoted = value.length === 0;
    if (quoted) buffer[at++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f) {
        // Not ASCII (a name): the slow way, rarely taken.
        this.length = start;
        this.text(value === '' || !/[",\r\n]/.test(value) ? value : `"${value.replace(/"/g, '""')}"`);
        return;
      }
      if (!quoted && (c === QUOTE || c === COMMA || c === NEWLINE || c === CARRIAGE_RETURN)) {
        // From here on the field needs quotes: shift what was written one byte right and open them.
        buffer.copyWithin(start + 1, start, at);
        buffer[start] = QUOTE;
        at++;
        quoted = true;
      }
      buffer[at++] = c;
      if (c === QUOTE) buffer[at++] = QUOTE;
    }
    if (quoted) buffer[at++] = QUOTE;
    this.length = at;
  }

  /** What was written (UTF-8), in memory this no longer uses: the caller may transfer it. */
  take(): Uint8Array {
    const written = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafeSlow(this.initialBytes);
    this.length = 0;
    return written;
  }
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
