/** The complaints API as the web app uses it; the vocabulary is the server's own (src/domain/quality). */
export {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
  type ComplaintStatus,
  parseTrackingCode,
} from '../../../src/domain/quality/complaints.ts';
export type { SlaColour } from '../../../src/domain/quality/working-days.ts';
import type { ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus } from '../../../src/domain/quality/complaints.ts';
import type { SlaColour } from '../../../src/domain/quality/working-days.ts';

export const COMPLAINT_OFFICES = ['dinkes', 'dinsos', 'disdukcapil', 'bpjs'] as const;

export interface Filed {
  trackingCode: string;
  status: ComplaintStatus;
  receivedAt: string;
  dueAt: string;
}

export interface Tracked {
  trackingCode: string;
  category: ComplaintCategory;
  status: ComplaintStatus;
  receivedAt: string;
  dueAt: string;
  sla: SlaColour;
  messages: { at: string; from: 'complainant' | 'staff' | 'system'; text: string }[];
  rating: number | null;
  followUpAt: string | null;
  fixed: boolean | null;
}

export interface ComplaintItem {
  id: string;
  trackingCode: string;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  channel: ComplaintChannel;
  externalId: string | null;
  description: string;
  facilityCode: string | null;
  status: ComplaintStatus;
  assignedFacility: string | null;
  assignedOffice: string | null;
  receivedAt: string;
  dueAt: string;
  sla: SlaColour;
  escalatedAt: string | null;
  escalatedTo: string | null;
  resolvedAt: string | null;
  rating: number | null;
  fixed: boolean | null;
}

export interface ComplaintDetail extends ComplaintItem {
  resolution: string | null;
  followUpAt: string | null;
  messages: { at: string; from: string; username: string | null; text: string }[];
  history: { at: string; actor: string; username: string | null; fromStatus: string | null; toStatus: string; note: string | null }[];
  /** Only for complaint officers: whether the complainant agreed, and then the contact details. */
  identityShared?: boolean;
  identity?: { name: string | null; phone: string | null; email: string | null } | null;
}

export interface ComplaintNotification {
  id: number;
  complaintId: string;
  trackingCode: string;
  at: string;
  text: string;
}

const SLA_CLASS: Record<SlaColour, string> = { HIJAU: 'green', KUNING: 'amber', MERAH: 'red' };
export const slaClass = (sla: SlaColour) => SLA_CLASS[sla];
