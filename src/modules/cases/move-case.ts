/**
 * Use case: move a case one step (open → in progress → done | rejected). Loads the case → authorises
 * (Dinas Sosial and Disnaker move only their office's; anyone else's is "no such case") → guards the
 * step (case-workflow.ts) → writes the status, the case's history and the `case.move` audit record in one
 * transaction → after the commit, a closed case is off the counter's open-case map, so the next check on
 * that route opens a new one.
 */
import type { Database } from '../../db/client.ts';
import { type CaseStatus, canMove, isOpen } from '../../domain/case-workflow.ts';
import { type Actor, authorise, officeOfRole, recordAudit } from '../access/index.ts';
import type { CaseOpener } from './case-opener.ts';
import { findCase, lockCase, updateCaseStatus } from './case-repository.ts';

export class CaseNotFoundError extends Error {}
export class CaseTransitionError extends Error {}

export async function moveCase(
  db: Database,
  opener: CaseOpener,
  args: { districtCode: string; id: string; to: CaseStatus; note: string | null },
  actor: Actor,
) {
  authorise(actor, 'POST /api/v1/cases/:id/transition');
  const office = actor.role === null ? null : officeOfRole(actor.role);
  // A case opened by a check a moment ago is written first.
  await opener.flush();
  const { districtCode, id, to } = args;
  const moved = await db.transaction(async (tx) => {
    const found = await lockCase(tx, districtCode, id);
    if (!found || (office !== null && found.ownerOffice !== office)) throw new CaseNotFoundError('No such case');
    if (!canMove(found.status, to)) throw new CaseTransitionError(`a case that is ${found.status} cannot become ${to}`);
    await updateCaseStatus(tx, { districtCode, id, from: found.status, to, username: actor.username, note: args.note });
    await recordAudit(tx, {
      districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'case.move',
      subject: `case:${id}`,
      detail: { from: found.status, to },
      ip: actor.ip,
    });
    return found;
  });
  if (!isOpen(to)) opener.closed(moved.nik, moved.route, id);
  return findCase(db, districtCode, id);
}
