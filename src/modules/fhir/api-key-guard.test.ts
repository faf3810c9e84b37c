import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sql } from '../../db/client.ts';
import { ApiKeyGuard } from './api-key-guard.ts';
import { type ApiKeyHolder, apiKeyHash } from './api-keys.ts';
import { FhirError } from './outcome.ts';

/** A database holding a few keys that counts the lookups reaching it. */
function keyTable(keys: Record<string, ApiKeyHolder>) {
  const byHash = new Map(Object.entries(keys).map(([key, holder]) => [apiKeyHash(key), holder]));
  const db = {
    lookups: 0,
    async query<T>(_text: string, params?: unknown[]): Promise<T[]> {
      db.lookups++;
      const holder = byHash.get(params![0] as string);
      return (holder ? [{ ...holder }] : []) as T[];
    },
    copyCsv: async () => undefined,
    copyOut: async () => new Uint8Array(),
  };
  return { db: db as Sql & { lookups: number }, keys: byHash };
}

const PKM = { id: 'k1', districtCode: '52.03', facilityCode: 'PKM-01', label: 'SIMPUS', revoked: false };
const refusal = (status: number, message: RegExp) => (error: unknown) =>
  error instanceof FhirError && error.status === status && message.test(error.message);

describe('API key guard', () => {
  test('takes the key from Authorization: Bearer or X-API-Key, and refuses anything else with 401', async () => {
    const { db } = keyTable({ 'sjk_good': PKM });
    const guard = new ApiKeyGuard(db, '52.03');
    assert.deepEqual(await guard.authenticate({ authorization: 'Bearer sjk_good' }), PKM);
    assert.deepEqual(await guard.authenticate({ authorization: 'bearer   sjk_good' }), PKM);
    assert.deepEqual(await guard.authenticate({ 'x-api-key': 'sjk_good' }), PKM);
    await assert.rejects(guard.authenticate({}), refusal(401, /API key required/));
    await assert.rejects(guard.authenticate({ authorization: 'Basic c2pr' }), refusal(401, /API key required/));
    await assert.rejects(guard.authenticate({ authorization: 'Bearer sjk_bad' }), refusal(401, /Unknown API key/));
  });

  test('a revoked key gets 401; another district’s key 403', async () => {
    const { db } = keyTable({ 'sjk_old': { ...PKM, revoked: true }, 'sjk_far': { ...PKM, id: 'k2', districtCode: '52.01' } });
    const guard = new ApiKeyGuard(db, '52.03');
    await assert.rejects(guard.authenticate({ 'x-api-key': 'sjk_old' }), refusal(401, /revoked/));
    await assert.rejects(guard.authenticate({ 'x-api-key': 'sjk_far' }), refusal(403, /another district/));
  });

  test('reads a key from the database once per cache period, and again after forget or expiry', async () => {
    const { db, keys } = keyTable({ 'sjk_good': PKM });
    const guard = new ApiKeyGuard(db, '52.03', 300);
    for (let i = 0; i < 5; i++) await guard.authenticate({ 'x-api-key': 'sjk_good' });
    assert.equal(db.lookups, 1);

    // Revoked in the database: the cached answer stands until the key is forgotten here.
    keys.get(apiKeyHash('sjk_good'))!.revoked = true;
    await guard.authenticate({ 'x-api-key': 'sjk_good' });
    guard.forget('k1');
    await assert.rejects(guard.authenticate({ 'x-api-key': 'sjk_good' }), refusal(401, /revoked/));
    assert.equal(db.lookups, 2);

    // Past the cache time (300 ms) the cached answer is given once more while the key is read again in
    // the background; the next request has what was read.
    keys.get(apiKeyHash('sjk_good'))!.revoked = false;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await assert.rejects(guard.authenticate({ 'x-api-key': 'sjk_good' }), refusal(401, /revoked/));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(db.lookups, 3);
    assert.deepEqual(await guard.authenticate({ 'x-api-key': 'sjk_good' }), PKM);
    assert.equal(db.lookups, 3);
  });
});
