/**
 * The complaints' SQL: the complaint, its complainant's identity (a separate table, read only for the
 * officers' detail when the complainant agreed), messages both ways, the state history, notifications
 * and the holiday list. District code first in every key.
 */
import type { Sql } from '../../db/client.ts';
import type { ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus } from '../../domain/quality/complaints.ts';
import type { Holiday, HolidayKind, SlaColour } from '../../domain/quality/working-days.ts';

export interface ComplaintRow {
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
  receivedAt: Date;
  dueAt: Date;
  escalatedAt: Date | null;
  escalatedTo: string | null;
  answeredAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
  rating: number | null;
  followUpAt: Date | null;
  fixed: boolean | null;
  updatedAt: Date;
}

const COLUMNS = `id, tracking_code AS "trackingCode", category, severity, channel, external_id AS "externalId", description,
  facility_code AS "facilityCode", status, assigned_facility AS "assignedFacility", assigned_office AS "assignedOffice",
  received_at AS "receivedAt", due_at AS "dueAt", escalated_at AS "escalatedAt", escalated_to AS "escalatedTo",
  answered_at AS "answeredAt", resolved_at AS "resolvedAt", resolution, rating, follow_up_at AS "followUpAt", fixed,
  updated_at AS "updatedAt"`;

/** PGlite and pg both give Date for timestamptz; normalise anyway (a string from a driver setting). */
function row(r: ComplaintRow): ComplaintRow {
  const d = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
  return {
    ...r,
    receivedAt: d(r.receivedAt)!,
    dueAt: d(r.dueAt)!,
    escalatedAt: d(r.escalatedAt),
    answeredAt: d(r.answeredAt),
    resolvedAt: d(r.resolvedAt),
    followUpAt: d(r.followUpAt),
    updatedAt: d(r.updatedAt)!,
  };
}

export interface NewComplaint {
  districtCode: string;
  id: string;
  trackingCode: string;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  channel: ComplaintChannel;
  externalId: string | null;
  description: string;
  facilityCode: string | null;
  receivedAt: Date;
  dueAt: Date;
  createdBy: string | null;
  contact: { name: string | null; phone: string | null; email: string | null; shareIdentity: boolean } | null;
}

export async function insertComplaint(tx: Sql, c: NewComplaint): Promise<void> {
  await tx.query(
    `INSERT INTO complaint (district_code, id, tracking_code, category, severity, channel, external_id, description, facility_code,
       status, received_at, due_at, created_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $12, $10)`,
    [c.districtCode, c.id, c.trackingCode, c.category, c.severity, c.channel, c.externalId, c.description, c.facilityCode, c.receivedAt, c.dueAt, c.createdBy],
  );
  if (c.contact) {
    await tx.query(
      `INSERT INTO complaint_identity (district_code, complaint_id, name, phone, email, share_identity) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.districtCode, c.id, c.contact.name, c.contact.phone, c.contact.email, c.contact.shareIdentity],
    );
  }
  await insertEvent(tx, { districtCode: c.districtCode, complaintId: c.id, at: c.receivedAt, actor: c.createdBy ? 'officer' : 'complainant', username: c.createdBy, from: null, to: 'received', note: c.channel });
}

export async function findComplaint(db: Sql, districtCode: string, id: string, lock = false): Promise<ComplaintRow | null> {
  const [r] = await db.query<ComplaintRow>(`SELECT ${COLUMNS} FROM complaint WHERE district_code = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [districtCode, id]);
  return r ? row(r) : null;
}

export async function findByTrackingCode(db: Sql, districtCode: string, trackingCode: string, lock = false): Promise<ComplaintRow | null> {
  const [r] = await db.query<ComplaintRow>(`SELECT ${COLUMNS} FROM complaint WHERE district_code = $1 AND tracking_code = $2${lock ? ' FOR UPDATE' : ''}`, [
    districtCode,
    trackingCode,
  ]);
  return r ? row(r) : null;
}

export async function existingExternalIds(db: Sql, districtCode: string, channel: ComplaintChannel, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT external_id AS id FROM complaint WHERE district_code = $1 AND channel = $2 AND external_id = ANY($3::text[])`,
    [districtCode, channel, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** The columns a state change may set beside the status. */
export interface ComplaintChange {
  status?: ComplaintStatus;
  assignedFacility?: string | null;
  assignedOffice?: string | null;
  escalatedAt?: Date;
  escalatedTo?: string;
  answeredAt?: Date;
  resolvedAt?: Date;
  resolution?: string;
  rating?: number;
  followUpAt?: Date;
  fixed?: boolean;
  fixedAnsweredAt?: Date;
}

const CHANGE_COLUMNS: Record<keyof ComplaintChange, string> = {
  status: 'status',
  assignedFacility: 'assigned_facility',
  assignedOffice: 'assigned_office',
  escalatedAt: 'escalated_at',
  escalatedTo: 'escalated_to',
  answeredAt: 'answered_at',
  resolvedAt: 'resolved_at',
  resolution: 'resolution',
  rating: 'rating',
  followUpAt: 'follow_up_at',
  fixed: 'fixed',
  fixedAnsweredAt: 'fixed_answered_at',
};

export async function updateComplaint(tx: Sql, districtCode: string, id: string, change: ComplaintChange, at: Date): Promise<void> {
  const params: unknown[] = [districtCode, id, at];
  const sets = ['updated_at = $3'];
  for (const [key, value] of Object.entries(change) as [keyof ComplaintChange, unknown][]) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${CHANGE_COLUMNS[key]} = $${params.length}`);
  }
  await tx.query(`UPDATE complaint SET ${sets.join(', ')} WHERE district_code = $1 AND id = $2`, params);
}

export async function insertEvent(
  tx: Sql,
  e: { districtCode: string; complaintId: string; at: Date; actor: string; username: string | null; from: ComplaintStatus | null; to: ComplaintStatus; note: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_event (district_code, complaint_id, at, actor, username, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.districtCode, e.complaintId, e.at, e.actor, e.username, e.from, e.to, e.note],
  );
}

export type Sender = 'complainant' | 'staff' | 'system';

export async function insertMessage(
  tx: Sql,
  m: { districtCode: string; complaintId: string; at: Date; sender: Sender; username: string | null; text: string },
): Promise<void> {
  await tx.query(`INSERT INTO complaint_message (district_code, complaint_id, at, sender, username, text) VALUES ($1, $2, $3, $4, $5, $6)`, [
    m.districtCode,
    m.complaintId,
    m.at,
    m.sender,
    m.username,
    m.text,
  ]);
}

export async function listMessages(db: Sql, districtCode: string, complaintId: string) {
  return db.query<{ at: Date; from: Sender; username: string | null; text: string }>(
    `SELECT at, sender AS "from", username, text FROM complaint_message WHERE district_code = $1 AND complaint_id = $2 ORDER BY at, seq`,
    [districtCode, complaintId],
  );
}

export async function listEvents(db: Sql, districtCode: string, complaintId: string) {
  return db.query<{ at: Date; actor: string; username: string | null; fromStatus: string | null; toStatus: string; note: string | null }>(
    `SELECT at, actor, username, from_status AS "fromStatus", to_status AS "toStatus", note FROM complaint_event
     WHERE district_code = $1 AND complaint_id = $2 ORDER BY at, seq`,
    [districtCode, complaintId],
  );
}

export interface Identity {
  name: string | null;
  phone: string | null;
  email: string | null;
  shareIdentity: boolean;
}

/** The complainant's contact details: for the officers' detail only, and only when shared (see routes). */
export async function findIdentity(db: Sql, districtCode: string, complaintId: string): Promise<Identity | null> {
  const [r] = await db.query<Identity>(
    `SELECT name, phone, email, share_identity AS "shareIdentity" FROM complaint_identity WHERE district_code = $1 AND complaint_id = $2`,
    [districtCode, complaintId],
  );
  return r ?? null;
}

export async function insertNotification(tx: Sql, n: { districtCode: string; complaintId: string; facilityCode: string | null; office: string | null; at: Date; text: string }) {
  await tx.query(`INSERT INTO complaint_notification (district_code, complaint_id, facility_code, office, at, text) VALUES ($1, $2, $3, $4, $5, $6)`, [
    n.districtCode,
    n.complaintId,
    n.facilityCode,
    n.office,
    n.at,
    n.text,
  ]);
}

/** Notifications for a facility (its own), or for everybody's desk (null: all of the district's). */
export async function listNotifications(db: Sql, districtCode: string, facilityCode: string | null, limit = 50) {
  const params: unknown[] = [districtCode];
  let filter = 'n.district_code = $1';
  if (facilityCode !== null) {
    params.push(facilityCode);
    filter += ` AND n.facility_code = $2`;
  }
  return db.query<{ id: number; complaintId: string; trackingCode: string; facilityCode: string | null; office: string | null; at: Date; text: string }>(
    `SELECT n.id, n.complaint_id AS "complaintId", c.tracking_code AS "trackingCode", n.facility_code AS "facilityCode", n.office, n.at, n.text
     FROM complaint_notification n JOIN complaint c ON c.district_code = n.district_code AND c.id = n.complaint_id
     WHERE ${filter} ORDER BY n.at DESC, n.id DESC LIMIT ${limit}`,
    params,
  );
}

// ---------------------------------------------------------------------------------------------------
// The desk's list

export interface ComplaintFilter {
  districtCode: string;
  now: Date;
  statuses?: ComplaintStatus[];
  category?: ComplaintCategory;
  /** The facility it is assigned to (a faskes user: always its own). */
  assignedFacility?: string;
  sla?: SlaColour;
  overdue?: boolean;
  escalated?: boolean;
  page: number;
  pageSize: number;
}

const RUNNING = `status IN ('received', 'assigned', 'in_progress', 'escalated')`;
/**
 * The SLA colour in SQL, as slaColour (working-days.ts) decides it: for a running clock at `now`, for one
 * that stopped at the answer (or resolution) time. $2 is now; the warn fraction is the domain's.
 */
function colourSql(warn: number) {
  const t = `(CASE WHEN ${RUNNING} THEN $2::timestamptz ELSE coalesce(answered_at, resolved_at, updated_at) END)`;
  return `(CASE WHEN ${t} > due_at THEN 'MERAH'
    WHEN extract(epoch FROM ${t} - received_at) >= ${warn} * extract(epoch FROM due_at - received_at) THEN 'KUNING' ELSE 'HIJAU' END)`;
}

export async function listComplaints(db: Sql, f: ComplaintFilter, warnFraction: number) {
  const colour = colourSql(warnFraction);
  const params: unknown[] = [f.districtCode, f.now];
  const where = ['district_code = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.statuses?.length) add((n) => `status = ANY($${n}::text[])`, f.statuses);
  if (f.category) add((n) => `category = $${n}`, f.category);
  if (f.assignedFacility !== undefined) add((n) => `assigned_facility = $${n}`, f.assignedFacility);
  if (f.sla) add((n) => `${colour} = $${n}`, f.sla);
  if (f.overdue !== undefined) where.push(f.overdue ? `(${RUNNING} AND $2::timestamptz > due_at)` : `NOT (${RUNNING} AND $2::timestamptz > due_at)`);
  if (f.escalated !== undefined) where.push(f.escalated ? 'escalated_at IS NOT NULL' : 'escalated_at IS NULL');
  const filter = where.join(' AND ');
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM complaint WHERE ${filter} AND $2::timestamptz IS NOT NULL`, params);
  const items = await db.query<ComplaintRow & { sla: SlaColour }>(
    `SELECT ${COLUMNS}, ${colour} AS sla FROM complaint WHERE ${filter}
     ORDER BY (${RUNNING}) DESC, due_at, received_at OFFSET ${(f.page - 1) * f.pageSize} LIMIT ${f.pageSize}`,
    params,
  );
  return { total, items: items.map((r) => ({ ...row(r), sla: r.sla })) };
}

/** Open complaints whose SLA has run out and that were never escalated (the escalation job's candidates). */
export async function overdueCandidates(db: Sql, districtCode: string, now: Date) {
  const rows = await db.query<ComplaintRow>(
    `SELECT ${COLUMNS} FROM complaint WHERE district_code = $1 AND ${RUNNING} AND due_at < $2 AND escalated_at IS NULL ORDER BY due_at LIMIT 1000`,
    [districtCode, now],
  );
  return rows.map(row);
}

// ---------------------------------------------------------------------------------------------------
// Holidays

export async function loadHolidays(db: Sql): Promise<Holiday[]> {
  const rows = await db.query<{ date: string; name: string; kind: HolidayKind; estimated: boolean }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, kind, estimated FROM working_day_holiday ORDER BY date`,
  );
  return rows.map((r) => (r.estimated ? { date: r.date, name: r.name, kind: r.kind, estimated: true } : { date: r.date, name: r.name, kind: r.kind }));
}

export async function replaceHolidays(tx: Sql, list: readonly Holiday[]): Promise<void> {
  await tx.query('DELETE FROM working_day_holiday');
  for (const h of list) {
    await tx.query(`INSERT INTO working_day_holiday (date, name, kind, estimated) VALUES ($1::date, $2, $3, $4)`, [h.date, h.name, h.kind, h.estimated ?? false]);
  }
}
