/** Membership cases: opened by counter checks, worked by the owner office, every change with its history. */
import type { Sql } from '../../db/client.ts';
import type { CaseStatus } from '../../domain/case-workflow.ts';
import { maskNik } from '../../domain/nik.ts';

export interface CaseRecord {
  id: string;
  nikMasked: string;
  route: string;
  ownerOffice: string;
  status: CaseStatus;
  basis: string;
  openedAt: string;
  dueAt: string;
  openedBy: string | null;
  facilityCode: string | null;
  updatedAt: string;
}

const CASE_COLUMNS = `id, nik, route, owner_office AS "ownerOffice", status, basis, opened_at AS "openedAt", due_at AS "dueAt",
  opened_by AS "openedBy", facility_code AS "facilityCode", updated_at AS "updatedAt"`;

function present(row: CaseRecord & { nik: string }): CaseRecord {
  const { nik, ...rest } = row;
  return { ...rest, nikMasked: maskNik(nik) };
}

/** An office's open cases, overdue first (the earliest due date leads). */
export async function worklist(
  db: Sql,
  args: { districtCode: string; office: string | null; statuses: CaseStatus[]; page: number; pageSize: number },
): Promise<{ total: number; items: CaseRecord[] }> {
  const params: unknown[] = [args.districtCode, args.statuses];
  let filter = 'district_code = $1 AND status = ANY($2::text[])';
  if (args.office) {
    params.push(args.office);
    filter += ` AND owner_office = $${params.length}`;
  }
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM membership_case WHERE ${filter}`, params);
  const rows = await db.query<CaseRecord & { nik: string }>(
    `SELECT ${CASE_COLUMNS} FROM membership_case WHERE ${filter}
     ORDER BY due_at, opened_at OFFSET ${(args.page - 1) * args.pageSize} LIMIT ${args.pageSize}`,
    params,
  );
  return { total, items: rows.map(present) };
}

export async function findCase(db: Sql, districtCode: string, id: string) {
  const [row] = await db.query<CaseRecord & { nik: string }>(`SELECT ${CASE_COLUMNS} FROM membership_case WHERE district_code = $1 AND id = $2`, [
    districtCode,
    id,
  ]);
  if (!row) return null;
  const history = await db.query(
    `SELECT at, username, from_status AS "fromStatus", to_status AS "toStatus", note FROM case_event
     WHERE district_code = $1 AND case_id = $2 ORDER BY at`,
    [districtCode, id],
  );
  return { ...present(row), history };
}

/** The case's status and whose it is, locked until the transaction ends. */
export async function lockCase(tx: Sql, districtCode: string, id: string) {
  const [row] = await tx.query<{ status: CaseStatus; nik: string; route: string; ownerOffice: string }>(
    `SELECT status, nik, route, owner_office AS "ownerOffice" FROM membership_case WHERE district_code = $1 AND id = $2 FOR UPDATE`,
    [districtCode, id],
  );
  return row ?? null;
}

/** Sets a case's status and writes the step to its history. */
export async function updateCaseStatus(
  tx: Sql,
  args: { districtCode: string; id: string; from: CaseStatus; to: CaseStatus; username: string; note: string | null },
): Promise<void> {
  await tx.query('UPDATE membership_case SET status = $3, updated_at = now() WHERE district_code = $1 AND id = $2', [args.districtCode, args.id, args.to]);
  await tx.query(
    `INSERT INTO case_event (district_code, case_id, username, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)`,
    [args.districtCode, args.id, args.username, args.from, args.to, args.note],
  );
}
