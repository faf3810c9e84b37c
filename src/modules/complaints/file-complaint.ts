/**
 * Use case: file a complaint — from the public form (no actor) or entered by an officer for a walk-in,
 * phone, WhatsApp or SP4N-LAPOR! complaint. Checks the input → computes the SLA due time in working days
 * (holidays from the table) → writes the complaint, the identity apart (when given), its first history
 * step and the `complaint.file` audit record in one transaction. The audit record never holds the
 * identity.
 */
import { randomUUID } from 'node:crypto';
import {
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
  complaintDueAt,
  DEFAULT_SEVERITY,
  newTrackingCode,
} from '../../domain/quality/complaints.ts';
import { recordAudit } from '../access/index.ts';
import { authorise } from '../access/index.ts';
import { type StaffActor, auditWho } from './complaint-actor.ts';
import { insertComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export interface ComplaintInput {
  category: ComplaintCategory;
  description: string;
  facilityCode?: string | null;
  channel?: ComplaintChannel;
  severity?: ComplaintSeverity;
  /** The SP4N-LAPOR! tracking ID (staff entry and import). */
  externalId?: string | null;
  /** When it was received (staff entry and import); now when not given. */
  receivedAt?: Date;
  contact?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  shareIdentity?: boolean;
}

export interface Filed {
  id: string;
  trackingCode: string;
  status: 'received';
  receivedAt: Date;
  dueAt: Date;
}

/** What the insert needs, from input already checked; shared with the LAPOR! import. */
export async function prepareComplaint(service: ComplaintsService, input: ComplaintInput, createdBy: string | null) {
  const receivedAt = input.receivedAt ?? service.now();
  const severity = input.severity ?? DEFAULT_SEVERITY[input.category];
  const dueAt = complaintDueAt(receivedAt, input.category, severity, await service.holidays(), service.timeZone, service.sla);
  const c = input.contact;
  const contact = c && (c.name || c.phone || c.email) ? { name: c.name || null, phone: c.phone || null, email: c.email || null, shareIdentity: input.shareIdentity === true } : null;
  return {
    districtCode: service.districtCode,
    id: randomUUID(),
    trackingCode: newTrackingCode(),
    category: input.category,
    severity,
    channel: input.channel ?? 'WEB',
    externalId: input.externalId ?? null,
    description: input.description.trim(),
    facilityCode: input.facilityCode || null,
    receivedAt,
    dueAt,
    createdBy,
    contact,
  };
}

export async function fileComplaint(service: ComplaintsService, input: ComplaintInput, by: StaffActor | null, ip: string | null = null): Promise<Filed> {
  if (by) authorise(by, 'POST /api/v1/complaints/entries');
  const c = await prepareComplaint(service, by ? input : { ...input, receivedAt: undefined, externalId: null, severity: undefined }, by?.username ?? null);
  await service.db.transaction(async (tx) => {
    await insertComplaint(tx, c);
    await recordAudit(tx, {
      districtCode: c.districtCode,
      ...(by ? auditWho(by) : { userId: null, username: null, ip }),
      action: 'complaint.file',
      subject: `complaint:${c.id}`,
      detail: { channel: c.channel, category: c.category, severity: c.severity, externalId: c.externalId, identityGiven: c.contact !== null, shareIdentity: c.contact?.shareIdentity ?? false },
    });
  });
  return { id: c.id, trackingCode: c.trackingCode, status: 'received', receivedAt: c.receivedAt, dueAt: c.dueAt };
}
