import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppContext } from '../app/context.ts';
import { isDatabaseUnavailable } from '../db/client.ts';
import type { QueueState } from '../db/durable-queue.ts';
import { healthReport } from './health.ts';

const idle: QueueState = { backlogRows: 0, failing: false, lastError: null, journalBytes: 0, journalFull: false };

function fixture() {
  const probes: number[] = [];
  let up = true;
  const app = {
    db: { kind: 'server', probe: async (timeoutMs: number) => (probes.push(timeoutMs), up) },
    district: { district: { code: '52.03' }, timeZone: 'Asia/Makassar' },
  } as unknown as AppContext;
  const writers = { audit: { ...idle }, cases: { ...idle } };
  const report = healthReport(app, { writers: () => writers });
  return { report, writers, probes, setUp: (value: boolean) => (up = value) };
}

test('health is ok with the database up and nothing waiting, and probes the database at most once a second', async () => {
  const { report, probes } = fixture();
  assert.deepEqual(await report(), {
    status: 'ok',
    district: '52.03',
    timeZone: 'Asia/Makassar',
    backend: 'server',
    database: 'up',
    auditBacklog: 0,
    caseBacklog: 0,
    journalBytes: 0,
    journalFull: false,
    lastError: null,
  });
  await report();
  await report();
  assert.deepEqual(probes, [1_000], 'one bounded probe for three reports within a second');
});

test('health is degraded while the database is down, a writer is failing, or a journal is full', async () => {
  const down = fixture();
  down.setUp(false);
  assert.deepEqual([(await down.report()).status, (await down.report()).database], ['degraded', 'down']);

  const failing = fixture();
  failing.writers.audit = { backlogRows: 37, failing: true, lastError: 'connect ECONNREFUSED', journalBytes: 4_096, journalFull: false };
  failing.writers.cases = { ...idle, backlogRows: 2, journalBytes: 100 };
  const report = await failing.report();
  assert.equal(report.status, 'degraded');
  assert.equal(report.database, 'up');
  assert.equal(report.auditBacklog, 37);
  assert.equal(report.caseBacklog, 2);
  assert.equal(report.journalBytes, 4_196);
  assert.equal(report.lastError, 'connect ECONNREFUSED');

  const full = fixture();
  full.writers.cases = { ...idle, journalFull: true };
  assert.equal((await full.report()).status, 'degraded');
});

test('errors of an unreachable database are told apart from errors in a statement', () => {
  const unavailable = [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('The embedded database worker stopped unexpectedly (exit code 1)'),
    Object.assign(new Error('3 audit rows are not yet in the database'), { name: 'FlushTimeoutError' }),
  ];
  for (const error of unavailable) assert.equal(isDatabaseUnavailable(error), true, error.message);
  const statement = [
    Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
    Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }),
    new Error('something else'),
  ];
  for (const error of statement) assert.equal(isDatabaseUnavailable(error), false, error.message);
});
