import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { foregroundActive, giveWayToForeground, noteForegroundWork } from './foreground.ts';

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: the main thread is short of CPU as far as the event loop can tell
  }
}

test('background work waits while the event loop runs late, then goes on', async () => {
  await giveWayToForeground();
  await sleep(30);
  blockEventLoop(40);
  await sleep(15); // the late tick is noted
  const start = performance.now();
  await giveWayToForeground();
  const waited = performance.now() - start;
  assert.ok(waited >= 50, `waited ${waited.toFixed(0)} ms after a 40 ms stall`);
  assert.ok(waited < 1_500, 'never much longer than its bound of 1 s');
});

test('the counter counts as in use for a few seconds after a check, not before any', () => {
  assert.equal(foregroundActive(), false);
  noteForegroundWork();
  assert.equal(foregroundActive(), true);
});
