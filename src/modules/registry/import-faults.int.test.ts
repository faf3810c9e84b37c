import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import type { DatabaseConfig } from '../../config.ts';
import { CoverageService } from '../coverage/coverage-service.ts';
import type { User } from '../access/users.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';
import { importFile } from './import-file.ts';
import { ImportJobs } from './import-jobs.ts';

/** The i-th of many valid NIKs (kecamatan 52.03.01): the birth date varies, then the serial. */
function manyNik(i: number): string {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = Math.floor(i / 336) % 100;
  const serial = 1 + Math.floor(i / 33_600);
  const two = (n: number) => String(n).padStart(2, '0');
  return `520301${two(day)}${two(month)}${two(year)}${String(serial).padStart(4, '0')}`;
}

const server = backends().find((b) => b.name === 'postgres');

describe('an import cut off by the database', { skip: server ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server)' }, () => {
  let app: AppContext & { config: DatabaseConfig };
  const state = async () => ({
    totals: (await new CoverageService(app.db, app.district).report('kabupaten')).total,
    current: await app.db.query('SELECT source, batch_id FROM source_state ORDER BY source'),
  });
  const user = (): User => ({ id: 1, username: 'admin', role: 'admin', facilityCode: null, districtCode: app.district.district.code });

  before(async () => {
    app = await freshApp(server!);
    const run = (source: 'penduduk' | 'peserta', filePath: string) =>
      importFile(app.db, { source, filePath, skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });
    assert.equal((await run('penduduk', csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3)]))).status, 'committed');
    assert.equal((await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF' })]))).status, 'committed');
  });
  after(() => app?.close());

  test('leaves the previous data as it was, is reported failed, and the next import works', async () => {
    const jobs = new ImportJobs(app, () => undefined, snapshotOnImport(app.db.kind));
    // A kill can land just after a COPY statement ended, between two of them: the import then goes on
    // on a new connection and commits the whole file, which is all-or-nothing too. Tried until a kill
    // lands inside a COPY.
    let cut = false;
    for (let attempt = 1; attempt <= 5 && !cut; attempt++) {
      const previous = await state();
      const big = csvFile([PESERTA_HEADER, ...Array.from({ length: 300_000 }, (_, i) => `${manyNik(i)},${String(i).padStart(13, '0')},PBPU,3,AKTIF,,,,2025-06-30`)]);
      const id = await jobs.start({ source: 'peserta', filePath: big, fileName: 'big.csv', skipInvalid: false, user: user() });

      // A COPY of the batch under way is cut, with every other connection to this database (as a server
      // restart would).
      const admin = new pg.Client({ connectionString: app.config.databaseUrl! });
      await admin.connect();
      try {
        for (;;) {
          const job = (await jobs.get(id))!;
          assert.ok(job.status === 'queued' || job.status === 'running', `the import ended (${job.status}) before it could be cut off`);
          const { rows: copying } = await admin.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY member%'`,
          );
          if (copying.length > 0) {
            await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        await admin.end();
      }

      await jobs.idle();
      const ended = (await jobs.get(id))!;
      if (ended.status === 'succeeded') {
        // The whole file, not a part of it.
        const [{ n }] = await app.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM member WHERE batch_id = (SELECT batch_id FROM source_state WHERE source = 'peserta')`,
        );
        assert.equal(n, 300_000, 'a committed import holds every row of its file');
        continue;
      }
      cut = true;
      assert.equal(ended.status, 'failed');
      assert.match(String(ended.message), /terminat/i);
      assert.deepEqual(await state(), previous, 'the previous data is intact');
    }
    assert.ok(cut, 'no kill landed inside a COPY in five attempts');

    // The pool has dropped the dead connections: the next import works.
    const next = csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2), pesertaRow(3, { dataPer: '2025-06-30' })]);
    const nextId = await jobs.start({ source: 'peserta', filePath: next, fileName: 'next.csv', skipInvalid: false, user: user() });
    await jobs.idle();
    assert.equal((await jobs.get(nextId))!.status, 'succeeded');
    const now = await state();
    assert.equal(now.totals.registered, 3);
  });
});
