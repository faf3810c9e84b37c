/** The programmes file saved in the application (one per district), and the saved plans (immutable versions). */
import type { Sql } from '../../db/client.ts';
import { DEFAULT_PROGRAMMES, type Programmes, parseProgrammes } from '../../domain/funding/programmes.ts';

export interface SavedProgrammes {
  programmes: Programmes;
  /** 0 while the defaults (DEFAULT_PROGRAMMES) are in use: nothing saved yet. */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export async function findProgrammes(db: Sql, districtCode: string): Promise<SavedProgrammes> {
  const [row] = await db.query<{ programmes: unknown; version: number; updated_at: string; updated_by: string | null }>(
    'SELECT programmes, version, updated_at, updated_by FROM funding_programmes WHERE district_code = $1',
    [districtCode],
  );
  if (!row) return { programmes: DEFAULT_PROGRAMMES, version: 0, updatedAt: null, updatedBy: null };
  const parsed = parseProgrammes(row.programmes);
  // Only checked programmes are stored; a file an older version accepted and this one refuses falls back to the defaults.
  if (!parsed.ok) return { programmes: DEFAULT_PROGRAMMES, version: row.version, updatedAt: String(row.updated_at), updatedBy: row.updated_by };
  return { programmes: parsed.value, version: row.version, updatedAt: new Date(row.updated_at).toISOString(), updatedBy: row.updated_by };
}

/** Replaces the saved programmes; returns the new version. */
export async function storeProgrammes(tx: Sql, districtCode: string, programmes: Programmes, username: string): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    `INSERT INTO funding_programmes (district_code, programmes, version, updated_at, updated_by) VALUES ($1, $2, 1, now(), $3)
     ON CONFLICT (district_code) DO UPDATE SET programmes = EXCLUDED.programmes, version = funding_programmes.version + 1,
       updated_at = now(), updated_by = EXCLUDED.updated_by
     RETURNING version`,
    [districtCode, JSON.stringify(programmes), username],
  );
  return row.version;
}

export interface PlanRecord {
  id: number;
  name: string | null;
  date: string;
  asOf: string | null;
  createdBy: string;
  createdAt: string;
}

export async function insertPlan(
  tx: Sql,
  plan: { districtCode: string; name: string | null; date: string; asOf: string | null; programmes: Programmes; result: unknown; createdBy: string },
): Promise<PlanRecord> {
  const [row] = await tx.query<{ id: number; created_at: string }>(
    `INSERT INTO funding_plan (district_code, name, plan_date, as_of, programmes, result, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
    [plan.districtCode, plan.name, plan.date, plan.asOf, JSON.stringify(plan.programmes), JSON.stringify(plan.result), plan.createdBy],
  );
  return { id: row.id, name: plan.name, date: plan.date, asOf: plan.asOf, createdBy: plan.createdBy, createdAt: new Date(row.created_at).toISOString() };
}

const PLAN_COLUMNS = `id, name, plan_date::text AS date, as_of::text AS "asOf", created_by AS "createdBy", created_at AS "createdAt"`;

export async function listPlans(db: Sql, districtCode: string): Promise<PlanRecord[]> {
  const rows = await db.query<PlanRecord>(`SELECT ${PLAN_COLUMNS} FROM funding_plan WHERE district_code = $1 ORDER BY id DESC LIMIT 200`, [districtCode]);
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

export async function findPlan(db: Sql, districtCode: string, id: number): Promise<(PlanRecord & { programmes: Programmes; result: unknown }) | null> {
  const [row] = await db.query<PlanRecord & { programmes: Programmes; result: unknown }>(
    `SELECT ${PLAN_COLUMNS}, programmes, result FROM funding_plan WHERE district_code = $1 AND id = $2`,
    [districtCode, id],
  );
  return row ? { ...row, createdAt: new Date(row.createdAt).toISOString() } : null;
}
