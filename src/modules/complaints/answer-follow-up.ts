/**
 * Use case: the complainant answers the "was it fixed?" follow-up, by tracking code, once its date
 * (FOLLOW_UP_DAYS after the resolution) has come. Loads → guards (resolved before, the date reached, not
 * answered before) → one transaction with the answer and the `complaint.follow-up` audit record. No
 * status change: the answer feeds the facility's figures.
 */
import { recordAudit } from '../access/index.ts';
import { ComplaintConflictError, ComplaintNotFoundError } from './complaint-actor.ts';
import { findByTrackingCode, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function answerFollowUp(service: ComplaintsService, trackingCode: string, fixed: boolean, ip: string | null) {
  const { districtCode } = service;
  const at = service.now();
  await service.db.transaction(async (tx) => {
    const c = await findByTrackingCode(tx, districtCode, trackingCode, true);
    if (!c) throw new ComplaintNotFoundError('No such complaint');
    if (!c.followUpAt) throw new ComplaintConflictError('status: the complaint has not been resolved');
    if (at.getTime() < c.followUpAt.getTime()) throw new ComplaintConflictError(`followUpAt: the follow-up opens on ${c.followUpAt.toISOString()}`);
    if (c.fixed !== null) throw new ComplaintConflictError('fixed: answered already');
    await updateComplaint(tx, districtCode, c.id, { fixed, fixedAnsweredAt: at }, at);
    await recordAudit(tx, { districtCode, action: 'complaint.follow-up', subject: `complaint:${c.id}`, detail: { fixed }, ip });
  });
}
