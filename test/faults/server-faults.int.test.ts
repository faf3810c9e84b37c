/**
 * The quality bar of issue #13 "Faults lose nothing", on a real PostgreSQL server of this test's own,
 * with `smart-jkn serve` in a child process so that an exit shows:
 *
 * - the server restarted (`pg_ctl restart -m fast`), then stopped for a while and started again, under
 *   counter checks over HTTP: every check is answered, the server never exits, and the audit records
 *   counted afterwards equal the checks answered, the cases answered are all in the database;
 * - a server that journaled checks while the database was away is killed with SIGKILL: the next start
 *   replays the journal, and the counts are equal again.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { NO_POSTGRES, postgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/smart-jkn.mjs');
const bin = postgresBin();
/** Every server started, killed when the tests end (also when one fails half-way). */
const children = new Set<ChildProcess>();

interface Served {
  url: string;
  child: ChildProcess;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null;
  output: () => string;
}

function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const served: Served = { url, child, exited: null, output: () => out };
  children.add(child);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.on('exit', (code, signal) => (served.exited = { code, signal }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes(url)) {
        clearTimeout(timer);
        resolve(served);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`smart-jkn ${args.join(' ')}: ${out}`)))));
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dinkes', password: 'demo-dinkes' }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.headers.get('set-cookie')!.split(';')[0];
}

const health = async (url: string) => (await fetch(`${url}/api/health`)).json() as Promise<Record<string, unknown>>;

async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Counter checks over HTTP, one after another, each asserted answered. */
class Desk {
  answered = 0;
  readonly caseIds = new Set<string>();
  private next = 0;
  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly niks: string[],
  ) {}

  async check(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const nik = this.niks[this.next++ % this.niks.length];
      const response = await fetch(`${this.url}/api/v1/eligibility/${nik}`, { headers: { cookie: this.cookie } });
      assert.equal(response.status, 200, `check ${this.answered + 1}: ${await response.clone().text()}`);
      const answer = (await response.json()) as { caseId: string | null };
      if (answer.caseId) this.caseIds.add(answer.caseId);
      this.answered++;
    }
  }

  /** Checks until `work` has finished (a restart of the database under load). */
  async during(work: () => Promise<void>): Promise<void> {
    let done = false;
    const load = (async () => {
      while (!done) await this.check(1);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      await work();
    } finally {
      done = true;
      await load;
    }
  }
}

describe('PostgreSQL going away under counter checks', { skip: bin ? false : NO_POSTGRES }, () => {
  let postgres: ThrowawayPostgres;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let niks: string[];

  const counts = async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const [audit] = (await client.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'eligibility.check'`)).rows;
      const cases = (await client.query<{ id: string }>('SELECT id FROM membership_case')).rows.map((r) => r.id);
      return { checks: audit.n as number, cases: new Set(cases) };
    } finally {
      await client.end();
    }
  };
  /** The rows in a writer's journal: its batches are whole lines, each with its row count. */
  const journaledRows = (writer: 'audit' | 'cases') => {
    try {
      const lines = readFileSync(path.join(tmp, 'journal', `${writer}.jsonl`), 'utf8').split('\n').filter(Boolean);
      return lines.reduce((sum, line) => sum + (JSON.parse(line) as { rows: number }).rows, 0);
    } catch {
      return 0;
    }
  };

  before(async () => {
    postgres = await startThrowawayPostgres(bin!);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-faults-'));
    env = {
      ...process.env,
      DATABASE_URL: postgres.url,
      SMART_JKN_DATA_DIR: path.join(tmp, 'data'),
      SMART_JKN_JOURNAL_DIR: path.join(tmp, 'journal'),
    };
    await runCli(['demo', '--scale', '0.002'], env);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    // Residents whose membership is not active too, so that checks open cases.
    niks = (await client.query<{ nik: string }>('SELECT nik FROM resident ORDER BY md5(nik) LIMIT 300')).rows.map((r) => r.nik);
    await client.end();
  });
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    postgres?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps answering through a restart and a stop, never exits, and writes an audit record for every check answered', async () => {
    const server = await serve(env);
    try {
      const desk = new Desk(server.url, await login(server.url), niks);
      await desk.check(20);
      await desk.during(() => postgres.restart());
      await desk.check(20);

      await postgres.stop();
      await desk.check(40); // from the mirror, with the session known
      const stranger = await fetch(`${server.url}/api/v1/eligibility/${niks[0]}`, { headers: { cookie: 'smartjkn_session=never-seen' } });
      assert.equal(stranger.status, 503, 'a session it cannot read is not refused as if logged out');
      const down = await until('the health report to see the database away', async () => {
        const report = await health(server.url);
        return report.database === 'down' && report;
      });
      assert.equal(down.status, 'degraded');
      assert.ok(Number(down.auditBacklog) > 0, JSON.stringify(down));
      await until('the backlog journaled', async () => Number((await health(server.url)).journalBytes) > 0);
      await postgres.start();
      await desk.check(20);

      const up = await until('the backlog written', async () => {
        const report = await health(server.url);
        return report.database === 'up' && report.auditBacklog === 0 && report.caseBacklog === 0 && report.journalBytes === 0 && report;
      });
      assert.equal(up.status, 'ok', JSON.stringify(up));
      const written = await counts();
      assert.equal(written.checks, desk.answered, 'an audit record for every check answered');
      for (const id of desk.caseIds) assert.ok(written.cases.has(id), `case ${id} answered but not written`);
      assert.ok(desk.caseIds.size > 0, 'some checks opened cases');
      assert.equal(server.exited, null, server.output());
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => (server.exited ? resolve(null) : server.child.once('exit', resolve)));
    }
  });

  it('replays, at the next start, the journal of a server killed with SIGKILL while the database was away', async () => {
    const before = await counts();
    const server = await serve(env);
    const desk = new Desk(server.url, await login(server.url), niks.slice().reverse());
    await desk.check(10);
    await until('the first checks written', async () => (await health(server.url)).auditBacklog === 0);
    await postgres.stop();
    await desk.check(30);
    // Everything the server holds is in its journals (and nothing more: the earlier checks were written).
    await until('the 30 checks and their cases journaled', async () => {
      const report = await health(server.url);
      return journaledRows('audit') === 30 && report.auditBacklog === 30 && report.caseBacklog === journaledRows('cases');
    });
    server.child.kill('SIGKILL');
    await new Promise((resolve) => (server.exited ? resolve(null) : server.child.once('exit', resolve)));

    await postgres.start();
    const again = await serve(env);
    try {
      await until('the journal replayed', async () => {
        const report = await health(again.url);
        return report.auditBacklog === 0 && report.caseBacklog === 0 && report.journalBytes === 0 && report.database === 'up';
      });
      const after = await counts();
      assert.equal(after.checks - before.checks, desk.answered, 'an audit record for every check answered, none twice');
      for (const id of desk.caseIds) assert.ok(after.cases.has(id), `case ${id} answered but not written`);
      assert.equal(again.exited, null, again.output());
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((resolve) => (again.exited ? resolve(null) : again.child.once('exit', resolve)));
    }
  });
});
