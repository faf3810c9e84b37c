/**
 * Use case: move a complaint along the state machine (complaints.ts) as staff — start work, mark it
 * answered, close it, or escalate it by hand. Assigning and resolving have their own use cases (they
 * carry more than a status). Loads → authorises (route and scope: a faskes user only its facility's) →
 * guards the step for this actor → one transaction with the status, the history step and the
 * `complaint.move` audit record.
 */
import { assertTransition, type ComplaintStatus } from '../../domain/quality/complaints.ts';
import { authorise, recordAudit } from '../access/index.ts';
import { auditWho, ComplaintInputError, type StaffActor, staffActorOn } from './complaint-actor.ts';
import { type ComplaintChange, findComplaint, insertEvent, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export const STAFF_MOVES = ['in_progress', 'answered', 'closed', 'escalated'] as const satisfies readonly ComplaintStatus[];
export type StaffMove = (typeof STAFF_MOVES)[number];

export async function moveComplaint(service: ComplaintsService, id: string, to: StaffMove, note: string | null, actor: StaffActor) {
  authorise(actor, 'POST /api/v1/complaints/:id/transition');
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findComplaint(tx, districtCode, id, true);
    const who = staffActorOn(actor, c);
    assertTransition(c!.status, to, who);
    if (to === 'closed' && c!.status === 'received' && !note?.trim()) throw new ComplaintInputError('note: closing a complaint nobody answered needs a reason');
    const change: ComplaintChange = { status: to };
    if (to === 'answered') change.answeredAt = at;
    if (to === 'escalated') Object.assign(change, { escalatedAt: at, escalatedTo: 'dinkes' });
    await updateComplaint(tx, districtCode, id, change, at);
    await insertEvent(tx, { districtCode, complaintId: id, at, actor: who, username: actor.username, from: c!.status, to, note });
    await recordAudit(tx, { districtCode, ...auditWho(actor), action: 'complaint.move', subject: `complaint:${id}`, detail: { from: c!.status, to, as: who } });
  });
}
