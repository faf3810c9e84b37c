/** Funding cases (one per person a saved plan assigns) and their history. */
import type { Sql } from '../../db/client.ts';
import { toCsvLine } from '../../db/copy-text.ts';
import type { FundingCaseStatus } from '../../domain/funding/plan-case-workflow.ts';
import { maskNik } from '../../domain/nik.ts';

export interface FundingCaseRow {
  id: number;
  planId: number;
  nik: string;
  program: string;
  route: string;
  status: FundingCaseStatus;
  proposedBy: string;
  approvedBy: string | null;
  reason: string | null;
  updatedAt: string;
}

const COLUMNS = `id::int AS id, plan_id AS "planId", nik, program, route, status, proposed_by AS "proposedBy",
  approved_by AS "approvedBy", reason, updated_at AS "updatedAt"`;

/** The cases of a saved plan, all `proposed`, with their first history entry. */
export async function insertPlanCases(
  tx: Sql,
  args: { districtCode: string; planId: number; proposedBy: string; assignments: readonly { nik: string; program: string }[]; routeOf: ReadonlyMap<string, string> },
): Promise<number> {
  if (args.assignments.length === 0) return 0;
  let csv = '';
  for (const a of args.assignments) csv += toCsvLine([args.districtCode, args.planId, a.nik, a.program, args.routeOf.get(a.program)!, 'proposed', args.proposedBy]);
  await tx.copyCsv('funding_case', ['district_code', 'plan_id', 'nik', 'program', 'route', 'status', 'proposed_by'], csv);
  await tx.query(
    `INSERT INTO funding_case_event (district_code, case_id, username, from_status, to_status)
     SELECT district_code, id, proposed_by, NULL, 'proposed' FROM funding_case WHERE district_code = $1 AND plan_id = $2`,
    [args.districtCode, args.planId],
  );
  return args.assignments.length;
}

export async function caseIdsOf(db: Sql, districtCode: string, planId: number, status: FundingCaseStatus): Promise<number[]> {
  const rows = await db.query<{ id: number }>(`SELECT id::int AS id FROM funding_case WHERE district_code = $1 AND plan_id = $2 AND status = $3 ORDER BY id`, [
    districtCode,
    planId,
    status,
  ]);
  return rows.map((r) => r.id);
}

export async function lockCases(tx: Sql, districtCode: string, ids: readonly number[]): Promise<FundingCaseRow[]> {
  return tx.query<FundingCaseRow>(`SELECT ${COLUMNS} FROM funding_case WHERE district_code = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`, [districtCode, ids]);
}

export async function moveCases(
  tx: Sql,
  args: { districtCode: string; ids: readonly number[]; from: ReadonlyMap<number, FundingCaseStatus>; to: FundingCaseStatus; by: string; reason: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE funding_case SET status = $3, updated_at = now(),
       approved_by = CASE WHEN $3 = 'approved' THEN $4 ELSE approved_by END,
       reason = CASE WHEN $3 = 'rejected' THEN $5 ELSE reason END
     WHERE district_code = $1 AND id = ANY($2::bigint[])`,
    [args.districtCode, args.ids, args.to, args.by, args.reason],
  );
  await tx.query(
    `INSERT INTO funding_case_event (district_code, case_id, username, from_status, to_status, note)
     SELECT $1, id, $4, from_status, $3, $5 FROM unnest($2::bigint[], $6::text[]) AS moved(id, from_status)`,
    [args.districtCode, args.ids, args.to, args.by, args.reason, args.ids.map((id) => args.from.get(id)!)],
  );
}

/** Sent cases whose person the current membership extract shows AKTIF become `active`; returns their ids. */
export async function activateSentCases(tx: Sql, districtCode: string, pesertaBatchId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `UPDATE funding_case c SET status = 'active', updated_at = now()
     WHERE c.district_code = $1 AND c.status = 'sent'
       AND EXISTS (SELECT 1 FROM member m WHERE m.batch_id = $2 AND m.nik = c.nik AND m.status = 'AKTIF')
     RETURNING c.id::int AS id`,
    [districtCode, pesertaBatchId],
  );
  if (rows.length > 0) {
    await tx.query(
      `INSERT INTO funding_case_event (district_code, case_id, username, from_status, to_status, note)
       SELECT $1, id, NULL, 'sent', 'active', $3 FROM unnest($2::bigint[]) AS moved(id)`,
      [districtCode, rows.map((r) => r.id), `peserta batch ${pesertaBatchId}`],
    );
  }
  return rows.map((r) => r.id);
}

/** A page of cases, NIK masked, with the counts per status of the same filter. */
export async function listCases(
  db: Sql,
  districtCode: string,
  filter: { planId?: number; status?: FundingCaseStatus; page: number; pageSize: number },
): Promise<{ total: number; byStatus: Record<string, number>; items: (Omit<FundingCaseRow, 'nik'> & { nikMasked: string })[] }> {
  const where = ['district_code = $1'];
  const params: unknown[] = [districtCode];
  if (filter.planId !== undefined) {
    params.push(filter.planId);
    where.push(`plan_id = $${params.length}`);
  }
  const counts = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM funding_case WHERE ${where.join(' AND ')} GROUP BY status`, params);
  if (filter.status !== undefined) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
  const rows = await db.query<FundingCaseRow>(
    `SELECT ${COLUMNS} FROM funding_case WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const total = filter.status === undefined ? counts.reduce((s, c) => s + c.n, 0) : (byStatus[filter.status] ?? 0);
  return {
    total,
    byStatus,
    items: rows.map(({ nik, ...rest }) => ({ ...rest, nikMasked: maskNik(nik), updatedAt: new Date(rest.updatedAt).toISOString() })),
  };
}
