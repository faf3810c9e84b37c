import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from './cache.ts';

describe('TtlCache', () => {
  it('returns an entry until its TTL is over', () => {
    const clock = { now: 0 };
    const cache = new TtlCache<string>({ ttlMs: 60_000, maxEntries: 10, now: () => clock.now });
    cache.set('a', 'A');
    clock.now = 59_999;
    assert.equal(cache.get('a'), 'A');
    clock.now = 60_000;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('drops the oldest entry when full; a rewritten key counts as new', () => {
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 3);
    assert.equal(cache.get('c'), 4);
  });
});
