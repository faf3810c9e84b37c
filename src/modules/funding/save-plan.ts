/**
 * Use case: save a plan as an immutable version: its inputs (programmes, date), its result (the Plan
 * JSON), who and when. Parse → authorise → compute → one transaction with the plan and its
 * `plan.save` audit record, and one `proposed` funding case per assigned person. No code path changes a
 * saved plan.
 */
import type { Database } from '../../db/client.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import type { FundingService } from './funding-service.ts';
import { insertPlanCases } from './case-repository.ts';
import { insertPlan, type PlanRecord } from './programmes-repository.ts';
import { programmesOrThrow } from './save-programmes.ts';

export async function savePlan(
  db: Database,
  funding: FundingService,
  input: { districtCode: string; programmes: unknown; date: string; name: string | null },
  actor: Actor,
): Promise<PlanRecord & { objective: unknown }> {
  const programmes = programmesOrThrow(input.programmes);
  authorise(actor, 'POST /api/v1/plans/saved');
  const { plan } = await funding.plan(programmes, input.date);
  return db.transaction(async (tx) => {
    const record = await insertPlan(tx, {
      districtCode: input.districtCode,
      name: input.name,
      date: input.date,
      asOf: plan.asOf,
      programmes,
      result: plan,
      createdBy: actor.username,
    });
    // One case per assigned person, proposed by whoever saved the plan (maker-checker: another user approves).
    const cases = await insertPlanCases(tx, {
      districtCode: input.districtCode,
      planId: record.id,
      proposedBy: actor.username,
      assignments: plan.assignments,
      routeOf: new Map(programmes.programs.map((p) => [p.code, p.route])),
    });
    await recordAudit(tx, {
      districtCode: input.districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'plan.save',
      subject: `plan:${record.id}`,
      detail: { date: input.date, asOf: plan.asOf, objective: plan.objective, assigned: plan.assignments.length, cases },
      ip: actor.ip,
    });
    return { ...record, objective: plan.objective };
  });
}
