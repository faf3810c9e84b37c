/**
 * Use case: resolve a complaint (the problem is fixed), as an officer or the assignee. Loads → authorises
 * → guards the step to `resolved` → one transaction with the resolution, the follow-up date ("was it
 * fixed?", FOLLOW_UP_DAYS later), the resolution as a message the complainant reads, the history step and
 * the `complaint.resolve` audit record.
 */
import { assertTransition, followUpAt } from '../../domain/quality/complaints.ts';
import { authorise, recordAudit } from '../access/index.ts';
import { auditWho, type StaffActor, staffActorOn } from './complaint-actor.ts';
import { findComplaint, insertEvent, insertMessage, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function resolveComplaint(service: ComplaintsService, id: string, resolution: string, actor: StaffActor) {
  authorise(actor, 'POST /api/v1/complaints/:id/resolve');
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findComplaint(tx, districtCode, id, true);
    const who = staffActorOn(actor, c);
    assertTransition(c!.status, 'resolved', who);
    await updateComplaint(tx, districtCode, id, { status: 'resolved', resolvedAt: at, resolution, followUpAt: followUpAt(at) }, at);
    await insertMessage(tx, { districtCode, complaintId: id, at, sender: 'staff', username: actor.username, text: resolution });
    await insertEvent(tx, { districtCode, complaintId: id, at, actor: who, username: actor.username, from: c!.status, to: 'resolved', note: null });
    await recordAudit(tx, { districtCode, ...auditWho(actor), action: 'complaint.resolve', subject: `complaint:${id}`, detail: { from: c!.status, as: who } });
  });
}
