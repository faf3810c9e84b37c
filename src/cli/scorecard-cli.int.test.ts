/**
 * `smart-jkn import faskes|kunjungan` and `smart-jkn report scorecard` as a user runs them: exit codes,
 * every rejected row, and the contract JSON (formats.md "Facility scorecards").
 */
import { runCli } from '../../test/support/cli.ts';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends } from '../../test/support/backends.ts';
import { FASKES_HEADER, KUNJUNGAN_HEADER, testNik } from '../../test/support/facilities.ts';
import { csvFile } from '../../test/support/files.ts';
import type { DatabaseConfig } from '../config.ts';
import { freshApp } from '../../test/support/backends.ts';


const cli = runCli;

for (const backend of backends()) {
  describe(`smart-jkn import faskes/kunjungan and report scorecard on ${backend.name}`, () => {
    let config: DatabaseConfig;
    let close: () => Promise<void>;
    before(async () => {
      const app = await freshApp(backend);
      config = app.config;
      // The database stays (the CLI opens it); only the embedded lock is released.
      await app.db.close();
      close = app.close;
    });
    after(async () => close().catch(() => undefined));

    test('a bad faskes file: exit 1, every bad row on stderr, nothing written; a good one: exit 0', async () => {
      const bad = await cli(config, ['import', 'faskes', csvFile([FASKES_HEADER, 'P1,Satu,PUSKESMAS,FKTP,52.03.01.2001', 'P2,Dua,KANTOR,FKTP,52.03.01.2001'])]);
      assert.equal(bad.code, 1, bad.stderr);
      assert.match(bad.stderr, /line 3, column jenis: "KANTOR" is not one of PUSKESMAS, KLINIK, DOKTER, RS/);
      assert.match(bad.stderr, /rejected: 1 invalid row/);
      const good = await cli(config, ['import', 'faskes', csvFile([FASKES_HEADER, 'P1,Satu,PUSKESMAS,FKTP,52.03.01.2001', 'RS9,RS Mataram,RS,FKRTL,52.71'])]);
      assert.equal(good.code, 0, good.stderr);
    });

    test('kunjungan with --format json lists the rejected rows; then the scorecard JSON is the contract', async () => {
      const n = testNik(3);
      const bad = await cli(config, ['import', 'kunjungan', '--format', 'json', csvFile([KUNJUNGAN_HEADER, `A,P1,2026-03-02,${n},JKN,09:00,08:00,,N,,,`])]);
      assert.equal(bad.code, 1);
      const rejected = JSON.parse(bad.stdout);
      assert.deepEqual(rejected.issues, [{ line: 2, column: 'jam_layan', reason: 'jam_layan 08:00 is before jam_daftar 09:00' }]);
      const file = csvFile([KUNJUNGAN_HEADER, `A,P1,2026-03-02,${n},JKN,08:00,08:30,J00,Y,RS9,,`, `B,P1,2026-03-03,${n},UMUM,08:00,08:10,,N,,,`]);
      const ok = await cli(config, ['import', 'kunjungan', file]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /1 facility-month/);
      const report = await cli(config, ['report', 'scorecard', '--month', '2026-03', '--format', 'json']);
      assert.equal(report.code, 0, report.stderr);
      const json = JSON.parse(report.stdout);
      assert.deepEqual(Object.keys(json), ['month', 'rows', 'district']);
      assert.deepEqual(json.district, { referrals: 1, referralsOut: 1, referralsOutShare: 1 });
      assert.equal(json.rows.length, 1);
      const card = json.rows[0];
      assert.deepEqual(Object.keys(card), [
        'kode', 'nama', 'jenis', 'registered', 'contacts', 'angkaKontak', 'referrals', 'nonSpecialistReferrals', 'rrns', 'prolanis',
        'prolanisControlled', 'rppt', 'visitsJkn', 'visitsUmum', 'waitJknMinutes', 'waitUmumMinutes', 'waitGapMinutes', 'complaints',
        'complaintsPer10kVisits', 'kbk',
      ]);
      assert.deepEqual([card.rrns, card.waitGapMinutes, card.angkaKontak, card.kbk], [100, 20, null, { ak: null, rrns: false, rppt: null }]);
      const usage = await cli(config, ['report', 'scorecard', '--month', '2026-13']);
      assert.equal(usage.code, 2);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-eval-'));
      const pdf = await cli(config, ['report', 'scorecard', '--month', '2026-03', '--evaluation', '-o', path.join(dir, 'e.pdf')]);
      assert.equal(pdf.code, 0, pdf.stderr);
    });
  });
}
