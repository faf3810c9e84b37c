import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import {
  csvFile,
  DTSEN_HEADER,
  nik,
  PENDUDUK_HEADER,
  PESERTA_HEADER,
  pendudukRow,
  pesertaRow,
} from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import { CoverageService } from '../coverage/coverage-service.ts';
import { listSnapshots, readCells, reconcile, SERVER_JOIN_WORK_MEM } from '../coverage/snapshot-repository.ts';
import type { Sql } from '../../db/client.ts';
import { INACTIVE_REASONS, SEGMENTS } from '../../domain/membership.ts';
import { currentSource, listBatches } from './batch-repository.ts';
import { type ImportProgress, type ImportRequest, importFile } from './import-file.ts';
import type { Source } from './sources.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';

for (const backend of backends()) {
  describe(`imports on ${backend.name}`, () => {
    let app: AppContext;
    const run = (source: Source, filePath: string, extra: Partial<ImportRequest> = {}) =>
      importFile(app.db, { source, filePath, skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind), ...extra });
    const totals = async () => (await new CoverageService(app.db, app.district).report('kabupaten')).total;
    const tableCount = async (table: string) =>
      (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

    before(async () => {
      app = await freshApp(backend);
      // A baseline state every rejected import must leave untouched: 4 residents, 3 members.
      const penduduk = await run(
        'penduduk',
        csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3, '52.03.02.2001'), pendudukRow(4, '52.03.01.2001', 'MENINGGAL')]),
      );
      assert.equal(penduduk.status, 'committed');
      const peserta = await run(
        'peserta',
        csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF', segmen: 'PBPU' }), pesertaRow(4), pesertaRow(9)]),
      );
      assert.equal(peserta.status, 'committed');
    });
    after(() => app.close());

    test('a valid pair of files is reconciled by the metric definitions', async () => {
      const total = await totals();
      assert.equal(total.population, 3); // the deceased resident is not counted
      assert.equal(total.registered, 2);
      assert.equal(total.active, 1);
      assert.equal(total.bySegment.PBPU.registered, 1);
      assert.equal(total.bySegment.PBPU.active, 0);
      const { counts } = await new CoverageService(app.db, app.district).findings();
      assert.deepEqual(
        [counts!.unmatchedMembers, counts!.deceasedMembers, counts!.deceasedActiveMembers, counts!.unregisteredResidents],
        [1, 1, 1, 1],
      );
    });

    const badPenduduk: [string, string, string, RegExp][] = [
      ['NIK too short', `520301010190001,5203010101000001,A,L,1990-01-01,52.03.01.2001,`, 'nik', /16 digits/],
      ['NIK province 99', `990301010190 0001`.replace(' ', '') + ',5203010101000001,A,L,1990-01-01,52.03.01.2001,', 'nik', /province/],
      ['NIK day 32', `5203013201900001,5203010101000001,A,L,1990-01-01,52.03.01.2001,`, 'nik', /day/],
      ['NIK day 72 (women 41–71)', `5203017201900001,5203010101000001,A,P,1990-01-01,52.03.01.2001,`, 'nik', /day/],
      ['NIK 31 February', `5203013102900001,5203010101000001,A,L,1990-01-01,52.03.01.2001,`, 'nik', /day/],
      ['NIK serial 0000', `5203010101900000,5203010101000001,A,L,1990-01-01,52.03.01.2001,`, 'nik', /serial/],
      ['no_kk letters', `${nik(50)},52030101010000AB,A,L,1990-01-01,52.03.01.2001,`, 'no_kk', /16 digits/],
      ['empty nama', `${nik(51)},5203010101000001,,L,1990-01-01,52.03.01.2001,`, 'nama', /required/],
      ['sex X', `${nik(52)},5203010101000001,A,X,1990-01-01,52.03.01.2001,`, 'jenis_kelamin', /one of L, P/],
      ['impossible date', `${nik(53)},5203010101000001,A,L,1990-02-30,52.03.01.2001,`, 'tanggal_lahir', /valid date/],
      ['future birth', `${nik(54)},5203010101000001,A,L,2999-01-01,52.03.01.2001,`, 'tanggal_lahir', /future/],
      ['desa of another district', `${nik(55)},5203010101000001,A,L,1990-01-01,52.01.01.2001,`, 'kode_desa', /not a desa of Kabupaten Lombok Timur/],
      ['desa that does not exist', `${nik(56)},5203010101000001,A,L,1990-01-01,52.03.01.9999,`, 'kode_desa', /not a desa/],
      ['kecamatan code as desa', `${nik(57)},5203010101000001,A,L,1990-01-01,52.03.01,`, 'kode_desa', /not a desa code/],
      ['status unknown', `${nik(58)},5203010101000001,A,L,1990-01-01,52.03.01.2001,HILANG`, 'status', /HIDUP/],
    ];
    for (const [label, row, column, reason] of badPenduduk) {
      test(`penduduk rejects ${label}, names line and column, and changes nothing`, async () => {
        const before = await totals();
        const result = await run('penduduk', csvFile([PENDUDUK_HEADER, pendudukRow(1), row]));
        assert.equal(result.status, 'rejected');
        assert.equal(result.rowsValid, 0);
        const issue = result.issues.find((i) => i.line === 3);
        assert.ok(issue, `an issue on line 3: ${JSON.stringify(result.issues)}`);
        assert.equal(issue.column, column);
        assert.match(issue.reason, reason);
        assert.deepEqual(await totals(), before);
      });
    }

    const badPeserta: [string, string, string, RegExp][] = [
      ['no_kartu of 12 digits', `${nik(1)},000000000001,PBI_APBN,3,AKTIF,,,,2025-05-31`, 'no_kartu', /13 digits/],
      ['unknown segmen', `${nik(1)},0000000000001,PBI,3,AKTIF,,,,2025-05-31`, 'segmen', /PBI_APBN/],
      ['kelas 4', `${nik(1)},0000000000001,PBPU,4,AKTIF,,,,2025-05-31`, 'kelas', /1, 2, 3/],
      ['status unknown', `${nik(1)},0000000000001,PBPU,3,AKTIF_SEBAGIAN,,,,2025-05-31`, 'status', /AKTIF, NONAKTIF/],
      ['NONAKTIF without a reason', `${nik(1)},0000000000001,PBPU,3,NONAKTIF,,,,2025-05-31`, 'alasan_nonaktif', /required/],
      ['unknown reason', `${nik(1)},0000000000001,PBPU,3,NONAKTIF,MALAS,,,2025-05-31`, 'alasan_nonaktif', /TUNGGAKAN/],
      ['negative arrears', `${nik(1)},0000000000001,PBPU,3,NONAKTIF,TUNGGAKAN,-2,,2025-05-31`, 'bulan_tunggakan', /whole number/],
      ['missing data_per', `${nik(1)},0000000000001,PBPU,3,AKTIF,,,,`, 'data_per', /required/],
    ];
    for (const [label, row, column, reason] of badPeserta) {
      test(`peserta rejects ${label}`, async () => {
        const before = await totals();
        const result = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(2), row]));
        assert.equal(result.status, 'rejected');
        const issue = result.issues.find((i) => i.line === 3);
        assert.ok(issue, JSON.stringify(result.issues));
        assert.equal(issue.column, column);
        assert.match(issue.reason, reason);
        assert.deepEqual(await totals(), before);
      });
    }

    test('dtsen rejects desil 0 and 11 and a bad extreme-poverty flag', async () => {
      const result = await run('dtsen', csvFile([DTSEN_HEADER, `${nik(1)},0,N`, `${nik(2)},11,`, `${nik(3)},5,YA`, `${nik(4)},5,Y`]));
      assert.equal(result.status, 'rejected');
      assert.deepEqual(
        result.issues.map((i) => [i.line, i.column]),
        [
          [2, 'desil'],
          [3, 'desil'],
          [4, 'miskin_ekstrem'],
        ],
      );
    });

    test('every bad row is reported, not only the first', async () => {
      const rows = Array.from({ length: 40 }, (_, i) => `${nik(100 + i)},5203010101000001,A,Q,1990-01-01,52.03.01.2001,`);
      const result = await run('penduduk', csvFile([PENDUDUK_HEADER, ...rows]));
      assert.equal(result.rowsInvalid, 40);
      assert.equal(result.issuesTotal, 40);
      assert.deepEqual(
        result.issues.map((i) => i.line),
        Array.from({ length: 40 }, (_, i) => i + 2),
      );
    });

    test('a duplicate NIK reports both lines', async () => {
      const result = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2), pesertaRow(1)]));
      assert.equal(result.status, 'rejected');
      assert.deepEqual(
        result.issues.map((i) => [i.line, i.column]),
        [
          [2, 'nik'],
          [4, 'nik'],
        ],
      );
      assert.match(result.issues[0].reason, /also line 4/);
    });

    test('a duplicate NIK is found whether its rows are copied as written or parsed (quoted, spaced)', async () => {
      const quoted = pesertaRow(2).replace(/^(\d{16})/, '" $1"');
      const result = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2), pesertaRow(3), quoted]), { skipInvalid: true });
      assert.equal(result.status, 'committed');
      assert.deepEqual(
        result.issues.map((i) => [i.line, i.column, i.code]),
        [
          [3, 'nik', 'nik_duplicate'],
          [5, 'nik', 'nik_duplicate'],
        ],
      );
      assert.equal(result.rowsValid, 2);
      assert.equal(await tableCount(`member WHERE batch_id = ${result.batchId}`), 2);
    });

    test('a missing required column rejects the file at the header', async () => {
      const result = await run('penduduk', csvFile(['nik,nama,jenis_kelamin,tanggal_lahir,kode_desa', `${nik(1)},A,L,1990-01-01,52.03.01.2001`]));
      assert.equal(result.status, 'rejected');
      const { line, column, reason, code } = result.issues[0];
      assert.deepEqual(
        { line, column, reason, code },
        { line: 1, column: 'no_kk', reason: 'required column "no_kk" is missing from the header', code: 'header_missing' },
      );
    });

    test('an empty file and a header without rows are rejected', async () => {
      assert.equal((await run('dtsen', csvFile([]))).status, 'rejected');
      const headerOnly = await run('dtsen', csvFile([DTSEN_HEADER]));
      assert.equal(headerOnly.status, 'rejected');
      assert.match(headerOnly.issues[0].reason, /no data rows/);
    });

    test('BOM, header case and spaces, column order, quotes, extra columns and undotted codes are accepted', async () => {
      const file = csvFile([
        '\uFEFF Kode_Desa ,NAMA,extra,nik,no_kk,Jenis_Kelamin,tanggal_lahir',
        `5203012001,"Contoh, dengan ""koma""",x,${nik(1)},5203010101000001,L,1990-01-01`,
        `52.03.01.2001,"Contoh
baris dua",y,${nik(2)},5203010101000001,P,1990-01-01`,
        `5203022001,C,z,${nik(3)},5203010101000001,L,1990-01-01`,
        `${'52.03.01.2001'},D,z,${nik(4)},5203010101000001,L,1990-01-01`,
        `5203012001,bad,z,123,5203010101000001,L,1990-01-01`,
      ]);
      const result = await run('penduduk', file, { skipInvalid: true });
      assert.equal(result.status, 'committed');
      assert.equal(result.rowsValid, 4);
      // The quoted line break moves the next records one line down.
      assert.deepEqual(result.issues.map((i) => [i.line, i.column]), [[7, 'nik']]);
      const [row] = await app.db.query<{ nama: string; kode_desa: string }>(
        `SELECT r.nama, r.kode_desa FROM resident r JOIN source_state s ON s.batch_id = r.batch_id AND s.source = 'penduduk' WHERE r.nik = $1`,
        [nik(1)],
      );
      assert.deepEqual(row, { nama: 'Contoh, dengan "koma"', kode_desa: '52.03.01.2001' });
      // Residents 1–4 are back as in the baseline (4 now HIDUP instead of MENINGGAL).
      assert.equal((await totals()).population, 4);
    });

    test('--skip-invalid writes the valid rows and drops both lines of a duplicate', async () => {
      const result = await run('dtsen', csvFile([DTSEN_HEADER, `${nik(1)},1,Y`, `${nik(2)},12,N`, `${nik(3)},4,`, `${nik(3)},5,`]), {
        skipInvalid: true,
      });
      assert.equal(result.status, 'committed');
      assert.equal(result.rowsValid, 1);
      assert.equal(result.rowsInvalid, 3);
      assert.equal(await tableCount(`welfare WHERE batch_id = ${result.batchId}`), 1);
    });

    test('re-importing the same file is idempotent', async () => {
      const file = csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF' }), pesertaRow(3)]);
      await run('peserta', file);
      const first = await totals();
      const snapshots = await tableCount('coverage_snapshot');
      const memberRows = await tableCount('member');
      await run('peserta', file);
      assert.deepEqual(await totals(), first);
      assert.equal(await tableCount('coverage_snapshot'), snapshots);
      assert.equal(await tableCount('member'), memberRows, 'the replaced batch is dropped, not accumulated');
    });

    test('a newer extract replaces the state; an older one is kept only for the trend', async () => {
      await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2025-09-30' }), pesertaRow(2, { dataPer: '2025-09-30' })]));
      const current = await totals();
      const older = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2025-01-31' })]));
      assert.equal(older.status, 'history');
      assert.deepEqual(await totals(), current);
      const service = new CoverageService(app.db, app.district);
      const trend = await service.trend();
      assert.deepEqual(
        trend.map((p) => [p.asOf, p.registered]),
        [
          ['2025-01-31', 1],
          ['2025-05-31', 3],
          ['2025-09-30', 2],
        ],
      );
      assert.equal((await service.report('kabupaten')).asOf, '2025-09-30');
    });

    test('a file that cannot be read fails the import, and the process carries on', async () => {
      const before = await totals();
      await assert.rejects(run('peserta', `${csvFile([PESERTA_HEADER])}.missing`), { code: 'ENOENT' });
      await new Promise((resolve) => setTimeout(resolve, 50)); // an unobserved rejection would surface by now
      const [last] = await listBatches(app.db, app.district.district.code, 1);
      assert.equal(last.status, 'abandoned');
      assert.deepEqual(await totals(), before);
    });

    test('the history lists every import with its outcome', async () => {
      const batches = await listBatches(app.db, app.district.district.code);
      assert.ok(batches.some((b) => b.status === 'rejected'));
      assert.ok(batches.some((b) => b.status === 'history'));
      assert.equal(batches.filter((b) => b.status === 'committed').length, 3, 'one current batch per source');
    });

    test('a file written in every way formats.md allows stores the same rows as the canonical file', async () => {
      const quote = (fields: string[]) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
      // The rows of a committed batch, read before the next import replaces (and drops) it.
      const stored = async (table: string, batchId: number, columns: string) =>
        app.db.query(`SELECT line, ${columns} FROM ${table} WHERE batch_id = $1 ORDER BY line`, [batchId]);
      const residentColumns = 'nik, no_kk, nama, jenis_kelamin, tanggal_lahir, kode_desa, status';
      const memberColumns = 'nik, no_kartu, segmen, kelas, status, alasan_nonaktif, bulan_tunggakan, kode_fktp, data_per';

      const residents = Array.from({ length: 120 }, (_, i) => ({
        nik: nik(500 + i, i % 2 ? 'P' : 'L'),
        nama: `Contoh ${i}`,
        sex: i % 2 ? 'P' : 'L',
        desa: i % 3 ? '52.03.01.2001' : '52.03.02.2001',
        status: ['HIDUP', 'HIDUP', 'MENINGGAL', 'PINDAH'][i % 4],
      }));
      const pendudukCanonical = csvFile([
        PENDUDUK_HEADER,
        ...residents.map((r) => [r.nik, '5203010101000001', r.nama, r.sex, '1990-01-01', r.desa, r.status].join(',')),
      ]);
      // BOM, header case and order, an extra column, CR LF, quotes, lower case, spaces, undotted codes, default status.
      const pendudukWritten = csvFile(
        [
          '\uFEFFNAMA, Status ,extra,nik,no_kk,jenis_kelamin,tanggal_lahir,Kode_Desa',
          ...residents.map((r) =>
            quote([r.nama, r.status === 'HIDUP' ? '' : r.status.toLowerCase(), 'x', ` ${r.nik} `, '5203010101000001', r.sex.toLowerCase(), '1990-01-01', r.desa.replaceAll('.', '')]),
          ),
        ].map((line) => `${line}\r`),
      );
      const canonicalResidents = await run('penduduk', pendudukCanonical);
      const canonicalResidentRows = await stored('resident', canonicalResidents.batchId, residentColumns);
      const writtenResidents = await run('penduduk', pendudukWritten);
      assert.deepEqual([canonicalResidents.status, writtenResidents.status], ['committed', 'committed']);
      assert.equal(canonicalResidentRows.length, residents.length);
      assert.deepEqual(await stored('resident', writtenResidents.batchId, residentColumns), canonicalResidentRows);

      const members = residents.map((r, i) => {
        const active = i % 3 !== 0;
        return {
          nik: r.nik,
          kartu: String(7000 + i).padStart(13, '0'),
          segmen: SEGMENTS[i % SEGMENTS.length],
          kelas: String(1 + (i % 3)),
          status: active ? 'AKTIF' : 'NONAKTIF',
          alasan: active ? '' : INACTIVE_REASONS[i % INACTIVE_REASONS.length],
          tunggakan: i % 5 === 0 ? '' : String(i % 24),
          fktp: i % 4 === 0 ? '' : `0101U${String(i).padStart(3, '0')}`,
        };
      });
      const pesertaCanonical = csvFile([
        PESERTA_HEADER,
        ...members.map((m) => [m.nik, m.kartu, m.segmen, m.kelas, m.status, m.alasan, m.tunggakan, m.fktp, '2025-10-31'].join(',')),
      ]);
      const pesertaWritten = csvFile([
        'DATA_PER,nik,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp',
        ...members.map((m) =>
          quote([
            '2025-10-31',
            m.nik,
            m.kartu,
            m.segmen.toLowerCase(),
            m.kelas,
            ` ${m.status.toLowerCase()}`,
            // A reason left on an active row is not carried over.
            m.status === 'AKTIF' ? 'LAINNYA' : m.alasan.toLowerCase(),
            m.tunggakan === '' ? '' : m.tunggakan.padStart(3, '0'),
            m.fktp === '' ? ' ' : m.fktp,
          ]),
        ),
      ]);
      const canonicalMembers = await run('peserta', pesertaCanonical);
      const canonicalMemberRows = await stored('member', canonicalMembers.batchId, memberColumns);
      const canonicalTotals = await totals();
      const writtenMembers = await run('peserta', pesertaWritten);
      assert.deepEqual([canonicalMembers.status, writtenMembers.status], ['committed', 'committed']);
      assert.equal(canonicalMemberRows.length, members.length);
      assert.deepEqual(await stored('member', writtenMembers.batchId, memberColumns), canonicalMemberRows);
      assert.deepEqual(await totals(), canonicalTotals);
    });

    test('the reconciliation gives each metric and finding as formats.md defines it', async () => {
      const statuses = ['HIDUP', 'HIDUP', 'HIDUP', 'MENINGGAL', 'PINDAH'];
      const desa = ['52.03.01.2001', '52.03.02.2001'];
      const penduduk = await run(
        'penduduk',
        csvFile([PENDUDUK_HEADER, ...Array.from({ length: 90 }, (_, i) => pendudukRow(1000 + i, desa[i % 2], statuses[i % statuses.length]))]),
      );
      // Every resident status with and without a membership, both states, and members with no resident.
      const memberNumbers = [...Array.from({ length: 90 }, (_, i) => 1000 + i).filter((n) => n % 7 !== 0), 2001, 2002, 2003];
      const peserta = await run(
        'peserta',
        csvFile([
          PESERTA_HEADER,
          ...memberNumbers.map((n, i) =>
            pesertaRow(n, { segmen: SEGMENTS[i % SEGMENTS.length], status: i % 3 ? 'AKTIF' : 'NONAKTIF', alasan: i % 3 ? '' : INACTIVE_REASONS[i % 7], dataPer: '2025-11-30' }),
          ),
        ]),
      );
      assert.deepEqual([penduduk.status, peserta.status], ['committed', 'committed']);
      const residents = `resident_b${penduduk.batchId}`;
      const members = `member_b${peserta.batchId}`;
      const count = async (sql: string) => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0].n;
      const expectedFindings = {
        unmatchedMembers: await count(`${members} m WHERE NOT EXISTS (SELECT 1 FROM ${residents} r WHERE r.nik = m.nik)`),
        deceasedMembers: await count(`${members} m JOIN ${residents} r USING (nik) WHERE r.status = 'MENINGGAL'`),
        deceasedActiveMembers: await count(`${members} m JOIN ${residents} r USING (nik) WHERE r.status = 'MENINGGAL' AND m.status = 'AKTIF'`),
        movedMembers: await count(`${members} m JOIN ${residents} r USING (nik) WHERE r.status = 'PINDAH'`),
        movedActiveMembers: await count(`${members} m JOIN ${residents} r USING (nik) WHERE r.status = 'PINDAH' AND m.status = 'AKTIF'`),
        unregisteredResidents: await count(`${residents} r WHERE r.status = 'HIDUP' AND NOT EXISTS (SELECT 1 FROM ${members} m WHERE m.nik = r.nik)`),
      };
      assert.deepEqual(Object.values(expectedFindings).map((n) => n > 0), [true, true, true, true, true, true], 'every finding occurs');
      const expectedCells = await app.db.query<Record<string, unknown>>(
        `SELECT r.kode_desa AS "desaCode", m.segmen AS segment, m.status, m.alasan_nonaktif AS reason, count(*)::int AS residents
         FROM ${residents} r LEFT JOIN ${members} m ON m.nik = r.nik WHERE r.status = 'HIDUP' GROUP BY 1, 2, 3, 4`,
      );
      const byKey = (cells: Record<string, unknown>[]) => cells.map((c) => JSON.stringify(c)).sort();

      for (const joinWorkMem of [null, SERVER_JOIN_WORK_MEM]) {
        const tables = { residentTable: residents, memberTable: members, joinWorkMem };
        const { cells, findings } = await app.db.transaction((tx) => reconcile(tx, tables));
        assert.deepEqual(findings, expectedFindings);
        assert.deepEqual(byKey(cells as unknown as Record<string, unknown>[]), byKey(expectedCells));
      }
      const { counts } = await new CoverageService(app.db, app.district).findings();
      assert.deepEqual(counts, expectedFindings, 'the stored snapshot');
      const stored = await storedSnapshot(app.db, '2025-11-30');
      assert.deepEqual(byKey(stored.cells as unknown as Record<string, unknown>[]), byKey(expectedCells), 'the stored cells');
    });

    test('the commit tells its listener the current pair in its transaction: a listener that fails leaves nothing changed', async () => {
      const code = app.district.district.code;
      const before = await currentSource(app.db, code, 'peserta');
      const told: unknown[] = [];
      const file = csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2026-02-28' })]);
      const failing = importFile(app.db, {
        source: 'peserta',
        filePath: file,
        skipInvalid: false,
        username: 'test',
        district: app.district,
        onCommit: async (_tx, pair) => {
          told.push(pair);
          throw new Error('snapshot failed');
        },
      });
      await assert.rejects(failing, /snapshot failed/);
      assert.deepEqual(await currentSource(app.db, code, 'peserta'), before, 'the batch did not become current');
      assert.equal(told.length, 1);
      const penduduk = await currentSource(app.db, code, 'penduduk');
      assert.deepEqual(told[0], { districtCode: code, pendudukBatchId: penduduk!.batchId, pesertaBatchId: (told[0] as { pesertaBatchId: number }).pesertaBatchId, asOf: '2026-02-28', history: false });
      const [{ status }] = await app.db.query<{ status: string }>('SELECT status FROM import_batch WHERE id = $1', [(told[0] as { pesertaBatchId: number }).pesertaBatchId]);
      assert.equal(status, 'abandoned');
    });

    test('the dashboard answers from memory, shows another process\'s import after a recheck, and its own at once', async () => {
      const service = new CoverageService(app.db, app.district, 0);
      const before = (await service.report('kabupaten')).asOf;
      // Another process's import: the figures in memory are answered while the database is asked again.
      await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2026-01-31' })]));
      assert.equal((await service.report('kabupaten')).asOf, before);
      let seen = before;
      for (let i = 0; i < 200 && seen === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = (await service.report('kabupaten')).asOf;
      }
      assert.equal(seen, '2026-01-31');
      // This process's import (invalidate): the next answer already has it.
      await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2026-02-28' })]));
      service.invalidate();
      assert.equal((await service.report('kabupaten')).asOf, '2026-02-28');
    });

    test('the last progress of an import says the whole file was read, however fast it went', async () => {
      // Several read pieces, read in less than the worker's progress interval: only the first was reported.
      const file = csvFile([PESERTA_HEADER, ...Array.from({ length: 2000 }, (_, i) => pesertaRow(i + 1, { dataPer: '2026-03-31' }))]);
      const seen: ImportProgress[] = [];
      const result = await run('peserta', file, { onProgress: (p) => seen.push(p) });
      assert.equal(result.status, 'committed');
      const last = seen.at(-1)!;
      assert.ok(last.totalBytes > 64 * 1024, 'the file spans more than one read piece');
      assert.deepEqual(last, { bytesRead: last.totalBytes, totalBytes: last.totalBytes, rows: 2000 });
    });
  });
}

/** The snapshot stored for `asOf`: its findings and cells. */
async function storedSnapshot(db: Sql, asOf: string) {
  const snapshot = (await listSnapshots(db, '52.03')).find((s) => s.asOf === asOf);
  assert.ok(snapshot, `a snapshot for ${asOf}`);
  const cells = (await readCells(db, '52.03', [snapshot.id])).get(snapshot.id)!;
  return { findings: snapshot.findings, cells };
}
