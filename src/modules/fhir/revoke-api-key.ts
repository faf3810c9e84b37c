/**
 * Use case: revoke an API key. Loads the key (locked) → authorises → guards its state (known, not yet
 * revoked) → writes the revocation and the `apikey.revoke` audit record in one transaction → after the
 * commit, this server's key cache forgets it, so the key is refused at once here (within half a minute
 * by any other server).
 */
import type { Database } from '../../db/client.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import type { ApiKeyGuard } from './api-key-guard.ts';
import { type ApiKeyInfo, findApiKey, markApiKeyRevoked } from './api-keys.ts';
import { auditOfKeyChange } from './create-api-key.ts';

export type RevokeResult = { revoked: ApiKeyInfo } | { unknown: true } | { alreadyRevoked: ApiKeyInfo };

export async function revokeApiKey(
  db: Database,
  guard: Pick<ApiKeyGuard, 'forget'>,
  args: { districtCode: string; id: string },
  actor: Actor,
): Promise<RevokeResult> {
  authorise(actor, 'POST /api/v1/api-keys/:id/revoke');
  const { districtCode, id } = args;
  const result = await db.transaction(async (tx): Promise<RevokeResult> => {
    const found = await findApiKey(tx, districtCode, id, { lock: true });
    if (!found) return { unknown: true };
    if (found.revokedAt !== null) return { alreadyRevoked: found };
    const revoked = await markApiKeyRevoked(tx, districtCode, id);
    await recordAudit(tx, auditOfKeyChange(districtCode, 'apikey.revoke', revoked, actor));
    return { revoked };
  });
  if ('revoked' in result) guard.forget(result.revoked.id);
  return result;
}
