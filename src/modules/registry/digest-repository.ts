/**
 * Persistence of the population batch's digest (coverage/reconciliation-in-memory.ts): written with
 * the batch's commit, read when a peserta import starts. The keys travel as bytea in COPY's hex form,
 * in parts of 1 MB, so that neither this process nor the embedded database ever holds the whole
 * register's keys as text.
 */
import type { Sql } from '../../db/client.ts';
import { digestBytes, digestKeys, type ResidentDigest } from '../coverage/reconciliation-in-memory.ts';
import { toCsvLine } from './csv-records.ts';
import type { TaggedColumn } from './row-tag.ts';

const KEYS_PER_PART = 128 * 1024;
const COLUMNS = ['district_code', 'batch_id', 'part', 'tag_columns', 'keys'];

/** Replaces the district's digest with this batch's (only the current batch's is kept); none if null. */
export async function replaceResidentDigest(tx: Sql, districtCode: string, batchId: number, digest: ResidentDigest | null): Promise<void> {
  await tx.query('DELETE FROM resident_digest WHERE district_code = $1', [districtCode]);
  if (!digest) return;
  const bytes = Buffer.from(digestBytes(digest.keys));
  const partBytes = 8 * KEYS_PER_PART;
  for (let part = 0; part === 0 || part * partBytes < bytes.length; part++) {
    const hex = `\\x${bytes.toString('hex', part * partBytes, (part + 1) * partBytes)}`;
    const tagColumns = part === 0 ? JSON.stringify(digest.tagColumns) : null;
    await tx.copyCsv('resident_digest', COLUMNS, toCsvLine([districtCode, batchId, part, tagColumns, hex]));
  }
}

/** The digest of a population batch, or null when none was stored (a batch imported before digests). */
export async function readResidentDigest(db: Sql, districtCode: string, batchId: number): Promise<ResidentDigest | null> {
  const [head] = await db.query<{ tag_columns: TaggedColumn[]; parts: number }>(
    `SELECT tag_columns, (SELECT count(*)::int FROM resident_digest WHERE district_code = $1 AND batch_id = $2) AS parts
     FROM resident_digest WHERE district_code = $1 AND batch_id = $2 AND part = 0`,
    [districtCode, batchId],
  );
  if (!head) return null;
  const parts: Buffer[] = [];
  for (let part = 0; part < head.parts; part++) {
    const csv = await db.copyOut(
      `SELECT keys FROM resident_digest WHERE district_code = ${sqlText(districtCode)} AND batch_id = ${Math.trunc(batchId)} AND part = ${part}`,
    );
    // One line: \x, the hex digits, a line end.
    const text = Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength).toString('latin1').trimEnd();
    if (!text.startsWith('\\x')) throw new Error(`resident digest part ${part} is missing or not in hex form`);
    parts.push(Buffer.from(text.slice(2), 'hex'));
  }
  return { tagColumns: head.tag_columns, keys: digestKeys(Buffer.concat(parts)) };
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
