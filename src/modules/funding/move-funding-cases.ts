/**
 * Use case: move funding cases, one or many at once (bulk approve, send, reject, expire). Load (locked)
 * → authorise → guard every case (the workflow and maker-checker: the proposer never approves) → one
 * transaction with the change, each case's history and one `funding_case.move` audit record. All or
 * nothing: one refused case refuses the lot.
 */
import type { Database } from '../../db/client.ts';
import { type FundingCaseStatus, type MoveRefusal, refuseMove } from '../../domain/funding/plan-case-workflow.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import { activateSentCases, caseIdsOf, lockCases, moveCases } from './case-repository.ts';

export class FundingCaseMoveError extends Error {
  constructor(
    readonly statusCode: 403 | 404 | 409,
    readonly refused: { id: number; why: MoveRefusal | 'not_found' }[],
  ) {
    super(`${refused.length} case(s) cannot be moved: ${refused.slice(0, 5).map((r) => `${r.id} (${r.why})`).join(', ')}`);
  }
}

export async function moveFundingCases(
  db: Database,
  input: { districtCode: string; ids?: number[]; plan?: { planId: number; status: FundingCaseStatus }; to: FundingCaseStatus; reason: string | null },
  actor: Actor,
): Promise<{ moved: number }> {
  authorise(actor, 'POST /api/v1/funding-cases/transition');
  return db.transaction(async (tx) => {
    // Bulk by plan: every case of the plan in that status (e.g. approve all proposed).
    const ids = input.plan ? await caseIdsOf(tx, input.districtCode, input.plan.planId, input.plan.status) : [...new Set(input.ids ?? [])];
    if (ids.length === 0) return { moved: 0 };
    const cases = await lockCases(tx, input.districtCode, ids);
    const found = new Map(cases.map((c) => [c.id, c]));
    const refused: { id: number; why: MoveRefusal | 'not_found' }[] = [];
    for (const id of ids) {
      const c = found.get(id);
      const why = c ? refuseMove(c, input.to, actor.username, input.reason) : 'not_found';
      if (why) refused.push({ id, why });
    }
    if (refused.length > 0) {
      const status = refused.some((r) => r.why === 'own_proposal') ? 403 : refused.every((r) => r.why === 'not_found') ? 404 : 409;
      throw new FundingCaseMoveError(status, refused);
    }
    await moveCases(tx, {
      districtCode: input.districtCode,
      ids,
      from: new Map(cases.map((c) => [c.id, c.status])),
      to: input.to,
      by: actor.username,
      reason: input.reason?.trim() || null,
    });
    await recordAudit(tx, {
      districtCode: input.districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'funding_case.move',
      subject: ids.length === 1 ? `funding_case:${ids[0]}` : `funding_cases:${ids.length}`,
      detail: { to: input.to, ids: ids.slice(0, 1000), count: ids.length, ...(input.reason ? { reason: input.reason } : {}) },
      ip: actor.ip,
    });
    return { moved: ids.length };
  });
}

/**
 * Use case (no user: the import is the proof): after a `peserta` import, sent cases whose person is now
 * AKTIF become `active`, with their history and one audit record, in one transaction.
 */
export async function confirmActivations(db: Database, districtCode: string): Promise<number> {
  const [state] = await db.query<{ batch_id: number }>(`SELECT batch_id FROM source_state WHERE district_code = $1 AND source = 'peserta'`, [districtCode]);
  if (!state) return 0;
  return db.transaction(async (tx) => {
    const ids = await activateSentCases(tx, districtCode, state.batch_id);
    if (ids.length > 0) {
      await recordAudit(tx, {
        districtCode,
        userId: null,
        username: null,
        action: 'funding_case.activate',
        subject: `peserta:${state.batch_id}`,
        detail: { count: ids.length, ids: ids.slice(0, 1000) },
        ip: null,
      });
    }
    return ids.length;
  });
}
