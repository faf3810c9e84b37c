/**
 * Use case: assign one complaint or many to a facility or an office (complaint officers). Loads each →
 * authorises → guards the step to `assigned` (an officer may assign from received, reassign, or take an
 * escalated one back) → one transaction with every change, its history step and its `complaint.assign`
 * audit record; one refused complaint refuses them all and changes nothing.
 */
import { assertTransition } from '../../domain/quality/complaints.ts';
import { authorise, recordAudit } from '../access/index.ts';
import { auditWho, ComplaintNotFoundError, type StaffActor } from './complaint-actor.ts';
import { findComplaint, insertEvent, insertNotification, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export const COMPLAINT_OFFICES = ['dinkes', 'dinsos', 'disdukcapil', 'bpjs'] as const;
export type ComplaintOffice = (typeof COMPLAINT_OFFICES)[number];

export type AssignTarget = { facilityCode: string; office?: undefined } | { office: ComplaintOffice; facilityCode?: undefined };

export async function assignComplaints(service: ComplaintsService, ids: string[], target: AssignTarget, actor: StaffActor, note: string | null = null) {
  authorise(actor, 'POST /api/v1/complaints/assign');
  const { districtCode } = service;
  const at = service.now();
  const to = target.facilityCode ? `facility ${target.facilityCode}` : `office ${target.office}`;
  await service.db.transaction(async (tx) => {
    for (const id of ids) {
      const c = await findComplaint(tx, districtCode, id, true);
      if (!c) throw new ComplaintNotFoundError(`ids: no complaint ${id}`);
      assertTransition(c.status, 'assigned', 'officer');
      await updateComplaint(tx, districtCode, id, { status: 'assigned', assignedFacility: target.facilityCode ?? null, assignedOffice: target.office ?? null }, at);
      await insertEvent(tx, { districtCode, complaintId: id, at, actor: 'officer', username: actor.username, from: c.status, to: 'assigned', note: note ?? `to ${to}` });
      await insertNotification(tx, {
        districtCode,
        complaintId: id,
        facilityCode: target.facilityCode ?? null,
        office: target.office ?? null,
        at,
        text: `Pengaduan ${c.trackingCode} ditugaskan kepada Anda (${to}).`,
      });
      await recordAudit(tx, {
        districtCode,
        ...auditWho(actor),
        action: 'complaint.assign',
        subject: `complaint:${id}`,
        detail: { from: c.status, facilityCode: target.facilityCode ?? null, office: target.office ?? null },
      });
    }
  });
  return { assigned: ids.length };
}
