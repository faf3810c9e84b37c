/**
 * Use case: staff write to the complainant (an explanation or a question), read on the tracking page.
 * Loads → authorises (a faskes user only its facility's) → refuses a closed complaint → one transaction
 * with the message and the `complaint.message` audit record. The complainant never sees who wrote it.
 */
import { isOpen } from '../../domain/quality/complaints.ts';
import { authorise, recordAudit } from '../access/index.ts';
import { auditWho, ComplaintConflictError, type StaffActor, staffActorOn } from './complaint-actor.ts';
import { findComplaint, insertMessage } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function sendMessage(service: ComplaintsService, id: string, text: string, actor: StaffActor) {
  authorise(actor, 'POST /api/v1/complaints/:id/messages');
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findComplaint(tx, districtCode, id, true);
    const who = staffActorOn(actor, c);
    if (!isOpen(c!.status)) throw new ComplaintConflictError('status: the complaint is closed');
    await insertMessage(tx, { districtCode, complaintId: id, at, sender: 'staff', username: actor.username, text });
    await recordAudit(tx, { districtCode, ...auditWho(actor), action: 'complaint.message', subject: `complaint:${id}`, detail: { as: who } });
  });
}
