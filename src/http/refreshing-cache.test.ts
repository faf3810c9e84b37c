import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefreshingCache } from './refreshing-cache.ts';

/** A read that waits until the test settles it, counting calls per key. */
function controlledReads() {
  const calls: string[] = [];
  const pending: { key: string; resolve(value: string): void; reject(error: Error): void }[] = [];
  const read = (key: string) => {
    calls.push(key);
    return new Promise<string>((resolve, reject) => pending.push({ key, resolve, reject }));
  };
  return { read, calls, pending };
}

function cacheWith(reads: ReturnType<typeof controlledReads>, maxKeys = 100) {
  let now = 1_000;
  const cache = new RefreshingCache(reads.read, { freshMs: 100, staleMs: 50, maxKeys, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('requests for a key not yet read share one read', async () => {
  const reads = controlledReads();
  const { cache } = cacheWith(reads);
  const waiting = [cache.get('s1'), cache.get('s1'), cache.get('s1')];
  assert.deepEqual(reads.calls, ['s1']);
  reads.pending[0].resolve('alice');
  assert.deepEqual(await Promise.all(waiting), ['alice', 'alice', 'alice']);
  assert.equal(cache.get('s1'), 'alice', 'then given at once');
  assert.deepEqual(reads.calls, ['s1']);
});

test('past its time a value is still given at once while one read refreshes it; past the stale time requests wait', async () => {
  const reads = controlledReads();
  const { cache, advance } = cacheWith(reads);
  const first = cache.get('s1');
  reads.pending[0].resolve('alice');
  await first;
  advance(120); // past fresh (100), within stale (+50)
  assert.equal(cache.get('s1'), 'alice');
  assert.equal(cache.get('s1'), 'alice');
  assert.equal(reads.calls.length, 2, 'one refresh for both requests');
  reads.pending[1].resolve('alice, role changed');
  await flush();
  assert.equal(cache.get('s1'), 'alice, role changed');

  advance(200); // past fresh and stale: the request waits for the read
  const waiting = cache.get('s1');
  assert.ok(waiting instanceof Promise);
  reads.pending[2].resolve('alice again');
  assert.equal(await waiting, 'alice again');
});

test('a failed first read fails its requests and is tried again by the next; a failed refresh keeps the value', async () => {
  const reads = controlledReads();
  const { cache, advance } = cacheWith(reads);
  const first = cache.get('s1');
  reads.pending[0].reject(new Error('database busy'));
  await assert.rejects(Promise.resolve(first), /database busy/);
  const second = cache.get('s1');
  assert.equal(reads.calls.length, 2);
  reads.pending[1].resolve('alice');
  assert.equal(await second, 'alice');

  advance(120);
  assert.equal(cache.get('s1'), 'alice');
  reads.pending[2].reject(new Error('database busy'));
  await flush();
  assert.equal(cache.get('s1'), 'alice', 'still within the stale time');
  assert.equal(reads.calls.length, 4, 'and read again');
});

test('a key forgotten during its read is not kept (a logout wins over a read already under way)', async () => {
  const reads = controlledReads();
  const { cache } = cacheWith(reads);
  const during = cache.get('s1');
  cache.forget('s1');
  reads.pending[0].resolve('alice');
  assert.equal(await during, 'alice', 'the request already waiting gets its answer');
  assert.ok(cache.get('s1') instanceof Promise, 'the next request reads again');
  assert.equal(reads.calls.length, 2);
});

test('keys are forgotten by their value, and the cache starts again empty past its size', async () => {
  const reads = controlledReads();
  const { cache } = cacheWith(reads, 2);
  const a = cache.get('k1');
  const b = cache.get('k2');
  reads.pending[0].resolve('holder-1');
  reads.pending[1].resolve('holder-2');
  await Promise.all([a, b]);
  cache.forgetWhere((holder) => holder === 'holder-1');
  assert.ok(cache.get('k1') instanceof Promise);
  assert.equal(cache.get('k2'), 'holder-2');
  void cache.get('k3'); // a third key: the two known ones are dropped
  assert.ok(cache.get('k2') instanceof Promise);
});

test('while reads fail, a value read before is still given up to the grace time; a key never read gets the error', async () => {
  const reads = controlledReads();
  let now = 1_000;
  const cache = new RefreshingCache(reads.read, { freshMs: 100, staleMs: 50, graceMs: 1_000, maxKeys: 100, now: () => now });
  const first = cache.get('s1');
  reads.pending[0].resolve('alice');
  await first;
  now += 300; // past fresh and stale, within grace: the request waits for the read, and gets the old value when it fails
  const waiting = cache.get('s1');
  reads.pending[1].reject(new Error('connect ECONNREFUSED'));
  assert.equal(await waiting, 'alice');
  // Once a read has failed, requests get the old value at once, with one read at a time behind them.
  assert.equal(cache.get('s1'), 'alice');
  assert.equal(cache.get('s1'), 'alice');
  assert.equal(reads.calls.length, 3);
  reads.pending[2].reject(new Error('connect ECONNREFUSED'));
  await flush();
  const unknown = cache.get('s2');
  reads.pending[3].reject(new Error('connect ECONNREFUSED'));
  await assert.rejects(Promise.resolve(unknown), /ECONNREFUSED/);
  now += 1_000; // past the grace time: the error, not the old value
  const late = cache.get('s1');
  reads.pending[4].reject(new Error('connect ECONNREFUSED'));
  await assert.rejects(Promise.resolve(late), /ECONNREFUSED/);
  // The database answers again: the value is read afresh.
  const back = cache.get('s1');
  reads.pending[5].resolve('alice again');
  assert.equal(await back, 'alice again');
});
