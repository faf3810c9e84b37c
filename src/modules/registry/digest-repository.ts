/**
 * Persistence of the population batch's digest (coverage/reconciliation-in-memory.ts): written with
 * the batch's commit, read when a peserta import starts. The keys are stored as bytea in parts of 1 MB,
 * written in COPY's hex form and read back in binary COPY. The import's worker does all the encoding
 * and decoding: the main thread, which answers the counter, only hands bytes on (megabytes of text
 * made on it would make its garbage collector stop it for a long pause).
 */
import { binaryCopyRows } from '../../db/binary-copy.ts';
import type { Sql } from '../../db/client.ts';
import { toCsvLine } from './csv-records.ts';
import type { TaggedColumn } from './row-tag.ts';

const KEYS_PER_PART = 128 * 1024;
const COLUMNS = ['district_code', 'batch_id', 'part', 'tag_columns', 'keys'];
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** A population batch as the reconciliation needs it: every resident's NIK with desa and life status. */
export interface ResidentDigest {
  tagColumns: TaggedColumn[];
  /** Sorted tally keys (registry/nik-tally.ts), tagged with desa and life status. */
  keys: BigUint64Array;
}

/** Where a batch's digest is: its tag, and a query per part and for all parts, for binary COPY (`decodeDigest`). */
export interface StoredDigest {
  tagColumns: TaggedColumn[];
  partQueries: string[];
  allPartsQuery: string;
}

/** The COPY text (CSV, one line per part) that stores `digest` for a batch. Pure; for the worker. */
export function digestCopyParts(districtCode: string, batchId: number, digest: ResidentDigest): Uint8Array[] {
  const bytes = digestBytes(digest.keys);
  const parts: Uint8Array[] = [];
  const partBytes = 8 * KEYS_PER_PART;
  for (let part = 0; part === 0 || part * partBytes < bytes.length; part++) {
    const keys = bytes.subarray(part * partBytes, (part + 1) * partBytes);
    const fields = toCsvLine([districtCode, batchId, part, part === 0 ? JSON.stringify(digest.tagColumns) : null]);
    const head = Buffer.from(`${fields.slice(0, -1)},`, 'utf8');
    // Then the last field, the keys: \x and two hex digits a byte; a line end.
    const line = new Uint8Array(head.length + 2 + 2 * keys.length + 1);
    line.set(head);
    let at = head.length;
    line[at++] = 0x5c; // backslash
    line[at++] = 0x78; // x
    for (const byte of keys) {
      line[at++] = HEX[byte >> 4];
      line[at++] = HEX[byte & 15];
    }
    line[at] = 0x0a;
    parts.push(line);
  }
  return parts;
}

/** Replaces the district's digest with a batch's (`digestCopyParts`); only the current batch's is kept. */
export async function replaceResidentDigest(tx: Sql, districtCode: string, parts: Uint8Array[] | null): Promise<void> {
  await tx.query('DELETE FROM resident_digest WHERE district_code = $1', [districtCode]);
  for (const part of parts ?? []) await tx.copyCsv('resident_digest', COLUMNS, part);
}

/** The digest stored for a population batch, or null (a batch imported before digests, or too long to tally). */
export async function findResidentDigest(db: Sql, districtCode: string, batchId: number): Promise<StoredDigest | null> {
  const [head] = await db.query<{ tag_columns: TaggedColumn[]; parts: number }>(
    `SELECT tag_columns, (SELECT count(*)::int FROM resident_digest WHERE district_code = $1 AND batch_id = $2) AS parts
     FROM resident_digest WHERE district_code = $1 AND batch_id = $2 AND part = 0`,
    [districtCode, batchId],
  );
  if (!head) return null;
  const where = `district_code = ${sqlText(districtCode)} AND batch_id = ${Math.trunc(batchId)}`;
  return {
    tagColumns: head.tag_columns,
    partQueries: Array.from({ length: head.parts }, (_, part) => `SELECT keys FROM resident_digest WHERE ${where} AND part = ${part}`),
    allPartsQuery: `SELECT keys FROM resident_digest WHERE ${where} ORDER BY part`,
  };
}

/** The keys from the binary COPY of the parts' queries, in part order. Pure; for the worker. */
export function decodeDigest(copies: Uint8Array[]): BigUint64Array {
  const values = copies.flatMap((copy) =>
    binaryCopyRows(copy).map(([keys]) => {
      if (!keys) throw new Error('a resident digest part has no keys');
      return keys;
    }),
  );
  const bytes = new Uint8Array(values.reduce((sum, v) => sum + v.length, 0));
  let at = 0;
  for (const v of values) {
    bytes.set(v, at);
    at += v.length;
  }
  return digestKeys(bytes);
}

/** The keys as stored (little-endian 64-bit words), and back. */
function digestBytes(keys: BigUint64Array): Uint8Array {
  return new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength);
}

function digestKeys(bytes: Uint8Array): BigUint64Array {
  if (bytes.byteLength % 8 !== 0) throw new Error('a digest is a whole number of 64-bit keys');
  // A copy when the bytes are not 8-aligned in their buffer.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new BigUint64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
