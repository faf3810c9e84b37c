/**
 * Who is calling `/fhir`: the API key in `Authorization: Bearer <key>` or `X-API-Key`, looked up at most
 * every half minute per key and then in the background (like sessions, http/refreshing-cache.ts), so a
 * facility system's lookups do not each wait for the database. A key revoked here is forgotten at once;
 * one revoked by another server is refused within twice the cache time.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Sql } from '../../db/client.ts';
import { type ApiKeyHolder, apiKeyHash, findApiKeyHolder } from './api-keys.ts';
import { RefreshingCache } from '../../http/refreshing-cache.ts';
import { FhirError } from './outcome.ts';

const KEY_CACHE_MS = 30_000;
/** Random wrong keys must not grow the cache without bound. */
const MAX_CACHED_KEYS = 10_000;

export class ApiKeyGuard {
  private readonly holders: RefreshingCache<ApiKeyHolder | null>;

  constructor(
    db: Sql,
    private readonly districtCode: string,
    cacheMs = KEY_CACHE_MS,
  ) {
    this.holders = new RefreshingCache((hash) => findApiKeyHolder(db, hash), { freshMs: cacheMs, staleMs: cacheMs, maxKeys: MAX_CACHED_KEYS });
  }

  /** The key's holder, or a FhirError: 401 without a valid key, 403 for another district's key. */
  async authenticate(headers: IncomingHttpHeaders): Promise<ApiKeyHolder> {
    const key = presentedKey(headers);
    if (!key) throw new FhirError(401, 'login', 'API key required: Authorization: Bearer <key> or X-API-Key: <key>');
    const holder = await this.lookup(key);
    if (!holder || holder.revoked) throw new FhirError(401, 'login', holder ? 'This API key was revoked' : 'Unknown API key');
    if (holder.districtCode !== this.districtCode) throw new FhirError(403, 'forbidden', 'This API key belongs to another district');
    return holder;
  }

  /** Drops a key from the cache (after it is revoked), so the next request reads it again. */
  forget(id: string): void {
    this.holders.forgetWhere((holder) => holder?.id === id);
  }

  private lookup(key: string): ApiKeyHolder | null | Promise<ApiKeyHolder | null> {
    return this.holders.get(apiKeyHash(key));
  }
}

function presentedKey(headers: IncomingHttpHeaders): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  const header = headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  return key?.trim() || null;
}
