/**
 * The people behind the data-quality findings of a snapshot. Person-level: callers audit each read
 * and NIKs leave here masked.
 */
import type { Sql } from '../../db/client.ts';
import { maskNik } from '../../domain/nik.ts';
import type { StoredSnapshot } from './snapshot-repository.ts';

export const FINDING_KINDS = ['unmatched', 'deceased', 'moved', 'unregistered'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingPerson {
  nikMasked: string;
  name: string | null;
  desaCode: string | null;
  segment: string | null;
  status: string | null;
  reason: string | null;
}

function findingQuery(kind: FindingKind, residents: string, members: string): { from: string; order: string } {
  switch (kind) {
    case 'unmatched':
      return {
        from: `${members} m LEFT JOIN ${residents} r ON r.nik = m.nik WHERE r.nik IS NULL`,
        order: 'm.line',
      };
    case 'deceased':
    case 'moved':
      return {
        from: `${members} m JOIN ${residents} r ON r.nik = m.nik WHERE r.status = '${kind === 'deceased' ? 'MENINGGAL' : 'PINDAH'}'`,
        order: `m.status, r.kode_desa, r.line`,
      };
    case 'unregistered':
      return {
        from: `${residents} r LEFT JOIN ${members} m ON m.nik = r.nik WHERE r.status = 'HIDUP' AND m.nik IS NULL`,
        order: 'r.kode_desa, r.line',
      };
  }
}

export async function listFindingPersons(
  db: Sql,
  snapshot: StoredSnapshot,
  kind: FindingKind,
  page: number,
  pageSize: number,
): Promise<{ total: number; items: FindingPerson[] }> {
  const { from, order } = findingQuery(kind, `resident_b${snapshot.pendudukBatchId}`, `member_b${snapshot.pesertaBatchId}`);
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from}`);
  const rows = await db.query<{ nik: string } & Record<string, string | null>>(
    `SELECT coalesce(r.nik, m.nik) AS nik, r.nama, r.kode_desa, m.segmen, m.status, m.alasan_nonaktif
     FROM ${from} ORDER BY ${order} OFFSET $1 LIMIT $2`,
    [(page - 1) * pageSize, pageSize],
  );
  return {
    total,
    items: rows.map((r) => ({
      nikMasked: maskNik(r.nik),
      name: r.nama,
      desaCode: r.kode_desa,
      segment: r.segmen,
      status: r.status,
      reason: r.alasan_nonaktif,
    })),
  };
}
