/**
 * Public complaints (formats.md "Complaints"; issue #15): vocabulary, SLA table, the state machine and
 * who may move it, the escalation rule, the "was it fixed?" follow-up, the discrimination share, and the
 * tracking code. Pure; the use cases load, authorise, guard with these, and write with their audit record.
 */
import { addWorkingDays, localDate, type Holiday } from './working-days.ts';

// ---------------------------------------------------------------------------------------------------
// Vocabulary

/** Exactly the categories of formats.md. */
export const COMPLAINT_CATEGORIES = [
  'TIDAK_RAMAH', // unfriendly staff
  'DIMINTA_KARTU', // asked for the card or photocopies
  'DIMINTA_BAYAR', // asked to pay
  'DITOLAK', // refused or delayed
  'DIBEDAKAN', // treated differently from general patients
  'ANTRE_LAMA', // long wait
  'OBAT_KOSONG', // medicine unavailable
  'LAINNYA',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** The categories about unequal treatment of JKN patients (the scorecard's equal-treatment gap). */
export const DISCRIMINATION_CATEGORIES: readonly ComplaintCategory[] = ['DIBEDAKAN', 'DIMINTA_KARTU', 'DIMINTA_BAYAR'];

/** Where a complaint came in: the public web form, or staff entry for the others. */
export const COMPLAINT_CHANNELS = ['WEB', 'WALK_IN', 'PHONE', 'WHATSAPP', 'SP4N_LAPOR'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_SEVERITIES = ['RENDAH', 'SEDANG', 'TINGGI'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export function isComplaintCategory(value: unknown): value is ComplaintCategory {
  return typeof value === 'string' && (COMPLAINT_CATEGORIES as readonly string[]).includes(value);
}
export function isComplaintChannel(value: unknown): value is ComplaintChannel {
  return typeof value === 'string' && (COMPLAINT_CHANNELS as readonly string[]).includes(value);
}
export function isComplaintSeverity(value: unknown): value is ComplaintSeverity {
  return typeof value === 'string' && (COMPLAINT_SEVERITIES as readonly string[]).includes(value);
}

/**
 * The severity a complaint starts with when nobody has triaged it (the public form asks for none):
 * being refused care or asked to pay is TINGGI, everything else SEDANG. An officer may change it.
 * Inferred, not from a regulation.
 */
export const DEFAULT_SEVERITY: Record<ComplaintCategory, ComplaintSeverity> = {
  TIDAK_RAMAH: 'SEDANG',
  DIMINTA_KARTU: 'SEDANG',
  DIMINTA_BAYAR: 'TINGGI',
  DITOLAK: 'TINGGI',
  DIBEDAKAN: 'SEDANG',
  ANTRE_LAMA: 'SEDANG',
  OBAT_KOSONG: 'SEDANG',
  LAINNYA: 'SEDANG',
};

// ---------------------------------------------------------------------------------------------------
// SLA

export type SlaTable = Record<ComplaintCategory, Record<ComplaintSeverity, number>>;

/**
 * INFERRED defaults, configurable: no JKN complaint SLA was found (docs/rules.md §6.5, open question).
 * Basis: public complaint handling under UU 25/2009 and Perpres 76/2013 (SP4N-LAPOR!), where LAPOR!
 * verifies within 3 working days and intervenes when an agency misses its deadline (peers.md §6);
 * Permen PANRB 5/2025 is cited as the current basis in a district training report (peers.md §6).
 * The table keeps every complaint within 10 working days (two calendar weeks) and gives refused care,
 * illegal charges and missing medicine one working day when severe.
 */
export const SLA_SOURCE =
  'Inferred: no published JKN complaint SLA (docs/rules.md §6.5). Context: UU 25/2009 and Perpres 76/2013 (SP4N-LAPOR!: ' +
  'verification within 3 working days), Permen PANRB 5/2025 (peers.md §6). Working days per category and severity.';

export const DEFAULT_SLA_DAYS: SlaTable = {
  TIDAK_RAMAH: { RENDAH: 10, SEDANG: 5, TINGGI: 3 },
  DIMINTA_KARTU: { RENDAH: 5, SEDANG: 3, TINGGI: 2 },
  DIMINTA_BAYAR: { RENDAH: 5, SEDANG: 3, TINGGI: 1 },
  DITOLAK: { RENDAH: 5, SEDANG: 3, TINGGI: 1 },
  DIBEDAKAN: { RENDAH: 5, SEDANG: 3, TINGGI: 2 },
  ANTRE_LAMA: { RENDAH: 10, SEDANG: 5, TINGGI: 3 },
  OBAT_KOSONG: { RENDAH: 5, SEDANG: 3, TINGGI: 1 },
  LAINNYA: { RENDAH: 10, SEDANG: 5, TINGGI: 3 },
};

/** Problems with an SLA table an admin supplies (a missing cell, not a whole number ≥ 1); empty when sound. */
export function slaTableProblems(table: SlaTable): string[] {
  const problems: string[] = [];
  for (const c of COMPLAINT_CATEGORIES) {
    for (const s of COMPLAINT_SEVERITIES) {
      const days = table[c]?.[s];
      if (!Number.isInteger(days) || days < 1) problems.push(`sla.${c}.${s}: must be a whole number of working days ≥ 1, got ${days}`);
    }
  }
  return problems;
}

export function slaWorkingDays(category: ComplaintCategory, severity: ComplaintSeverity, table: SlaTable = DEFAULT_SLA_DAYS): number {
  const days = table[category]?.[severity];
  if (days === undefined) throw new RangeError(`No SLA for category ${category} and severity ${severity}`);
  return days;
}

/** When the complaint must be answered: its SLA in working days after the day it was received. */
export function complaintDueAt(
  receivedAt: Date,
  category: ComplaintCategory,
  severity: ComplaintSeverity,
  holidays: readonly Holiday[],
  timeZone: string,
  table: SlaTable = DEFAULT_SLA_DAYS,
): Date {
  return addWorkingDays(receivedAt, slaWorkingDays(category, severity, table), holidays, timeZone);
}

/** The scorecard month (`YYYY-MM`) a complaint counts in: its month of receipt in the district's zone. */
export function complaintMonth(receivedAt: Date, timeZone: string): string {
  return localDate(receivedAt, timeZone).slice(0, 7);
}

// ---------------------------------------------------------------------------------------------------
// State machine

export const COMPLAINT_STATUSES = ['received', 'assigned', 'in_progress', 'answered', 'resolved', 'closed', 'escalated'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * Who acts:
 * - `officer`: a complaint officer (roles `admin`, `dinkes`), including the head of Dinas Kesehatan;
 *   may do whatever an assignee may;
 * - `assignee`: staff of the facility or office the complaint is assigned to (e.g. role `faskes` for
 *   its own facility);
 * - `complainant`: whoever holds the tracking code;
 * - `system`: the scheduler (escalation).
 */
export type ComplaintActor = 'officer' | 'assignee' | 'complainant' | 'system';

type Rules = Partial<Record<ComplaintStatus, readonly ComplaintActor[]>>;
const O = 'officer';
const A = 'assignee';
const C = 'complainant';
const S = 'system';

/**
 * from → to → who may. `assigned → assigned` is a reassignment. `answered` = the handler has replied
 * (an explanation or a question); `resolved` = the problem is fixed. Closing without an answer (spam,
 * duplicate, out of scope) is only possible straight from `received`, by an officer, with a reason.
 */
export const COMPLAINT_TRANSITIONS: Record<ComplaintStatus, Rules> = {
  received: { assigned: [O], escalated: [S, O], closed: [O] },
  assigned: { assigned: [O], in_progress: [A, O], escalated: [S, O] },
  in_progress: { answered: [A, O], resolved: [A, O], assigned: [O], escalated: [S, O] },
  answered: { in_progress: [C, A, O], resolved: [A, O], closed: [C, O] },
  resolved: { closed: [C, O], in_progress: [C, O] },
  escalated: { assigned: [O], in_progress: [O], answered: [O], resolved: [O] },
  closed: {},
};

export function canTransition(from: ComplaintStatus, to: ComplaintStatus, actor: ComplaintActor): boolean {
  return COMPLAINT_TRANSITIONS[from]?.[to]?.includes(actor) ?? false;
}

/** The statuses an actor may move a complaint to from `from`. */
export function allowedTransitions(from: ComplaintStatus, actor: ComplaintActor): ComplaintStatus[] {
  return COMPLAINT_STATUSES.filter((to) => canTransition(from, to, actor));
}

export class ComplaintTransitionError extends Error {
  constructor(
    readonly from: ComplaintStatus,
    readonly to: ComplaintStatus,
    readonly actor: ComplaintActor,
  ) {
    const known = COMPLAINT_TRANSITIONS[from]?.[to];
    super(
      known
        ? `status: ${/^[aeiou]/.test(actor) ? 'an' : 'a'} ${actor} may not move a complaint from ${from} to ${to} (only ${known.join(', ')})`
        : `status: a complaint cannot move from ${from} to ${to}`,
    );
    this.name = 'ComplaintTransitionError';
  }
}

export function assertTransition(from: ComplaintStatus, to: ComplaintStatus, actor: ComplaintActor): void {
  if (!canTransition(from, to, actor)) throw new ComplaintTransitionError(from, to, actor);
}

/** On someone's worklist (everything but closed). */
export function isOpen(status: ComplaintStatus): boolean {
  return status !== 'closed';
}

/** The SLA clock runs until the complaint is answered or resolved. */
export function slaRunning(status: ComplaintStatus): boolean {
  return status === 'received' || status === 'assigned' || status === 'in_progress' || status === 'escalated';
}

/** The status after the complainant writes a message: a reply to an answer reopens it. */
export function statusAfterComplainantMessage(status: ComplaintStatus): ComplaintStatus {
  return status === 'answered' ? 'in_progress' : status;
}

// ---------------------------------------------------------------------------------------------------
// Escalation

export interface EscalationCandidate {
  id: string;
  status: ComplaintStatus;
  dueAt: Date;
  /** Set once a complaint has been escalated; it is never escalated twice. */
  escalatedAt: Date | null;
  /** The user (or office) handling it, to notify; null when not assigned yet. */
  assignee: string | null;
}

export function isOverdue(c: Pick<EscalationCandidate, 'status' | 'dueAt'>, now: Date): boolean {
  return slaRunning(c.status) && now.getTime() > c.dueAt.getTime();
}

/** Overdue and not escalated before. */
export function needsEscalation(c: EscalationCandidate, now: Date): boolean {
  return isOverdue(c, now) && c.escalatedAt === null && c.status !== 'escalated';
}

export interface EscalationAction {
  complaintId: string;
  from: ComplaintStatus;
  to: 'escalated';
  /** It goes onto the desk of the head of Dinas Kesehatan. */
  escalateTo: 'HEAD_OF_DINKES';
  /** Who is told it was escalated; null when nobody was assigned. */
  notifyAssignee: string | null;
  at: Date;
}

/**
 * What the escalation job must do now: for every overdue complaint not escalated before, move it to
 * `escalated` (by `system`), put it before the head of Dinas Kesehatan and notify the assignee.
 */
export function planEscalations(complaints: readonly EscalationCandidate[], now: Date): EscalationAction[] {
  return complaints
    .filter((c) => needsEscalation(c, now) && canTransition(c.status, 'escalated', 'system'))
    .map((c) => ({ complaintId: c.id, from: c.status, to: 'escalated', escalateTo: 'HEAD_OF_DINKES', notifyAssignee: c.assignee, at: now }));
}

// ---------------------------------------------------------------------------------------------------
// Resolution, rating, follow-up, discrimination share

/** Calendar days from resolution to the "was it fixed?" follow-up (inferred, configurable). */
export const FOLLOW_UP_DAYS = 21;

export function followUpAt(resolvedAt: Date, days: number = FOLLOW_UP_DAYS): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days: must be a whole number ≥ 1, got ${days}`);
  return new Date(resolvedAt.getTime() + days * 86_400_000);
}

/** The complainant's rating of the handling: 1 (very bad) to 5 (very good). */
export const COMPLAINT_RATING_MIN = 1;
export const COMPLAINT_RATING_MAX = 5;

export function isComplaintRating(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= COMPLAINT_RATING_MIN && (value as number) <= COMPLAINT_RATING_MAX;
}

/** The mean rating, null when nobody rated. */
export function satisfaction(ratings: readonly number[]): number | null {
  if (ratings.length === 0) return null;
  return ratings.reduce((a, b) => a + b, 0) / ratings.length;
}

/** Share (0–1) of complaints in the discrimination categories; null when there is none. */
export function discriminationShare(categories: readonly ComplaintCategory[]): number | null {
  if (categories.length === 0) return null;
  return categories.filter((c) => DISCRIMINATION_CATEGORIES.includes(c)).length / categories.length;
}

// ---------------------------------------------------------------------------------------------------
// Tracking code

/** Crockford's base32: digits and letters without I, L, O, U. */
export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_PREFIX = 'JKN';
/** Random characters in a code; 5 bits each. */
export const TRACKING_CODE_LENGTH = 10;
export const TRACKING_CODE_BITS = TRACKING_CODE_LENGTH * 5;

function format(chars: string): string {
  return `${TRACKING_PREFIX}-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Web Crypto's CSPRNG (global in Node 20 and in browsers, so that web/ imports this file as it is). */
function secureRandom(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

/**
 * A new tracking code such as `JKN-7KQ4-M9TX-2W`: 10 characters of Crockford base32 from
 * the Web Crypto CSPRNG (50 bits). Each character takes the low 5 bits of one random byte (256 is a multiple of
 * 32, so every character is equally likely).
 */
export function newTrackingCode(random: (size: number) => Uint8Array = secureRandom): string {
  const bytes = random(TRACKING_CODE_LENGTH);
  if (bytes.length !== TRACKING_CODE_LENGTH) throw new Error('random: returned the wrong number of bytes');
  let chars = '';
  for (const b of bytes) chars += TRACKING_ALPHABET[b & 31];
  return format(chars);
}

/**
 * What a resident typed, as a canonical code, or null when it cannot be one. Forgives case, spaces,
 * dashes and dots, the `JKN` prefix or its absence, and the letters Crockford reads as digits
 * (O → 0, I and L → 1).
 */
export function parseTrackingCode(input: string): string | null {
  if (typeof input !== 'string') return null;
  let s = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (s.length === TRACKING_CODE_LENGTH + TRACKING_PREFIX.length && s.startsWith(TRACKING_PREFIX)) s = s.slice(TRACKING_PREFIX.length);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== TRACKING_CODE_LENGTH) return null;
  for (const ch of s) if (!TRACKING_ALPHABET.includes(ch)) return null;
  return format(s);
}
