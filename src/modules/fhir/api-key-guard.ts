/**
 * Who is calling `/fhir`: the API key in `Authorization: Bearer <key>` or `X-API-Key`, looked up at most
 * every half minute per key (like sessions), so a facility system's lookups do not each wait for the
 * database. A key revoked here is forgotten at once; one revoked by another server is refused within
 * the cache time.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Sql } from '../../db/client.ts';
import { type ApiKeyHolder, apiKeyHash, findApiKeyHolder } from './api-keys.ts';
import { FhirError } from './outcome.ts';

const KEY_CACHE_MS = 30_000;
/** Random wrong keys must not grow the cache without bound. */
const MAX_CACHED_KEYS = 10_000;

export class ApiKeyGuard {
  private readonly cache = new Map<string, { holder: ApiKeyHolder | null; until: number }>();

  constructor(
    private readonly db: Sql,
    private readonly districtCode: string,
    private readonly cacheMs = KEY_CACHE_MS,
  ) {}

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
    for (const [hash, entry] of this.cache) if (entry.holder?.id === id) this.cache.delete(hash);
  }

  private async lookup(key: string): Promise<ApiKeyHolder | null> {
    const hash = apiKeyHash(key);
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.holder;
    const holder = await findApiKeyHolder(this.db, hash);
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(hash, { holder, until: Date.now() + this.cacheMs });
    return holder;
  }
}

function presentedKey(headers: IncomingHttpHeaders): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  const header = headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  return key?.trim() || null;
}
