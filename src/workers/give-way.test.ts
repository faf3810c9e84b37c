import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopLateness } from './give-way.ts';

test('background steps wait while the event loop has been running late', async () => {
  const loop = new EventLoopLateness();
  try {
    const until = performance.now() + 50;
    while (performance.now() < until); // the main thread busy: the next tick runs 40 ms late
    await sleep(15);
    const start = performance.now();
    await loop.giveWay();
    assert.ok(performance.now() - start >= 60, `waited ${(performance.now() - start).toFixed(0)} ms`);
  } finally {
    loop.close();
  }
});
