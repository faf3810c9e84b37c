/**
 * API keys for facility systems: one per facility system, scoped to a facility and the district. Only a
 * sha256 hash of the key is stored (the key is random, so a slow hash would add nothing); the key itself
 * is shown once, when it is made (create-api-key.ts; revoke-api-key.ts revokes one).
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../db/client.ts';

export interface ApiKeyInfo {
  id: string;
  facilityCode: string;
  label: string;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Whose key a request carries. */
export interface ApiKeyHolder {
  id: string;
  districtCode: string;
  facilityCode: string;
  label: string;
  revoked: boolean;
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Writes a key (only its hash) and returns what is shown of it. */
export async function insertApiKey(
  tx: Sql,
  key: { districtCode: string; id: string; keyHash: string; facilityCode: string; label: string; createdBy: string },
): Promise<ApiKeyInfo> {
  const [row] = await tx.query<ApiKeyInfo>(
    `INSERT INTO api_key (district_code, id, key_hash, facility_code, label, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${INFO_COLUMNS}`,
    [key.districtCode, key.id, key.keyHash, key.facilityCode, key.label, key.createdBy],
  );
  return row!;
}

const INFO_COLUMNS = `id, facility_code AS "facilityCode", label, created_by AS "createdBy",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "revokedAt"`;

export async function listApiKeys(db: Sql, districtCode: string): Promise<ApiKeyInfo[]> {
  return db.query<ApiKeyInfo>(`SELECT ${INFO_COLUMNS} FROM api_key WHERE district_code = $1 ORDER BY created_at, id`, [districtCode]);
}

export async function findApiKey(db: Sql, districtCode: string, id: string, options: { lock?: boolean } = {}): Promise<ApiKeyInfo | null> {
  const [row] = await db.query<ApiKeyInfo>(
    `SELECT ${INFO_COLUMNS} FROM api_key WHERE district_code = $1 AND id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [districtCode, id],
  );
  return row ?? null;
}

export async function markApiKeyRevoked(tx: Sql, districtCode: string, id: string): Promise<ApiKeyInfo> {
  const [row] = await tx.query<ApiKeyInfo>(
    `UPDATE api_key SET revoked_at = now() WHERE district_code = $1 AND id = $2 RETURNING ${INFO_COLUMNS}`,
    [districtCode, id],
  );
  return row!;
}

/**
 * The holder of a key, revoked or not, in any district: the caller tells "another district's key" from
 * "no such key". (A handful of rows per district, and callers cache: no index on the hash alone.)
 */
export async function findApiKeyHolder(db: Sql, keyHash: string): Promise<ApiKeyHolder | null> {
  const [row] = await db.query<ApiKeyHolder>(
    `SELECT id, district_code AS "districtCode", facility_code AS "facilityCode", label, revoked_at IS NOT NULL AS revoked
     FROM api_key WHERE key_hash = $1 LIMIT 1`,
    [keyHash],
  );
  return row ?? null;
}
