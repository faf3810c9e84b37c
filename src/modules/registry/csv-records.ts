/**
 * Streams CSV records from a file with bounded memory, with the physical line each record starts on,
 * so row errors can name it.
 *
 * The file is read in pieces and each piece is scanned for record and field boundaries. A plain
 * record (no quote, as many fields as the header) is offered to the consumer as bytes: a row already written in canonical form can go to COPY without
 * being decoded, split into strings and encoded again. Every other record (quoted, blank, ragged, or
 * declined by the consumer) is parsed by papaparse (RFC 4180), in runs of consecutive records.
 */
import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * A record without quotes and with the header's number of fields, valid only during the call it is
 * passed to: field i is bytes [starts[i], ends[i]). Its bytes are as in the file: they may hold
 * control characters or invalid UTF-8, which the consumer's checks must refuse.
 */
export interface PlainRecord {
  bytes: Buffer;
  line: number;
  starts: Int32Array;
  ends: Int32Array;
}

export interface CsvConsumer {
  /** The first record that is not blank. Returning false stops the reading. */
  header(record: CsvRecord): boolean;
  /** Whether the consumer takes this plain record as bytes; if not, it comes back parsed, to `record`. */
  accepts(record: PlainRecord): boolean;
  take(record: PlainRecord): void;
  /** Any record after the header that is not blank and was not taken as bytes. */
  record(record: CsvRecord): void;
  /** After each piece of the file: the records so far have been passed on. */
  pieceDone(): Promise<void>;
}

export interface CsvProgress {
  bytesRead: number;
  totalBytes: number;
}

/**
 * Small enough that the event loop turns often (at each read) while a file is scanned: the COPY of the
 * previous rows (a socket to feed, or a worker's answer to take) goes on while the next ones are checked.
 */
const READ_CHUNK_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export async function readCsv(filePath: string, consumer: CsvConsumer, onBytes?: (progress: CsvProgress) => void): Promise<void> {
  const file = await open(filePath, 'r');
  try {
    const totalBytes = (await file.stat()).size;
    const scanner = new RecordScanner(consumer);
    // Two read buffers, so the next piece is read while this one is scanned, and a work buffer that
    // holds the unfinished record of the last piece followed by the new piece: nothing is allocated per piece.
    const reads = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
    let work = Buffer.allocUnsafe(2 * READ_CHUNK_BYTES);
    let carried = 0;
    let bytesRead = 0;
    let next = file.read(reads[0], 0, READ_CHUNK_BYTES, null);
    for (let piece = 0; ; piece++) {
      const { bytesRead: length } = await next;
      if (length === 0) break;
      const chunk = reads[piece % 2];
      next = file.read(reads[(piece + 1) % 2], 0, READ_CHUNK_BYTES, null);
      bytesRead += length;
      onBytes?.({ bytesRead, totalBytes });
      if (carried + length > work.length) {
        const bigger = Buffer.allocUnsafe(2 * (carried + length));
        work.copy(bigger, 0, 0, carried);
        work = bigger;
      }
      chunk.copy(work, carried, 0, length);
      const filled = carried + length;
      const used = scanner.read(work.subarray(0, filled), false);
      if (scanner.stopped) {
        await next;
        return;
      }
      work.copyWithin(0, used, filled);
      carried = filled - used;
      await consumer.pieceDone();
    }
    if (carried > 0) scanner.read(work.subarray(0, carried), true);
    await consumer.pieceDone();
  } finally {
    await file.close();
  }
}

class RecordScanner {
  stopped = false;
  private line = 1;
  private headerFields = 0;
  /** Decided once from the first line, so every record is cut alike (papaparse would guess per call). */
  private crlf: boolean | null = null;
  private readonly record: PlainRecord = { bytes: Buffer.alloc(0), line: 0, starts: new Int32Array(0), ends: new Int32Array(0) };
  /** The next quote at or after the record being scanned, or -1 when there is none left in the piece. */
  private nextQuote = -1;
  // Set by scan(): whether the record is plain, its number of fields, its line breaks, where its content ends.
  private plain = true;
  private fields = 0;
  private breaks = 0;
  private contentEnd = 0;
  // The run of records waiting to be parsed as text.
  private runStart = -1;
  private runEnd = -1;
  private runLine = 0;

  constructor(private readonly consumer: CsvConsumer) {}

  /** Passes on the complete records of `bytes` (all of them when `final`); returns where the rest starts. */
  read(bytes: Buffer, final: boolean): number {
    if (this.crlf === null) {
      const lf = bytes.indexOf(LF);
      this.crlf = lf > 0 && bytes[lf - 1] === CR;
    }
    this.record.bytes = bytes;
    this.nextQuote = bytes.indexOf(QUOTE);
    let position = 0;
    while (position < bytes.length && !this.stopped) {
      const end = this.scan(bytes, position, final);
      if (end < 0) break;
      this.pass(bytes, position, end);
      this.line += this.breaks;
      position = end;
    }
    this.parseRun(bytes);
    return position;
  }

  private pass(bytes: Buffer, start: number, end: number): void {
    if (this.headerFields === 0) {
      if (this.contentEnd === start) return; // blank line before the header
      const [header] = parseRecords(bytes.toString('utf8', start, end), this.line, this.crlf!);
      if (!header) return; // a line holding only "" is blank too
      this.headerFields = header.fields.length;
      this.record.starts = new Int32Array(this.headerFields);
      this.record.ends = new Int32Array(this.headerFields);
      if (!this.consumer.header(header)) this.stopped = true;
      return;
    }
    if (this.plain && this.fields === this.headerFields) {
      this.record.line = this.line;
      if (this.consumer.accepts(this.record)) {
        this.parseRun(bytes);
        this.consumer.take(this.record);
        return;
      }
    }
    if (this.runStart < 0) {
      this.runStart = start;
      this.runLine = this.line;
    }
    this.runEnd = end;
  }

  private parseRun(bytes: Buffer): void {
    if (this.runStart < 0) return;
    const text = bytes.toString('utf8', this.runStart, this.runEnd);
    this.runStart = -1;
    for (const record of parseRecords(text, this.runLine, this.crlf!)) this.consumer.record(record);
  }

  /**
   * Finds the end of the record at `start` (just after its line break), or -1 when it does not end
   * within `bytes` and more may follow. A record without quotes is plain: its fields are noted.
   * Control characters and bytes beyond ASCII are left to the consumer's checks of the fields.
   */
  private scan(bytes: Buffer, start: number, final: boolean): number {
    const length = bytes.length;
    let lf = bytes.indexOf(LF, start);
    if (lf < 0 && !final) return -1;
    const lineEnd = lf < 0 ? length : lf;
    if (this.nextQuote >= 0 && this.nextQuote < start) this.nextQuote = bytes.indexOf(QUOTE, start);
    if (this.nextQuote >= 0 && this.nextQuote < lineEnd) return this.scanQuoted(bytes, start, final);
    let contentEnd = lineEnd;
    if (this.crlf) {
      if (lf >= 0 && !(lf > start && bytes[lf - 1] === CR)) return this.scanQuoted(bytes, start, final); // a bare line feed
      if (contentEnd > start && bytes[contentEnd - 1] === CR) contentEnd--;
    }
    const { starts, ends } = this.record;
    const capacity = starts.length;
    let fields = 0;
    let fieldStart = start;
    for (let i = start; i < contentEnd; i++) {
      if (bytes[i] === COMMA) {
        if (fields < capacity) {
          starts[fields] = fieldStart;
          ends[fields] = i;
        }
        fields++;
        fieldStart = i + 1;
      }
    }
    if (fields < capacity) {
      starts[fields] = fieldStart;
      ends[fields] = contentEnd;
    }
    this.fields = fields + 1;
    this.plain = contentEnd > start;
    this.breaks = lf < 0 ? 0 : 1;
    this.contentEnd = contentEnd;
    return lf < 0 ? length : lf + 1;
  }

  /**
   * A record that is not plain (quotes, or a bare line feed in a file of CR LF lines): it ends at the
   * first line break outside quotes, as papaparse reads it.
   */
  private scanQuoted(bytes: Buffer, start: number, final: boolean): number {
    const length = bytes.length;
    let breaks = 0;
    let quoted = false;
    for (let i = start; i < length; i++) {
      const c = bytes[i];
      if (c === QUOTE) quoted = !quoted;
      else if (c === LF) {
        breaks++;
        if (!quoted && (!this.crlf || (i > start && bytes[i - 1] === CR))) return this.notPlain(breaks, this.crlf ? i - 1 : i, i + 1);
      }
    }
    return final ? this.notPlain(breaks, length, length) : -1;
  }

  private notPlain(breaks: number, contentEnd: number, end: number): number {
    this.plain = false;
    this.fields = -1;
    this.breaks = breaks;
    this.contentEnd = contentEnd;
    return end;
  }
}

/**
 * Parses whole records (RFC 4180, papaparse) starting at `firstLine`; blank lines are skipped. A
 * quoted field may hold line breaks: the next record starts that many lines further on.
 */
function parseRecords(text: string, firstLine: number, crlf: boolean): CsvRecord[] {
  const whole = text.endsWith('\n') ? text : `${text}\n`;
  const { data } = Papa.parse<string[]>(whole, { header: false, skipEmptyLines: false, newline: crlf ? '\r\n' : '\n' });
  // The text ends with a line break, after which papaparse sees one empty record.
  const count = data.length - 1;
  const records: CsvRecord[] = [];
  let line = firstLine;
  for (let r = 0; r < count; r++) {
    const fields = data[r];
    const start = line;
    for (const field of fields) {
      for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line++;
    }
    line++;
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    records.push({ line: start, fields });
  }
  return records;
}

/** Header names are matched case-insensitively, ignoring surrounding spaces and a UTF-8 BOM. */
export function normaliseHeader(fields: string[]): string[] {
  return fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase());
}
