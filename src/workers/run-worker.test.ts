import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { keepWarm, startWorker, stopWarmWorkers, warmWorkersReady } from './run-worker.ts';

const ECHO = new URL('./fixtures/echo-worker.ts', import.meta.url);
const THREAD_ID = new URL('./fixtures/thread-id-worker.ts', import.meta.url);
const SCHED_IDLE = 5;

async function answer(worker: Worker): Promise<{ input: unknown; spare: boolean }> {
  const [message] = await once(worker, 'message');
  await once(worker, 'exit');
  return message;
}

test('a module not kept warm starts a worker of its own, with its input', async () => {
  assert.deepEqual(await answer(startWorker(ECHO, { rows: 3 })), { input: { rows: 3 }, spare: false });
});

test('a module kept warm runs on the spare started ahead; the next spare starts once that one is done', async () => {
  keepWarm(ECHO, { restartAfterMs: 200 });
  await warmWorkersReady();
  const first = startWorker(ECHO, 'first');
  // The spare is taken: a second start meanwhile gets a worker of its own.
  const second = startWorker(ECHO, 'second');
  assert.deepEqual(await answer(first), { input: 'first', spare: true });
  assert.deepEqual(await answer(second), { input: 'second', spare: false });
  // The next spare is due 200 ms after the last work ended: waiting for the spares waits for it too.
  await warmWorkersReady();
  assert.deepEqual(await answer(startWorker(ECHO, 'third')), { input: 'third', spare: true });
  // Other resource limits than the spare's: not the spare.
  assert.deepEqual(await answer(startWorker(ECHO, 'fourth', { youngGenerationMb: 4 })), { input: 'fourth', spare: false });
  await stopWarmWorkers();
  assert.deepEqual(await answer(startWorker(ECHO, 'fifth')), { input: 'fifth', spare: false });
});

/** Linux scheduling policy of a thread of this process: field 41 of its stat (5 = SCHED_IDLE). */
function schedulingPolicy(threadId: number): number {
  const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
}

const chrtAvailable = process.platform === 'linux' && spawnSync('chrt', ['--version']).status === 0;

test('a background worker runs under SCHED_IDLE where chrt is available', { skip: !chrtAvailable && 'no chrt (util-linux) here' }, async () => {
  const worker = startWorker(THREAD_ID, null);
  const [threadId] = (await once(worker, 'message')) as [number];
  let policy = schedulingPolicy(threadId);
  for (let i = 0; i < 100 && policy !== SCHED_IDLE; i++) {
    await sleep(20);
    policy = schedulingPolicy(threadId);
  }
  worker.postMessage('exit');
  await once(worker, 'exit');
  assert.equal(policy, SCHED_IDLE);
  // The main thread keeps the normal policy.
  assert.equal(schedulingPolicy(process.pid), 0);
});
