/**
 * Streams CSV records from a file with bounded memory (RFC 4180 via papaparse), with the physical
 * line each record starts on, so row errors can name it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProgress {
  bytesRead: number;
  totalBytes: number;
}

export async function* readCsvRecords(
  filePath: string,
  onBytes?: (progress: CsvProgress) => void,
): AsyncGenerator<CsvRecord> {
  const totalBytes = (await stat(filePath)).size;
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      onBytes?.({ bytesRead, totalBytes });
      done(null, chunk);
    },
  });
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false }) as NodeJS.ReadWriteStream;
  const input = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  input.on('error', (error) => parser.emit('error', error));
  input.pipe(counter).pipe(parser);

  let line = 1;
  for await (const fields of parser as AsyncIterable<string[]>) {
    const start = line;
    // A quoted field may hold line breaks: the next record starts that many lines further on.
    for (const field of fields) {
      for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line++;
    }
    line++;
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    yield { line: start, fields };
  }
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
