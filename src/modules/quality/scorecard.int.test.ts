/**
 * The faskes and kunjungan imports (every row error, all or nothing, --skip-invalid, idempotence, the
 * facility-month replacement) and the scorecards in SQL against the reference semantics
 * (src/domain/quality/scorecard.ts) on random data, on both backends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { FASKES_HEADER, faskesLine, KUNJUNGAN_HEADER, kunjunganLine, pesertaLines, randomData, testNik } from '../../../test/support/facilities.ts';
import { csvFile } from '../../../test/support/files.ts';
import { TEST_ACTOR } from '../../../test/support/server.ts';
import type { AppContext } from '../../app/context.ts';
import { NON_SPECIALIST_DIAGNOSES } from '../../domain/quality/diagnoses.ts';
import { scorecardReport, type Visit } from '../../domain/quality/scorecard.ts';
import { importFacilityFile, importFile } from '../registry/index.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';
import { loadScorecards } from './scorecard-repository.ts';
import { replaceNonSpecialistDiagnoses } from './replace-diagnoses.ts';
import { ScorecardService } from './scorecard-service.ts';

const TODAY = '2026-05-15';

for (const backend of backends()) {
  describe(`facilities, visits and scorecards on ${backend.name}`, () => {
    let app: AppContext;
    let desa: string[];
    const imp = (source: 'faskes' | 'kunjungan', lines: string[], skipInvalid = false) =>
      importFacilityFile(app.db, { source, filePath: csvFile(lines), skipInvalid, district: app.district, actor: TEST_ACTOR, today: TODAY });
    const count = async (sql: string) => Number((await app.db.query<{ n: number }>(sql))[0]!.n);

    before(async () => {
      app = await freshApp(backend);
      desa = app.district.desa.slice(0, 6).map((d) => d.code);
    });
    after(async () => app.close());

    test('faskes: every bad row is reported with line, column and reason, and nothing is written', async () => {
      const result = await imp('faskes', [
        FASKES_HEADER,
        `P001,Puskesmas Satu,PUSKESMAS,FKTP,${desa[0]}`,
        `P002,,PUSKESMAS,FKTP,${desa[0]}`,
        `P003,Puskesmas,RUMAH,FKTP,${desa[0]}`,
        `P004,Puskesmas,PUSKESMAS,FKTL,${desa[0]}`,
        'P005,Puskesmas,PUSKESMAS,FKTP,52.03',
        'P006,Puskesmas,PUSKESMAS,FKTP,52.01.01.2001',
        `P001,Duplikat,KLINIK,FKTP,${desa[1]}`,
        `${'X'.repeat(33)},Panjang,KLINIK,FKTP,${desa[1]}`,
      ]);
      assert.equal(result.status, 'rejected');
      const got = result.issues.map((i) => `${i.line}:${i.column}:${i.code}`);
      assert.deepEqual(got, [
        '2:kode:key_duplicate',
        '3:nama:required',
        '4:jenis:not_one_of',
        '5:tingkat:not_one_of',
        '6:kode_wilayah:wilayah_invalid',
        '7:kode_wilayah:wilayah_invalid',
        '8:kode:key_duplicate',
        '9:kode:text_too_long',
      ]);
      assert.equal(await count('SELECT count(*)::int AS n FROM facility'), 0);
      const missing = await imp('faskes', ['kode,nama,jenis,tingkat', 'A,B,RS,FKRTL']);
      assert.equal(missing.status, 'rejected');
      assert.deepEqual(missing.issues.map((i) => `${i.line}:${i.column}:${i.code}`), ['1:kode_wilayah:header_missing']);
    });

    test('faskes: --skip-invalid keeps the valid rows; a newer file replaces the list; undotted codes are normalised', async () => {
      const skipped = await imp('faskes', [FASKES_HEADER, `P001,Puskesmas Satu,PUSKESMAS,FKTP,${desa[0]!.replace(/\./g, '')}`, 'P002,x,X,FKTP,52.71'], true);
      assert.equal(skipped.status, 'committed');
      assert.equal(skipped.rowsValid, 1);
      const [row] = await app.db.query<{ kode_wilayah: string }>(`SELECT kode_wilayah FROM facility WHERE kode = 'P001'`);
      assert.equal(row!.kode_wilayah, desa[0]);
    });

    test('kunjungan: every row error, and nothing is written', async () => {
      await imp('faskes', [FASKES_HEADER, ...randomData(1, desa).facilities.map(faskesLine)]);
      const ok = testNik(7);
      const result = await imp('kunjungan', [
        KUNJUNGAN_HEADER,
        `V1,P001,2026-03-02,${ok},JKN,08:00,08:30,J06.9,N,,,`,
        `V2,NOPE,2026-03-02,${ok},JKN,,,,,,,`,
        `V3,P001,2026-02-30,${ok},JKN,,,,,,,`,
        `V4,P001,2026-03-02,1234,JKN,,,,,,,`,
        `V5,P001,2026-03-02,${ok},BPJS,,,,,,,`,
        `V6,P001,2026-03-02,${ok},JKN,09:00,08:59,,,,,`,
        `V7,P001,2026-03-02,${ok},JKN,25:00,,,,,,`,
        `V8,P001,2026-03-02,${ok},JKN,,,,Y,,,`,
        `V9,P001,2026-03-02,${ok},JKN,,,,Y,RS99,,`,
        `V10,P001,2026-03-02,${ok},JKN,,,XYZ,N,,,`,
        `V11,P001,2026-03-02,${ok},JKN,,,,N,,TBC,`,
        `V12,P001,2026-03-02,${ok},JKN,,,,N,,DM,YA`,
        `V1,P001,2026-03-03,${ok},UMUM,,,,N,,,`,
        `V13,P001,2026-06-01,${ok},JKN,,,,N,,,`,
        `V1,P002,2026-03-03,${ok},UMUM,,,,N,,,`,
      ]);
      assert.equal(result.status, 'rejected');
      assert.deepEqual(
        result.issues.map((i) => `${i.line}:${i.column}:${i.code}`),
        [
          '2:id:key_duplicate',
          '3:kode_faskes:facility_unknown',
          '4:tanggal:date_invalid',
          '5:nik:nik_length',
          '6:jenis_pasien:not_one_of',
          '7:jam_layan:time_order',
          '8:jam_daftar:time_invalid',
          '9:tujuan_rujukan:required_when_referred',
          '10:tujuan_rujukan:facility_unknown',
          '11:diagnosa:icd10_invalid',
          '12:prolanis:not_one_of',
          '13:terkendali:not_one_of',
          '14:id:key_duplicate',
          '15:tanggal:date_future',
        ],
      );
      assert.equal(await count('SELECT count(*)::int AS n FROM visit'), 0);
      const [batch] = await app.db.query<{ status: string; n: number }>(
        `SELECT b.status, (SELECT count(*)::int FROM import_issue i WHERE i.batch_id = b.id) AS n FROM import_batch b WHERE b.id = $1`,
        [result.batchId],
      );
      assert.deepEqual([batch!.status, batch!.n], ['rejected', 14]);
      const [audit] = await app.db.query<{ detail: { status: string } }>(`SELECT detail FROM audit_event WHERE subject = $1`, [`kunjungan:${result.batchId}`]);
      assert.equal(audit!.detail.status, 'rejected');
    });

    test('kunjungan: a file replaces only its facility-months, in one go; the same file again changes nothing', async () => {
      const nik = testNik(9);
      const first = await imp('kunjungan', [
        KUNJUNGAN_HEADER,
        `A1,P001,2026-03-02,${nik},JKN,,,,N,,,`,
        `A2,P001,2026-03-20,${nik},JKN,,,,N,,,`,
        `A3,P001,2026-04-02,${nik},JKN,,,,N,,,`,
        `A4,P002,2026-03-05,${nik},UMUM,,,,N,,,`,
      ]);
      assert.equal(first.status, 'committed');
      assert.equal(first.facilityMonths, 3);
      // P001 March again with one visit: P001 April and P002 March stay.
      const second = await imp('kunjungan', [KUNJUNGAN_HEADER, `B1,P001,2026-03-09,${nik},JKN,,,,N,,,`]);
      assert.equal(second.status, 'committed');
      const ids = async () => (await app.db.query<{ id: string }>(`SELECT id FROM visit ORDER BY id`)).map((r) => r.id);
      assert.deepEqual(await ids(), ['A3', 'A4', 'B1']);
      const again = await imp('kunjungan', [KUNJUNGAN_HEADER, `B1,P001,2026-03-09,${nik},JKN,,,,N,,,`]);
      assert.equal(again.status, 'committed');
      assert.deepEqual(await ids(), ['A3', 'A4', 'B1']);
      // A rejected file leaves everything as it was.
      const bad = await imp('kunjungan', [KUNJUNGAN_HEADER, `C1,P001,2026-04-09,${nik},JKN,,,,N,,,`, `C2,P001,2026-04-09,${nik},XX,,,,N,,,`]);
      assert.equal(bad.status, 'rejected');
      assert.deepEqual(await ids(), ['A3', 'A4', 'B1']);
      // --skip-invalid: the valid rows replace their facility-month; both lines of a repeated key are left out.
      const skip = await imp(
        'kunjungan',
        [KUNJUNGAN_HEADER, `C1,P001,2026-04-09,${nik},JKN,,,,N,,,`, `C2,P001,2026-04-09,${nik},XX,,,,N,,,`, `C3,P001,2026-04-10,${nik},JKN,,,,N,,,`, `C3,P001,2026-04-11,${nik},JKN,,,,N,,,`],
        true,
      );
      assert.equal(skip.status, 'committed');
      assert.equal(skip.rowsValid, 1);
      assert.deepEqual(await ids(), ['A4', 'B1', 'C1']);
    });

    test('the SQL scorecards equal scorecardReport on random data (two months, complaints, a replaced diagnosis list)', async () => {
      const data = randomData(42, desa, { visits: 1500 });
      await imp('faskes', [FASKES_HEADER, ...data.facilities.map(faskesLine)]);
      await app.db.query('DELETE FROM visit');
      const loaded = await imp('kunjungan', [KUNJUNGAN_HEADER, ...data.visits.map(kunjunganLine)]);
      assert.equal(loaded.status, 'committed', JSON.stringify(loaded.issues.slice(0, 3)));
      const peserta = await importFile(app.db, { source: 'peserta', filePath: csvFile(pesertaLines(data.registered)), skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });
      assert.equal(peserta.status, 'committed');
      // Complaints in the complaints module's table, as filed.
      await app.db.query(
        `INSERT INTO complaint (district_code, id, tracking_code, category, severity, channel, description, facility_code, status, received_at, due_at, updated_at)
         SELECT $1, 'c' || n, 'JKN-TEST-' || n, category, 'SEDANG', 'WEB', 'x', facility, 'received', at::timestamptz, at::timestamptz + interval '5 days', at::timestamptz
         FROM (VALUES (1, 'P001', '2026-03-10T02:00:00Z', 'DIBEDAKAN'), (2, 'P001', '2026-03-31T16:30:00Z', 'ANTRE_LAMA'),
                      (3, 'P002', '2026-03-05T00:00:00Z', 'DIMINTA_BAYAR'), (4, 'P001', '2026-02-28T15:59:00Z', 'LAINNYA')) AS c(n, facility, at, category)`,
        [app.district.district.code],
      );
      // 2026-03-31T16:30Z is 1 April 00:30 WITA: April's; 2026-02-28T15:59Z is 28 Feb 23:59 WITA: February's.
      const complaintsOf: Record<string, Map<string, number>> = { '2026-03': new Map([['P001', 1], ['P002', 1]]), '2026-04': new Map([['P001', 1]]) };
      const visits: Visit[] = data.visits;
      for (const list of [NON_SPECIALIST_DIAGNOSES, [{ number: 1, name: 'ISPA', codes: ['J06.9', 'K30'], nameSource: 'I' as const, codeSource: 'I' as const }]]) {
        for (const month of ['2026-03', '2026-04', '2026-05']) {
          const expected = scorecardReport({
            month,
            districtCode: app.district.district.code,
            facilities: data.facilities,
            visits,
            registered: data.registered,
            complaints: complaintsOf[month] ?? new Map(),
            nonSpecialist: list,
          });
          const { report } = await loadScorecards(app.db, { districtCode: app.district.district.code, month, timeZone: app.district.timeZone, nonSpecialist: list });
          assert.deepEqual(report, expected, `${month}, ${list.length} diagnoses`);
        }
      }
      assert.ok(visits.some((v) => v.rujuk), 'the data has referrals');
      // The service reads the district's list once an admin replaced it.
      const service = new ScorecardService(app.db, app.district);
      const custom = [{ number: 1, name: 'ISPA', codes: ['J06.9'], nameSource: 'I' as const, codeSource: 'I' as const }];
      await replaceNonSpecialistDiagnoses(app.db, app.district.district.code, custom, TEST_ACTOR);
      const viaService = await service.report('2026-03');
      const expected = scorecardReport({
        month: '2026-03',
        districtCode: app.district.district.code,
        facilities: data.facilities,
        visits,
        registered: data.registered,
        complaints: complaintsOf['2026-03']!,
        nonSpecialist: custom,
      });
      assert.deepEqual(viaService, expected);
      const own = await service.report('2026-03', 'P002');
      assert.deepEqual(own.rows.map((r) => r.kode), ['P002']);
      const view = await service.view('2026-03');
      assert.equal(view.rows.find((r) => r.kode === 'P001')!.discriminationComplaints, 1);
      await assert.rejects(
        replaceNonSpecialistDiagnoses(app.db, app.district.district.code, [{ number: 1, name: 'x', codes: ['nope'], nameSource: 'I', codeSource: 'I' }], TEST_ACTOR),
        /not an ICD-10 code/,
      );
      await app.db.query('DELETE FROM complaint');
    });
  });
}
