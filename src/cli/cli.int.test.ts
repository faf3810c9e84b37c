/**
 * The command line as a user runs it, in real processes: exit codes, JSON, the embedded database's
 * lock between two processes, and a process killed in the middle of an import.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { backends } from '../../test/support/backends.ts';
import { csvFile, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../test/support/files.ts';
import { openApp } from '../app/context.ts';
import type { DatabaseConfig } from '../config.ts';
import { lockPathFor } from '../db/lock.ts';
import { CoverageService } from '../modules/coverage/coverage-service.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/smart-jkn.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliEnv(config: DatabaseConfig): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  return env;
}

function start(config: DatabaseConfig, args: string[]): ChildProcess {
  const dataDir = config.databaseUrl ? [] : ['--data-dir', config.dataDir];
  return spawn(process.execPath, [BIN, ...dataDir, ...args], { env: cliEnv(config), stdio: 'pipe' });
}

function cli(config: DatabaseConfig, args: string[], input?: string): Promise<Run> {
  const child = start(config, args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A large valid peserta file, so an import is still running when the test kills it. */
async function bigPesertaFile(rows: number): Promise<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-big-')), 'peserta.csv');
  const out = createWriteStream(file);
  out.write(`${PESERTA_HEADER}\n`);
  for (let i = 1; i <= rows; i++) {
    const n = `520301${String(1 + (i % 28)).padStart(2, '0')}0190${String(1 + Math.floor(i / 28)).padStart(4, '0')}`;
    if (!out.write(`${n},${String(i).padStart(13, '0')},PBPU,3,AKTIF,,,,2025-06-30\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

for (const backend of backends()) {
  describe(`command line on ${backend.name}`, () => {
    let config: DatabaseConfig;
    let dispose: () => Promise<void>;
    const baseline = { population: 0, registered: 0, active: 0 };

    before(async () => {
      ({ config, dispose } = await backend.create()); // the processes under test open it themselves
      const penduduk = csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3, '52.03.05.2001')]);
      const peserta = csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF', segmen: 'PBPU' })]);
      assert.equal((await cli(config, ['import', 'penduduk', penduduk])).code, 0);
      assert.equal((await cli(config, ['import', 'peserta', peserta])).code, 0);
      Object.assign(baseline, { population: 3, registered: 2, active: 1 });
    });
    after(() => dispose());

    test('report coverage prints the contract JSON', async () => {
      const run = await cli(config, ['report', 'coverage', '--level', 'kecamatan', '--format', 'json']);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(Object.keys(report), ['asOf', 'level', 'total', 'rows', 'uhcAward']);
      assert.equal(report.total.code, '52.03');
      assert.equal(report.level, 'kecamatan');
      assert.equal(report.rows.length, 21);
      assert.deepEqual(
        [report.total.population, report.total.registered, report.total.active],
        [baseline.population, baseline.registered, baseline.active],
      );
      assert.deepEqual(Object.keys(report.uhcAward), ['category', 'next', 'activationsNeeded']);
    });

    test('import exits 1 on rejected rows with every row in JSON, 2 on usage errors', async () => {
      const bad = csvFile([PESERTA_HEADER, pesertaRow(1), `${nik(2)},1,PBPU,3,AKTIF,,,,2025-05-31`, `${nik(3)},0000000000003,PBPU,9,AKTIF,,,,2025-05-31`]);
      const rejected = await cli(config, ['import', 'peserta', bad, '--format', 'json']);
      assert.equal(rejected.code, 1);
      const body = JSON.parse(rejected.stdout);
      assert.equal(body.status, 'rejected');
      assert.deepEqual(
        body.issues.map((i: { line: number; column: string }) => [i.line, i.column]),
        [
          [3, 'no_kartu'],
          [4, 'kelas'],
        ],
      );
      const text = await cli(config, ['import', 'peserta', bad]);
      assert.match(text.stderr, /line 3, column no_kartu: must be exactly 13 digits/);
      assert.equal((await cli(config, ['import', 'pasien', bad])).code, 2);
      assert.equal((await cli(config, ['import', 'peserta', '/no/such/file.csv'])).code, 2);
      assert.equal((await cli(config, ['report', 'coverage', '--level', 'provinsi'])).code, 2);
      const skipped = await cli(config, ['import', 'peserta', bad, '--skip-invalid', '--format', 'json']);
      assert.equal(skipped.code, 0);
      assert.equal(JSON.parse(skipped.stdout).rowsValid, 1);
    });

    test('user add reads the password from standard input', async () => {
      const added = await cli(config, ['user', 'add', 'operator1', '--role', 'dinkes'], 'kata-sandi-panjang\n');
      assert.equal(added.code, 0, added.stderr);
      const short = await cli(config, ['user', 'add', 'operator2', '--role', 'dinkes'], 'pendek\n');
      assert.equal(short.code, 2);
      assert.match(short.stderr, /password: at least 10 characters/);
      const same = await cli(config, ['user', 'add', 'operator-desa', '--role', 'dinkes'], 'Operator-Desa\n');
      assert.equal(same.code, 2);
      assert.match(same.stderr, /password: must not be the username/);
      assert.equal((await cli(config, ['user', 'add', 'operator3', '--role', 'raja'], 'kata-sandi-panjang\n')).code, 2);
    });

    test('a process killed in the middle of an import leaves the previous data intact', async () => {
      const before = await cli(config, ['report', 'coverage', '--format', 'json']);
      const file = await bigPesertaFile(600_000);
      const child = start(config, ['import', 'peserta', file]);
      const exited = new Promise((resolve) => child.on('close', resolve));
      // Killed once it reports rows read: the batch is loading.
      await new Promise<void>((resolve) => {
        let err = '';
        child.stderr!.on('data', (d) => {
          err += d;
          if (/\(([1-9]\d{4,}) rows read\)/.test(err)) resolve();
        });
      });
      child.kill('SIGKILL');
      await exited;
      const app = await openApp(config);
      try {
        const [batch] = await app.db.query<{ status: string }>(`SELECT status FROM import_batch ORDER BY id DESC LIMIT 1`);
        assert.notEqual(batch.status, 'committed', 'the import was killed before it finished');
        if (!config.databaseUrl) {
          assert.equal(batch.status, 'abandoned', 'the next start marks it abandoned');
          const loose = await app.db.query(`SELECT 1 FROM pg_tables WHERE tablename ~ '^member_b' AND tablename NOT IN
            (SELECT 'member_b' || batch_id FROM source_state WHERE source = 'peserta')`);
          assert.equal(loose.length, 0, 'its loose table is dropped');
        }
        const total = (await new CoverageService(app.db, app.district).report('kabupaten')).total;
        assert.deepEqual(
          [total.population, total.registered, total.active],
          [JSON.parse(before.stdout).total.population, JSON.parse(before.stdout).total.registered, JSON.parse(before.stdout).total.active],
        );
      } finally {
        await app.close();
      }
    });

    if (backend.name === 'pglite') {
      test('a second process stops with a clear message while the server holds the embedded database', async () => {
        const server = start(config, ['serve', '--port', String(20000 + Math.floor(Math.random() * 20000))]);
        let out = '';
        await new Promise<void>((resolve, reject) => {
          server.stdout!.on('data', (d) => {
            out += d;
            if (out.includes('http://')) resolve();
          });
          server.on('close', () => reject(new Error(`server exited: ${out}`)));
        });
        try {
          assert.ok(existsSync(lockPathFor(config.dataDir)));
          const second = await cli(config, ['report', 'coverage', '--format', 'json']);
          assert.equal(second.code, 3);
          assert.match(second.stderr, new RegExp(`in use by another smart-jkn process \\(pid ${server.pid}: serve, serving http`));
          assert.equal(second.stdout, '');
        } finally {
          server.kill('SIGTERM');
          await new Promise((resolve) => server.on('close', resolve));
        }
        assert.ok(!existsSync(lockPathFor(config.dataDir)), 'the server releases the lock when it stops');
        assert.equal((await cli(config, ['report', 'coverage', '--format', 'json'])).code, 0);
      });

      test('a lock left by a dead process is taken over', async () => {
        writeFileSync(lockPathFor(config.dataDir), JSON.stringify({ pid: 2 ** 22 + 7, command: 'serve', since: '2026-01-01' }));
        const run = await cli(config, ['report', 'coverage', '--format', 'json']);
        assert.equal(run.code, 0, run.stderr);
      });
    }
  });
}
