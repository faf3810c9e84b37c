/**
 * Reconciliation of the population register with the membership extract (formats.md metrics),
 * stored as pre-aggregated cells per desa × segment × status × reason. Imports refresh it; the
 * dashboard and reports read it and never scan residents per request.
 */
import type { Sql } from '../../db/client.ts';
import type { CoverageCell } from '../../domain/coverage.ts';

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
}

/** The reconciliation itself, over the two batches' tables: one row per non-empty cell. */
export function cellQuery(residentTable: string, memberTable: string): string {
  return `SELECT r.kode_desa, m.segmen, m.status, m.alasan_nonaktif, count(*)::int AS residents
          FROM ${residentTable} r LEFT JOIN ${memberTable} m ON m.nik = r.nik
          WHERE r.status = 'HIDUP'
          GROUP BY r.kode_desa, m.segmen, m.status, m.alasan_nonaktif`;
}

/** Computes and stores the snapshot for `asOf`, replacing one already stored for that date. */
export async function storeSnapshot(tx: Sql, source: SnapshotSource): Promise<number> {
  const residentTable = `resident_b${source.pendudukBatchId}`;
  const memberTable = `member_b${source.pesertaBatchId}`;
  const [f] = await tx.query<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE r.nik IS NULL)::int AS unmatched,
            count(*) FILTER (WHERE r.status = 'MENINGGAL')::int AS deceased,
            count(*) FILTER (WHERE r.status = 'MENINGGAL' AND m.status = 'AKTIF')::int AS deceased_active,
            count(*) FILTER (WHERE r.status = 'PINDAH')::int AS moved,
            count(*) FILTER (WHERE r.status = 'PINDAH' AND m.status = 'AKTIF')::int AS moved_active
     FROM ${memberTable} m LEFT JOIN ${residentTable} r ON r.nik = m.nik`,
  );
  const [unregistered] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${residentTable} r
     WHERE r.status = 'HIDUP' AND NOT EXISTS (SELECT 1 FROM ${memberTable} m WHERE m.nik = r.nik)`,
  );
  const findings: Findings = {
    unmatchedMembers: f.unmatched,
    deceasedMembers: f.deceased,
    deceasedActiveMembers: f.deceased_active,
    movedMembers: f.moved,
    movedActiveMembers: f.moved_active,
    unregisteredResidents: unregistered.n,
  };
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
  await tx.query(
    `INSERT INTO coverage_cell (district_code, snapshot_id, kode_desa, segmen, status, alasan_nonaktif, residents)
     SELECT $1, $2, c.* FROM (${cellQuery(residentTable, memberTable)}) c`,
    [source.districtCode, snapshot.id],
  );
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
