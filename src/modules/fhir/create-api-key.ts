/**
 * Use case: make an API key for a facility system. Checks the input → authorises → writes the key's
 * hash and the `apikey.add` audit record in one transaction. The key is in the result and nowhere else.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import { type ApiKeyInfo, apiKeyHash, insertApiKey } from './api-keys.ts';

export class ApiKeyInputError extends Error {}

/** A recognisable prefix lets secret scanners and people tell what a leaked string is. */
const KEY_PREFIX = 'sjk_';
const FACILITY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const MAX_LABEL_LENGTH = 100;

export async function createApiKey(
  db: Database,
  input: { districtCode: string; facilityCode: string; label: string },
  actor: Actor,
): Promise<ApiKeyInfo & { key: string }> {
  const facilityCode = input.facilityCode.trim();
  const label = input.label.trim();
  if (!FACILITY_CODE.test(facilityCode)) {
    throw new ApiKeyInputError('facility: 1–32 characters of letters, digits, dot, dash or underscore (the facility code)');
  }
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    throw new ApiKeyInputError(`label: 1–${MAX_LABEL_LENGTH} characters naming the system that uses the key`);
  }
  authorise(actor, 'POST /api/v1/api-keys');
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const info = await insertApiKey(tx, {
      districtCode: input.districtCode,
      id: randomUUID(),
      keyHash: apiKeyHash(key),
      facilityCode,
      label,
      createdBy: actor.username,
    });
    await recordAudit(tx, auditOfKeyChange(input.districtCode, 'apikey.add', info, actor));
    return { ...info, key };
  });
}

/** The audit record of making or revoking a key. */
export function auditOfKeyChange(districtCode: string, action: 'apikey.add' | 'apikey.revoke', key: ApiKeyInfo, actor: Actor) {
  return {
    districtCode,
    userId: actor.userId,
    username: actor.username,
    action,
    subject: `apikey:${key.id}`,
    detail: { facility: key.facilityCode, label: key.label, ...(actor.via === 'web' ? {} : { via: actor.via }) },
    ip: actor.ip,
  };
}
