/**
 * API keys for facility systems: one per facility system, scoped to a facility and the district. Only a
 * sha256 hash of the key is stored (the key is random, so a slow hash would add nothing); the key itself
 * is shown once, when it is made. Making and revoking a key are audited in the same transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Sql } from '../../db/client.ts';
import { recordAudit } from '../access/audit.ts';

export class ApiKeyInputError extends Error {}

/** A recognisable prefix lets secret scanners and people tell what a leaked string is. */
const KEY_PREFIX = 'sjk_';
const FACILITY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const MAX_LABEL_LENGTH = 100;

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

/** Who makes or revokes a key, for the audit record written with the change. */
export interface KeyActor {
  userId: number | null;
  username: string;
  ip: string | null;
  via?: 'cli';
}

/** Makes a key and its audit record in one transaction; the key is in the result and nowhere else. */
export async function issueApiKey(
  db: Database,
  input: { districtCode: string; facilityCode: string; label: string },
  actor: KeyActor,
): Promise<ApiKeyInfo & { key: string }> {
  const facilityCode = input.facilityCode.trim();
  const label = input.label.trim();
  if (!FACILITY_CODE.test(facilityCode)) {
    throw new ApiKeyInputError('facility: 1–32 characters of letters, digits, dot, dash or underscore (the facility code)');
  }
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    throw new ApiKeyInputError(`label: 1–${MAX_LABEL_LENGTH} characters naming the system that uses the key`);
  }
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyInfo>(
      `INSERT INTO api_key (district_code, id, key_hash, facility_code, label, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${INFO_COLUMNS}`,
      [input.districtCode, randomUUID(), apiKeyHash(key), facilityCode, label, actor.username],
    );
    await auditKeyChange(tx, input.districtCode, 'apikey.add', row!, actor);
    return { ...row!, key };
  });
}

function auditKeyChange(tx: Sql, districtCode: string, action: string, key: ApiKeyInfo, actor: KeyActor) {
  return recordAudit(tx, {
    districtCode,
    userId: actor.userId,
    username: actor.username,
    action,
    subject: `apikey:${key.id}`,
    detail: { facility: key.facilityCode, label: key.label, ...(actor.via ? { via: actor.via } : {}) },
    ip: actor.ip,
  });
}

const INFO_COLUMNS = `id, facility_code AS "facilityCode", label, created_by AS "createdBy",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "revokedAt"`;

export async function listApiKeys(db: Sql, districtCode: string): Promise<ApiKeyInfo[]> {
  return db.query<ApiKeyInfo>(`SELECT ${INFO_COLUMNS} FROM api_key WHERE district_code = $1 ORDER BY created_at, id`, [districtCode]);
}

export type RevokeResult = { revoked: ApiKeyInfo } | { unknown: true } | { alreadyRevoked: ApiKeyInfo };

/** Revokes a key and writes its audit record in one transaction. */
export async function revokeApiKey(db: Database, districtCode: string, id: string, actor: KeyActor): Promise<RevokeResult> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx.query<ApiKeyInfo>(
      `UPDATE api_key SET revoked_at = now() WHERE district_code = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${INFO_COLUMNS}`,
      [districtCode, id],
    );
    if (revoked) {
      await auditKeyChange(tx, districtCode, 'apikey.revoke', revoked, actor);
      return { revoked };
    }
    const [existing] = await tx.query<ApiKeyInfo>(`SELECT ${INFO_COLUMNS} FROM api_key WHERE district_code = $1 AND id = $2`, [districtCode, id]);
    return existing ? { alreadyRevoked: existing } : { unknown: true };
  });
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
