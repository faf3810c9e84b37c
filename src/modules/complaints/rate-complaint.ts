/**
 * Use case: the complainant rates how a resolved complaint was handled (1–5), by tracking code, which
 * closes it. Loads → guards (resolved, not rated before; resolved → closed by the complainant) → one
 * transaction with the rating, the history step and the `complaint.rate` audit record.
 */
import { assertTransition, isComplaintRating } from '../../domain/quality/complaints.ts';
import { recordAudit } from '../access/index.ts';
import { ComplaintConflictError, ComplaintInputError, ComplaintNotFoundError } from './complaint-actor.ts';
import { findByTrackingCode, insertEvent, insertMessage, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function rateComplaint(service: ComplaintsService, trackingCode: string, rating: number, comment: string | null, ip: string | null) {
  if (!isComplaintRating(rating)) throw new ComplaintInputError('rating: must be a whole number from 1 to 5');
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findByTrackingCode(tx, districtCode, trackingCode, true);
    if (!c) throw new ComplaintNotFoundError('No such complaint');
    if (c.rating !== null) throw new ComplaintConflictError('rating: this complaint is rated already');
    if (c.status !== 'resolved') throw new ComplaintConflictError(`status: only a resolved complaint can be rated (it is ${c.status})`);
    assertTransition(c.status, 'closed', 'complainant');
    await updateComplaint(tx, districtCode, c.id, { status: 'closed', rating }, at);
    if (comment?.trim()) await insertMessage(tx, { districtCode, complaintId: c.id, at, sender: 'complainant', username: null, text: comment.trim() });
    await insertEvent(tx, { districtCode, complaintId: c.id, at, actor: 'complainant', username: null, from: c.status, to: 'closed', note: `rating ${rating}` });
    await recordAudit(tx, { districtCode, action: 'complaint.rate', subject: `complaint:${c.id}`, detail: { rating }, ip });
  });
}
