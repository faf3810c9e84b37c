/**
 * Use case: an admin replaces the list of non-specialist diagnoses (the RRNS indicator's reference).
 * Authorise → check the list (diagnosisListProblems) → one transaction with the new list and its audit.
 */
import type { Database } from '../../db/client.ts';
import { diagnosisListProblems, type NonSpecialistDiagnosis } from '../../domain/quality/diagnoses.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import { loadDiagnoses, replaceDiagnoses } from './diagnosis-repository.ts';

export class DiagnosisListError extends Error {
  readonly statusCode = 400;
  constructor(readonly problems: string[]) {
    super(`the list of non-specialist diagnoses is not sound: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }
}

export async function replaceNonSpecialistDiagnoses(
  db: Database,
  districtCode: string,
  items: readonly NonSpecialistDiagnosis[],
  actor: Actor,
): Promise<{ count: number }> {
  authorise(actor, 'PUT /api/v1/reference/non-specialist-diagnoses');
  const problems = items.length === 0 ? ['the list is empty'] : diagnosisListProblems(items);
  if (problems.length > 0) throw new DiagnosisListError(problems);
  await db.transaction(async (tx) => {
    const before = await loadDiagnoses(tx, districtCode);
    await replaceDiagnoses(tx, districtCode, items);
    await recordAudit(tx, {
      districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'reference.non_specialist_diagnoses',
      subject: 'non_specialist_diagnosis',
      detail: { via: actor.via, before: { origin: before.origin, count: before.items.length }, after: { count: items.length } },
      ip: actor.ip,
    });
  });
  return { count: items.length };
}
