/**
 * Use case (the scheduler's): escalate every overdue open complaint to the head of Dinas Kesehatan.
 * Loads the candidates → planEscalations (complaints.ts) decides → per complaint, one transaction that
 * re-reads it locked and checks again, then writes status `escalated`, `escalated_to = 'dinkes'` (the
 * head of Dinas Kesehatan's desk: the officers' desk filters on it), the history step by `system`, a
 * notification to the assignee (its facility or office) and the `complaint.escalate` audit record.
 */
import { needsEscalation, planEscalations } from '../../domain/quality/complaints.ts';
import { recordAudit } from '../access/index.ts';
import { findComplaint, insertEvent, insertNotification, overdueCandidates, updateComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

/** The office that stands for the head of Dinas Kesehatan. */
export const ESCALATE_TO = 'dinkes';

export async function escalateOverdue(service: Pick<ComplaintsService, 'db' | 'districtCode' | 'now'>): Promise<{ escalated: string[] }> {
  const { db, districtCode } = service;
  const now = service.now();
  const candidates = await overdueCandidates(db, districtCode, now);
  const plan = planEscalations(
    candidates.map((c) => ({ id: c.id, status: c.status, dueAt: c.dueAt, escalatedAt: c.escalatedAt, assignee: c.assignedFacility ?? c.assignedOffice })),
    now,
  );
  const escalated: string[] = [];
  for (const action of plan) {
    const done = await db.transaction(async (tx) => {
      const c = await findComplaint(tx, districtCode, action.complaintId, true);
      if (!c) return false;
      const candidate = { id: c.id, status: c.status, dueAt: c.dueAt, escalatedAt: c.escalatedAt, assignee: null };
      if (!needsEscalation(candidate, now) || planEscalations([candidate], now).length === 0) return false;
      await updateComplaint(tx, districtCode, c.id, { status: 'escalated', escalatedAt: now, escalatedTo: ESCALATE_TO }, now);
      await insertEvent(tx, {
        districtCode,
        complaintId: c.id,
        at: now,
        actor: 'system',
        username: null,
        from: c.status,
        to: 'escalated',
        note: 'SLA lapsed: escalated to the head of Dinas Kesehatan',
      });
      if (action.notifyAssignee !== null) {
        await insertNotification(tx, {
          districtCode,
          complaintId: c.id,
          facilityCode: c.assignedFacility,
          office: c.assignedOffice,
          at: now,
          text: `Pengaduan ${c.trackingCode} melewati batas waktu dan dieskalasi ke Kepala Dinas Kesehatan.`,
        });
      }
      await recordAudit(tx, {
        districtCode,
        username: 'system',
        action: 'complaint.escalate',
        subject: `complaint:${c.id}`,
        detail: { from: c.status, dueAt: c.dueAt.toISOString(), to: ESCALATE_TO, notified: action.notifyAssignee },
      });
      return true;
    });
    if (done) escalated.push(action.complaintId);
  }
  return { escalated };
}
