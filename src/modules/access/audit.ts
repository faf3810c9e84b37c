/** The audit log: every login, import and person-level read, with who, when and from where. */
import type { Sql } from '../../db/client.ts';

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
  action?: string;
  username?: string;
  page: number;
  pageSize: number;
}

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
  const filter = where.join(' AND ');
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_event WHERE ${filter}`, params);
  const items = await db.query(
    `SELECT id, at, username, action, subject, detail FROM audit_event WHERE ${filter}
     ORDER BY at DESC, id DESC OFFSET ${(query.page - 1) * query.pageSize} LIMIT ${query.pageSize}`,
    params,
  );
  return { total, items };
}
