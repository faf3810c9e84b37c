/**
 * Reconciliation of the population register with the membership extract (formats.md metrics),
 * stored as pre-aggregated cells per desa × segment × status × reason. Imports refresh it; the
 * dashboard and reports read it and never scan residents per request.
 */
import type { Sql } from '../../db/client.ts';
import type { CoverageCell } from '../../domain/coverage.ts';
import { toCsvLine } from '../../db/copy-text.ts';
import type { ImportCommitListener } from '../registry/import-file.ts';

/** One group of the reconciliation: residents of a desa and life status with one membership state (null: no membership row). */
export interface ReconciledGroup {
  kode_desa: string | null;
  resident_status: string;
  segmen: string | null;
  status: string | null;
  alasan_nonaktif: string | null;
  n: number;
}

export interface Findings {
  /** Members whose NIK is in no population row. */
  unmatchedMembers: number;
  /** Members whose resident is recorded MENINGGAL / PINDAH; `…Active` of them still AKTIF. */
  deceasedMembers: number;
  deceasedActiveMembers: number;
  movedMembers: number;
  movedActiveMembers: number;
  /** Living residents with no membership row. */
  unregisteredResidents: number;
}

export interface SnapshotSource {
  districtCode: string;
  pendudukBatchId: number;
  pesertaBatchId: number;
  asOf: string;
  /** See `ReconcileTables`. */
  joinWorkMem: string | null;
}

/**
 * The reconciliation itself: every resident of the population batch, joined to its membership row if
 * any, grouped by domicile, life status and membership state. This yields the coverage cells and every
 * finding but one: members whose NIK is in no population row, which are the members the join did not
 * reach (`memberCountQuery` minus the matched ones; a NIK occurs at most once in each batch, its key).
 * A left join, unlike a full join, can run in parallel on the server.
 */
export function reconciliationQuery(residentTable: string, memberTable: string): string {
  return `SELECT r.kode_desa, r.status AS resident_status, m.segmen, m.status, m.alasan_nonaktif, count(*)::int AS n
          FROM ${residentTable} r LEFT JOIN ${memberTable} m ON m.nik = r.nik
          GROUP BY r.kode_desa, r.status, m.segmen, m.status, m.alasan_nonaktif`;
}

export function memberCountQuery(memberTable: string): string {
  return `SELECT count(*)::int AS n FROM ${memberTable}`;
}

/**
 * Memory for the join on a server: enough to hash a district's member batch in one pass (1.44 M rows
 * take about 115 MB; the default 4 MB spills it to disk in 32 batches). The embedded database keeps its
 * default: its memory, once grown, stays with the process.
 */
export const SERVER_JOIN_WORK_MEM = '64MB';

/** Splits the grouped reconciliation into cells (living residents) and findings. Pure. */
export function splitReconciliation(groups: ReconciledGroup[], memberCount: number): { cells: CoverageCell[]; findings: Findings } {
  const findings: Findings = {
    unmatchedMembers: memberCount,
    deceasedMembers: 0,
    deceasedActiveMembers: 0,
    movedMembers: 0,
    movedActiveMembers: 0,
    unregisteredResidents: 0,
  };
  const cells: CoverageCell[] = [];
  for (const g of groups) {
    const member = g.segmen !== null;
    const active = g.status === 'AKTIF';
    if (member) findings.unmatchedMembers -= g.n;
    if (g.resident_status === 'MENINGGAL' && member) {
      findings.deceasedMembers += g.n;
      if (active) findings.deceasedActiveMembers += g.n;
    } else if (g.resident_status === 'PINDAH' && member) {
      findings.movedMembers += g.n;
      if (active) findings.movedActiveMembers += g.n;
    } else if (g.resident_status === 'HIDUP') {
      if (!member) findings.unregisteredResidents += g.n;
      cells.push({
        desaCode: g.kode_desa!,
        segment: g.segmen as CoverageCell['segment'],
        status: g.status as CoverageCell['status'],
        reason: g.alasan_nonaktif as CoverageCell['reason'],
        residents: g.n,
      });
    }
  }
  return { cells, findings };
}

export interface ReconcileTables {
  residentTable: string;
  memberTable: string;
  /** Memory for the join: SERVER_JOIN_WORK_MEM on a server, null (the default) on the embedded database. */
  joinWorkMem: string | null;
}

/** Reconciles a resident batch with a member batch. In a transaction: `joinWorkMem` is set for it only. */
export async function reconcile(tx: Sql, tables: ReconcileTables) {
  if (tables.joinWorkMem) await tx.query(`SELECT set_config('work_mem', $1, true)`, [tables.joinWorkMem]);
  const groups = await tx.query<ReconciledGroup>(reconciliationQuery(tables.residentTable, tables.memberTable));
  const [{ n: memberCount }] = await tx.query<{ n: number }>(memberCountQuery(tables.memberTable));
  return splitReconciliation(groups, memberCount);
}

/**
 * The snapshot of the batches an import committed, stored in its transaction (the composition root
 * gives it to every import as `onCommit`).
 */
export function snapshotOnImport(database: 'embedded' | 'server'): ImportCommitListener {
  const joinWorkMem = database === 'server' ? SERVER_JOIN_WORK_MEM : null;
  return async (tx, pair) => {
    await storeSnapshot(tx, { ...pair, joinWorkMem });
  };
}

/** Computes and stores the snapshot for `asOf` from the two batch tables, replacing one already stored for that date. */
export async function storeSnapshot(tx: Sql, source: SnapshotSource): Promise<number> {
  const { cells, findings } = await reconcile(tx, {
    residentTable: `resident_b${source.pendudukBatchId}`,
    memberTable: `member_b${source.pesertaBatchId}`,
    joinWorkMem: source.joinWorkMem,
  });
  const old = await tx.query<{ id: number }>(
    'DELETE FROM coverage_snapshot WHERE district_code = $1 AND as_of = $2 RETURNING id',
    [source.districtCode, source.asOf],
  );
  if (old.length > 0) {
    await tx.query('DELETE FROM coverage_cell WHERE district_code = $1 AND snapshot_id = ANY($2::int[])', [
      source.districtCode,
      old.map((o) => o.id),
    ]);
  }
  const [snapshot] = await tx.query<{ id: number }>(
    `INSERT INTO coverage_snapshot (district_code, penduduk_batch_id, peserta_batch_id, as_of, findings)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [source.districtCode, source.pendudukBatchId, source.pesertaBatchId, source.asOf, JSON.stringify(findings)],
  );
  if (cells.length > 0) {
    await tx.copyCsv(
      'coverage_cell',
      ['district_code', 'snapshot_id', 'kode_desa', 'segmen', 'status', 'alasan_nonaktif', 'residents'],
      cells.map((c) => toCsvLine([source.districtCode, snapshot.id, c.desaCode, c.segment, c.status, c.reason, c.residents])).join(''),
    );
  }
  return snapshot.id;
}

export interface StoredSnapshot {
  id: number;
  asOf: string;
  pendudukBatchId: number;
  pesertaBatchId: number;
  findings: Findings;
}

export async function listSnapshots(db: Sql, districtCode: string): Promise<StoredSnapshot[]> {
  return db.query<StoredSnapshot & Record<string, unknown>>(
    `SELECT id, as_of AS "asOf", penduduk_batch_id AS "pendudukBatchId", peserta_batch_id AS "pesertaBatchId", findings
     FROM coverage_snapshot WHERE district_code = $1 ORDER BY as_of`,
    [districtCode],
  );
}

export async function readCells(db: Sql, districtCode: string, snapshotIds: number[]): Promise<Map<number, CoverageCell[]>> {
  const rows = await db.query<{ snapshot_id: number } & Record<string, unknown>>(
    `SELECT snapshot_id, kode_desa, segmen, status, alasan_nonaktif, residents FROM coverage_cell
     WHERE district_code = $1 AND snapshot_id = ANY($2::int[])`,
    [districtCode, snapshotIds],
  );
  const bySnapshot = new Map<number, CoverageCell[]>(snapshotIds.map((id) => [id, []]));
  for (const row of rows) {
    bySnapshot.get(row.snapshot_id)!.push({
      desaCode: row.kode_desa as string,
      segment: row.segmen as CoverageCell['segment'],
      status: row.status as CoverageCell['status'],
      reason: row.alasan_nonaktif as CoverageCell['reason'],
      residents: row.residents as number,
    });
  }
  return bySnapshot;
}
