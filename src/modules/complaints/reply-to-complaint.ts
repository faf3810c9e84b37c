/**
 * Use case: the complainant writes, by tracking code (no login). Loads → refuses a closed complaint →
 * guards the step a reply makes (a reply to an answer reopens it: statusAfterComplainantMessage) → one
 * transaction with the message, the history step when the status moves, and the audit record.
 */
import { assertTransition, isOpen, statusAfterComplainantMessage } from '../../domain/quality/complaints.ts';
import { recordAudit } from '../access/index.ts';
import { ComplaintConflictError, ComplaintNotFoundError } from './complaint-actor.ts';
import { findByTrackingCode, insertEvent, insertMessage, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function replyToComplaint(service: ComplaintsService, trackingCode: string, text: string, ip: string | null) {
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findByTrackingCode(tx, districtCode, trackingCode, true);
    if (!c) throw new ComplaintNotFoundError('No such complaint');
    if (!isOpen(c.status)) throw new ComplaintConflictError('status: the complaint is closed');
    const to = statusAfterComplainantMessage(c.status);
    if (to !== c.status) {
      assertTransition(c.status, to, 'complainant');
      await updateComplaint(tx, districtCode, c.id, { status: to }, at);
      await insertEvent(tx, { districtCode, complaintId: c.id, at, actor: 'complainant', username: null, from: c.status, to, note: null });
    }
    await insertMessage(tx, { districtCode, complaintId: c.id, at, sender: 'complainant', username: null, text });
    await recordAudit(tx, { districtCode, action: 'complaint.reply', subject: `complaint:${c.id}`, detail: { from: c.status, to }, ip });
  });
}
