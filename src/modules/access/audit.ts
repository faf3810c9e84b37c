/** The audit log: every login, import and person-level read, with who, when and from where. */
import type { Sql } from '../../db/client.ts';
import { maskNik } from '../../domain/nik.ts';

export interface AuditEntry {
  districtCode: string;
  userId?: number | null;
  username?: string | null;
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(db: Sql, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_event (district_code, user_id, username, action, subject, detail, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.districtCode,
      entry.userId ?? null,
      entry.username ?? null,
      entry.action,
      entry.subject ?? null,
      JSON.stringify(entry.detail ?? {}),
      entry.ip ?? null,
    ],
  );
}

export interface AuditQuery {
  districtCode: string;
  /** The district's IANA time zone: `from` and `to` are days there. */
  timeZone: string;
  action?: string;
  username?: string;
  /** A whole NIK (or other subject) as recorded. */
  subject?: string;
  /** The facility a check came from. */
  facility?: string;
  /** Inclusive `YYYY-MM-DD` bounds, in the district's time zone. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/**
 * A search counts its matches only this far beyond the page asked for: the log gets every counter check,
 * and a count of all of a year's records would read them all at every page. Past it the total is a
 * lower bound (`totalIsAtLeast`), which is all a pager needs.
 */
export const AUDIT_COUNT_AHEAD = 10_000;

export async function searchAudit(db: Sql, query: AuditQuery) {
  const where = ['district_code = $1'];
  const params: unknown[] = [query.districtCode];
  if (query.action) {
    params.push(query.action);
    where.push(`action = $${params.length}`);
  }
  if (query.username) {
    params.push(query.username);
    where.push(`username = $${params.length}`);
  }
  if (query.subject) {
    params.push(query.subject);
    where.push(`subject = $${params.length}`);
  }
  if (query.facility) {
    params.push(query.facility);
    where.push(`detail->>'facility' = $${params.length}`);
  }
  if (query.from) {
    // A day in the district's zone.
    params.push(query.from, query.timeZone);
    where.push(`at >= ($${params.length - 1}::date::timestamp AT TIME ZONE $${params.length}::text)`);
  }
  if (query.to) {
    params.push(query.to, query.timeZone);
    where.push(`at < (($${params.length - 1}::date + 1)::timestamp AT TIME ZONE $${params.length}::text)`);
  }
  const filter = where.join(' AND ');
  const offset = (query.page - 1) * query.pageSize;
  const countLimit = offset + AUDIT_COUNT_AHEAD;
  const [{ counted }] = await db.query<{ counted: number }>(
    `SELECT count(*)::int AS counted FROM (SELECT 1 FROM audit_event WHERE ${filter} LIMIT ${countLimit + 1}) AS matching`,
    params,
  );
  const totalIsAtLeast = counted > countLimit;
  const total = Math.min(counted, countLimit);
  const items = await db.query<{ subject: string | null }>(
    `SELECT id, at, username, action, subject, detail, ip FROM audit_event WHERE ${filter}
     ORDER BY at DESC, id DESC OFFSET ${offset} LIMIT ${query.pageSize}`,
    params,
  );
  // The log keeps whole NIKs (to answer "who looked at this person"); what users see is masked.
  return { total, totalIsAtLeast, items: items.map((item) => ({ ...item, subject: item.subject && maskNiksIn(item.subject) })) };
}

function maskNiksIn(text: string): string {
  return text.replace(/\d{16}/g, maskNik);
}
