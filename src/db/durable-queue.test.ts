import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CaseToOpen } from '../domain/eligibility.ts';
import { AuditBuffer } from '../modules/access/audit-buffer.ts';
import { CaseOpener } from '../modules/cases/case-opener.ts';
import type { Database, Sql } from './client.ts';
import { DurableQueue, FlushTimeoutError } from './durable-queue.ts';

/**
 * A database in memory that refuses the next `failures` transactions (as a server that went away), and
 * can lose the answer to a commit (the rows are in, the caller hears an error).
 */
class FlakyDatabase {
  failures = 0;
  loseNextCommitAnswer = false;
  readonly claimed = new Set<string>();
  readonly audit: string[] = [];
  readonly cases: string[] = [];
  readonly caseEvents: string[] = [];
  attempts = 0;

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
    const staged = { claimed: [] as string[], audit: [] as string[], cases: [] as string[], events: [] as string[] };
    const tx: Sql = {
      query: async <R>(text: string, params: unknown[] = []) => {
        if (text.startsWith('INSERT INTO written_batch')) {
          const id = params[0] as string;
          if (this.claimed.has(id) || staged.claimed.includes(id)) return [] as R[];
          staged.claimed.push(id);
          return [{ id }] as R[];
        }
        if (text.startsWith('DELETE FROM written_batch')) return [];
        if (text.includes('INSERT INTO membership_case')) {
          const ids = params[1] as string[];
          staged.cases.push(...ids);
          return ids.map((id) => ({ id })) as R[];
        }
        if (text.includes('INSERT INTO case_event')) {
          staged.events.push(...(params[1] as string[]));
          return [];
        }
        throw new Error(`unexpected statement ${text}`);
      },
      copyCsv: async (_table, _columns, csv) => {
        const text = typeof csv === 'string' ? csv : new TextDecoder().decode(csv);
        staged.audit.push(...text.split('\n').filter(Boolean));
      },
      copyOut: async () => new Uint8Array(0),
    };
    const result = await work(tx);
    for (const id of staged.claimed) this.claimed.add(id);
    this.audit.push(...staged.audit);
    this.cases.push(...staged.cases);
    this.caseEvents.push(...staged.events);
    if (this.loseNextCommitAnswer) {
      this.loseNextCommitAnswer = false;
      throw new Error('Connection terminated unexpectedly');
    }
    return result;
  }

  async query<R>(): Promise<R[]> {
    return []; // the case opener's look-up of open cases
  }

  asDatabase(): Database {
    return this as unknown as Database;
  }
}

const fast = { firstMs: 1, maxMs: 4 };
const auditEntry = (n: number) => ({ districtCode: '52.03', action: 'eligibility.check', subject: `check-${n}`, username: 'desk' });
const subjectOf = (csvLine: string) => csvLine.split(',')[5];
const decision = (route: string): CaseToOpen =>
  ({ route, ownerOffice: 'dinsos', basis: 'JAMINAN_PEMDA', openedAt: new Date('2026-12-01T01:00:00Z'), dueAt: new Date('2026-12-04T01:00:00Z') }) as CaseToOpen;
const nikOf = (n: number) => `52030101019000${String(n).padStart(2, '0')}`;

describe('a database that fails, then recovers', () => {
  it('gets every audit row and every case, in order, however many writes failed first', async () => {
    const db = new FlakyDatabase();
    const audit = new AuditBuffer(db.asDatabase(), { backoff: fast });
    const cases = new CaseOpener(db.asDatabase(), '52.03', { backoff: fast });
    const caseIds: string[] = [];
    db.failures = 7;
    for (let n = 0; n < 30; n++) {
      audit.add(auditEntry(n));
      caseIds.push(cases.open({ nik: nikOf(n), decision: decision('dinsos-reaktivasi-pbi'), username: 'desk', facilityCode: null }));
      // Several batches, each closed while the writes fail.
      if (n % 10 === 9) {
        void audit.flush(60_000);
        void cases.flush(60_000);
      }
    }
    await Promise.all([audit.flush(), cases.flush()]);
    assert.ok(db.attempts > 7, 'the failed writes were retried');
    assert.deepEqual(
      db.audit.map(subjectOf),
      Array.from({ length: 30 }, (_, n) => `check-${n}`),
    );
    assert.deepEqual(db.cases, caseIds);
    assert.deepEqual(db.caseEvents, caseIds);
    assert.equal(audit.state().backlogRows, 0);
    assert.equal(audit.state().failing, false);
  });

  it('writes a batch pushed right after a flush resolved (the pump is not left thinking it runs)', async () => {
    const db = new FlakyDatabase();
    const audit = new AuditBuffer(db.asDatabase(), { backoff: fast });
    for (let round = 0; round < 5; round++) {
      audit.add(auditEntry(round));
      await audit.flush(1_000);
    }
    assert.deepEqual(db.audit.map(subjectOf), ['check-0', 'check-1', 'check-2', 'check-3', 'check-4']);
  });

  it('does not write a batch twice when the answer to its commit was lost', async () => {
    const db = new FlakyDatabase();
    const audit = new AuditBuffer(db.asDatabase(), { backoff: fast });
    for (let n = 0; n < 3; n++) audit.add(auditEntry(n));
    db.loseNextCommitAnswer = true;
    await audit.flush();
    assert.equal(db.attempts, 2, 'retried after the lost answer');
    assert.deepEqual(db.audit.map(subjectOf), ['check-0', 'check-1', 'check-2']);
  });

  it('lets a flush give up after its timeout while the rows stay queued, and reports the backlog', async () => {
    const db = new FlakyDatabase();
    const audit = new AuditBuffer(db.asDatabase(), { backoff: { firstMs: 5, maxMs: 5 } });
    db.failures = Number.POSITIVE_INFINITY;
    audit.add(auditEntry(1));
    audit.add(auditEntry(2));
    await assert.rejects(audit.flush(50), (error) => error instanceof FlushTimeoutError && /2 audit rows .*ECONNREFUSED/.test(error.message));
    const state = audit.state();
    assert.equal(state.backlogRows, 2);
    assert.equal(state.failing, true);
    assert.match(String(state.lastError), /ECONNREFUSED/);
    db.failures = 0;
    await audit.flush();
    assert.deepEqual(db.audit.map(subjectOf), ['check-1', 'check-2']);
  });
});

describe('the journal', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-journal-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const queueOn = (db: FlakyDatabase, file: string, maxBytes = 1 << 20) =>
    new DurableQueue<string>({
      name: 'test',
      db: db.asDatabase(),
      write: (tx, text) => tx.copyCsv('t', ['x'], text),
      encode: (text) => text,
      decode: (text) => text,
      journal: { path: file, maxBytes },
      backoff: { firstMs: 2, maxMs: 5 },
      log: () => undefined,
    });
  const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
    for (const start = Date.now(); !(await condition()); ) {
      if (Date.now() - start > 5_000) assert.fail(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('is not made while the database answers', async () => {
    const file = path.join(dir, 'quiet', 'q.jsonl');
    const db = new FlakyDatabase();
    const queue = queueOn(db, file);
    queue.push('a\n', 1);
    await queue.flush();
    await queue.close();
    assert.equal(existsSync(file), false);
  });

  it('holds what the database did not take; a new start replays it once and empties it', async () => {
    const file = path.join(dir, 'replay', 'q.jsonl');
    const down = new FlakyDatabase();
    down.failures = Number.POSITIVE_INFINITY;
    const first = queueOn(down, file);
    first.push('a\nb\n', 2);
    first.push('c\n', 1);
    await until(async () => existsSync(file) && (await readFile(file, 'utf8')).split('\n').length === 3, 'two journaled batches');
    first.push('d\n', 1); // queued while failing: journaled at once
    await until(
      async () => (await readFile(file, 'utf8')).split('\n').length === 4 && first.state().journalBytes === (await stat(file)).size,
      'the third batch, counted',
    );
    // The process dies here (nothing more is written); a line cut short by the crash is left behind.
    await appendFile(file, '{"id":"cut');

    const up = new FlakyDatabase();
    const second = queueOn(up, file);
    const recovered = await second.recover();
    assert.deepEqual(recovered, ['a\nb\n', 'c\n', 'd\n']);
    second.push('e\n', 1);
    await second.flush();
    assert.deepEqual(up.audit, ['a', 'b', 'c', 'd', 'e']);
    await until(async () => (await stat(file)).size === 0, 'the journal emptied');
    // Replayed again (a crash before it was emptied): the batch ids were claimed, nothing doubles.
    const text = `${JSON.stringify({ id: [...up.claimed][0], rows: 2, batch: 'a\nb\n' })}\n`;
    await appendFile(file, text);
    const third = queueOn(up, file);
    await third.recover();
    await third.flush();
    assert.deepEqual(up.audit, ['a', 'b', 'c', 'd', 'e']);
    await Promise.all([first.close(1), second.close(), third.close()]);
  });

  it('also holds what waits behind a write that hangs rather than fails, and keeps the order', async () => {
    const file = path.join(dir, 'hang', 'q.jsonl');
    const db = new FlakyDatabase();
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction.bind(db);
    let first = true;
    db.transaction = async (work) => {
      if (first) {
        first = false;
        await hanging; // a connection that does not answer, then does
      }
      return transaction(work);
    };
    const queue = new DurableQueue<string>({
      name: 'test',
      db: db.asDatabase(),
      write: (tx, text) => tx.copyCsv('t', ['x'], text),
      encode: (text) => text,
      decode: (text) => text,
      journal: { path: file, maxBytes: 1 << 20 },
      slowWriteMs: 20,
      log: () => undefined,
    });
    queue.push('a\n', 1);
    queue.push('b\n', 1);
    await until(() => queue.state().failing && queue.state().journalBytes > 0, 'the slow write reported and journaled');
    assert.match(String(queue.state().lastError), /has not answered/);
    assert.equal((await readFile(file, 'utf8')).split('\n').filter(Boolean).length, 2);
    release();
    await queue.flush();
    assert.deepEqual(db.audit, ['a', 'b']);
    assert.equal(queue.state().failing, false);
    await queue.close();
  });

  it('is bounded: past its size it says so, and the rows are still written when the database answers', async () => {
    const file = path.join(dir, 'full', 'q.jsonl');
    const db = new FlakyDatabase();
    db.failures = Number.POSITIVE_INFINITY;
    const queue = queueOn(db, file, 200);
    for (let n = 0; n < 10; n++) queue.push(`row-${n}-${'x'.repeat(20)}\n`, 1);
    await until(() => queue.state().journalFull && queue.state().journalBytes > 0, 'the journal full');
    assert.ok((await stat(file)).size <= 200);
    db.failures = 0;
    queue.wake();
    await queue.flush();
    assert.equal(db.audit.length, 10);
    await until(() => !queue.state().journalFull, 'the journal emptied');
    await queue.close();
  });
});
