/**
 * Persistence of import batches. Each batch loads into its own table (`member_b42`), unattached and
 * invisible until the commit attaches it as a partition and points the source at it, in one
 * transaction. A process killed before that leaves the previous state untouched; the loose table
 * is dropped at the next start.
 */
import type { Database, Sql } from '../../db/client.ts';
import type { IssueParams } from '../../domain/row-issues.ts';
import type { Source, SourceSpec } from './sources.ts';

export interface BatchRecord {
  id: number;
  source: Source;
  fileName: string;
  dataPer: string | null;
  status: 'staging' | 'committed' | 'superseded' | 'rejected' | 'abandoned' | 'history';
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  username: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface CurrentSource {
  batchId: number;
  dataPer: string | null;
}

export function partitionName(spec: Pick<SourceSpec, 'table'>, batchId: number): string {
  return `${spec.table}_b${batchId}`;
}

export async function createBatch(
  db: Database,
  args: { districtCode: string; spec: SourceSpec; fileName: string; skipInvalid: boolean; username: string | null },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO import_batch (district_code, source, file_name, status, skip_invalid, username)
     VALUES ($1, $2, $3, 'staging', $4, $5) RETURNING id`,
    [args.districtCode, args.spec.source, args.fileName, args.skipInvalid, args.username],
  );
  const table = partitionName(args.spec, row.id);
  // The CHECK lets ATTACH PARTITION skip its validation scan. District and batch are the table's
  // defaults, so the rows loaded into it need not carry them.
  await db.query(
    `CREATE TABLE ${table} (LIKE ${args.spec.table} INCLUDING DEFAULTS,
       CONSTRAINT ${table}_batch CHECK (batch_id = ${row.id}))`,
  );
  await db.query(
    `ALTER TABLE ${table} ALTER COLUMN district_code SET DEFAULT ${sqlString(args.districtCode)},
       ALTER COLUMN batch_id SET DEFAULT ${row.id}`,
  );
  return row.id;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The NIKs that occur more than once in a batch table, with their lines: only those in `niks` when the
 * caller already knows which (the loader's tally), else every NIK of the table (one grouping pass).
 */
export async function duplicateNiks(db: Sql, table: string, niks?: readonly string[]): Promise<{ nik: string; lines: number[] }[]> {
  const filter = niks ? 'WHERE nik = ANY($1::text[])' : '';
  return db.query<{ nik: string; lines: number[] }>(
    `SELECT nik, array_agg(line ORDER BY line) AS lines FROM ${table} ${filter} GROUP BY nik HAVING count(*) > 1 ORDER BY min(line)`,
    niks ? [niks] : [],
  );
}

export async function deleteNiks(db: Sql, table: string, niks: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM ${table} WHERE nik = ANY($1::text[])`, [niks]);
}

export async function batchFacts(db: Sql, table: string, spec: SourceSpec): Promise<{ rows: number; dataPer: string | null }> {
  const dataPer = spec.dataPerIndex === undefined ? 'NULL::date' : 'max(data_per)';
  const [row] = await db.query<{ rows: number; data_per: string | null }>(
    `SELECT count(*)::int AS rows, ${dataPer} AS data_per FROM ${table}`,
  );
  return { rows: row.rows, dataPer: row.data_per };
}

/**
 * Statistics of a loaded batch from a 3,000-row sample: enough for the plan of the reconciliation that
 * runs next (scans and hash joins), at a tenth of the default sample's cost.
 */
const BATCH_STATISTICS_TARGET = 10;

export async function analyzeBatch(db: Database, table: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL default_statistics_target = ${BATCH_STATISTICS_TARGET}`);
    await tx.query(`ANALYZE ${table}`);
  });
}

export async function currentSource(db: Sql, districtCode: string, source: Source): Promise<CurrentSource | null> {
  const [row] = await db.query<{ batch_id: number; data_per: string | null }>(
    'SELECT batch_id, data_per FROM source_state WHERE district_code = $1 AND source = $2',
    [districtCode, source],
  );
  return row ? { batchId: row.batch_id, dataPer: row.data_per } : null;
}

/** Makes the batch the source's current state; returns the batch it replaced. */
export async function attachBatch(
  tx: Sql,
  args: { districtCode: string; spec: SourceSpec; batchId: number; dataPer: string | null },
): Promise<number | null> {
  const previous = await currentSource(tx, args.districtCode, args.spec.source);
  await tx.query(
    `ALTER TABLE ${args.spec.table} ATTACH PARTITION ${partitionName(args.spec, args.batchId)} FOR VALUES IN (${args.batchId})`,
  );
  await tx.query(
    `INSERT INTO source_state (district_code, source, batch_id, data_per) VALUES ($1, $2, $3, $4)
     ON CONFLICT (district_code, source) DO UPDATE SET batch_id = EXCLUDED.batch_id, data_per = EXCLUDED.data_per`,
    [args.districtCode, args.spec.source, args.batchId, args.dataPer],
  );
  if (previous) await tx.query(`UPDATE import_batch SET status = 'superseded' WHERE id = $1`, [previous.batchId]);
  return previous?.batchId ?? null;
}

export async function finishBatch(
  db: Sql,
  batchId: number,
  facts: { status: BatchRecord['status']; rowsTotal: number; rowsValid: number; rowsInvalid: number; dataPer: string | null; sha256: string | null },
): Promise<void> {
  await db.query(
    `UPDATE import_batch SET status = $2, rows_total = $3, rows_valid = $4, rows_invalid = $5, data_per = $6,
       file_sha256 = $7, finished_at = now() WHERE id = $1`,
    [batchId, facts.status, facts.rowsTotal, facts.rowsValid, facts.rowsInvalid, facts.dataPer, facts.sha256],
  );
}

export async function dropBatchTable(db: Sql, spec: Pick<SourceSpec, 'table'>, batchId: number): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${partitionName(spec, batchId)}`);
}

const TABLE_OF_SOURCE: Record<Source, SourceSpec['table']> = { penduduk: 'resident', peserta: 'member', dtsen: 'welfare', prioritas: 'priority' };

/**
 * Imports still 'staging' were interrupted (the process died). Their loose tables are dropped. On a
 * server several processes may import at once, so only batches stale for a day are touched there.
 */
export async function abandonInterruptedBatches(db: Database): Promise<number> {
  const staleAfter = db.kind === 'embedded' ? '0 seconds' : '1 day';
  const rows = await db.query<{ id: number; source: Source }>(
    `UPDATE import_batch SET status = 'abandoned', finished_at = now()
     WHERE status = 'staging' AND started_at < now() - $1::interval RETURNING id, source`,
    [staleAfter],
  );
  for (const row of rows) await dropBatchTable(db, { table: TABLE_OF_SOURCE[row.source] }, row.id);
  return rows.length;
}

export async function listBatches(db: Sql, districtCode: string, limit = 100): Promise<BatchRecord[]> {
  return db.query<BatchRecord & Record<string, unknown>>(
    `SELECT id, source, file_name AS "fileName", data_per AS "dataPer", status, rows_total AS "rowsTotal",
            rows_valid AS "rowsValid", rows_invalid AS "rowsInvalid", username,
            started_at AS "startedAt", finished_at AS "finishedAt"
     FROM import_batch WHERE district_code = $1 ORDER BY id DESC LIMIT $2`,
    [districtCode, limit],
  );
}

export async function listIssues(
  db: Sql,
  districtCode: string,
  batchId: number,
  offset: number,
  limit: number,
): Promise<{ line: number; column: string; reason: string; code: string | null; params: IssueParams | null }[]> {
  return db.query(
    `SELECT line, "column", reason, code, params FROM import_issue WHERE district_code = $1 AND batch_id = $2
     ORDER BY line, "column" OFFSET $3 LIMIT $4`,
    [districtCode, batchId, offset, limit],
  );
}
