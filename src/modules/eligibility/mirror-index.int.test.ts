import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, DTSEN_HEADER, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import { AuditBuffer } from '../access/audit-buffer.ts';
import { importFile } from '../registry/import-file.ts';
import { partitionName } from '../registry/batch-repository.ts';
import { type Source, SOURCE_SPECS } from '../registry/sources.ts';

/** The sources the counter's mirror is built from (prioritas is not one). */
const MIRROR_SOURCES = ['penduduk', 'peserta', 'dtsen'] as const;
import { mirrorWantsColumns, offerMirrorColumns, takeColumnsFromImports, takeMirrorColumns } from './mirror-handoff.ts';
import { mirrorSliceQueries } from './mirror-columns.ts';
import { keepMirrorBuilderWarm, MirrorIndex } from './mirror-index.ts';
import { copyOutFromServer } from '../../db/server-copy-out.ts';
import { foregroundActive, noteForegroundWork } from '../../workers/foreground.ts';
import { stopWarmWorkers, warmWorkersReady } from '../../workers/run-worker.ts';

for (const backend of backends()) {
  describe(`eligibility mirror on ${backend.name}`, () => {
    let app: AppContext;
    const run = (source: Source, file: string) =>
      importFile(app.db, { source, filePath: file, skipInvalid: false, username: 'test', district: app.district });

    before(async () => {
      app = await freshApp(backend);
      await run('penduduk', csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2, '52.03.05.2001'), pendudukRow(3, '52.03.01.2001', 'MENINGGAL')]));
      await run(
        'peserta',
        csvFile([
          PESERTA_HEADER,
          pesertaRow(1),
          `${nik(2)},0000000000002,PBPU,3,NONAKTIF,TUNGGAKAN,7,"FKTP, 01",2025-05-31`,
          pesertaRow(9, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN' }),
        ]),
      );
      await run('dtsen', csvFile([DTSEN_HEADER, `${nik(2)},3,Y`]));
    });
    after(() => app.close());

    test('a builder started ahead (kept warm) waits for its work, then builds the same mirror', async () => {
      const cold = await MirrorIndex.load(app.db, app.district.district.code);
      keepMirrorBuilderWarm();
      try {
        await warmWorkersReady(); // never settles if the spare does not say it waits for its input
        const warm = await MirrorIndex.load(app.db, app.district.district.code);
        assert.deepEqual(warm.size, cold.size);
        for (const n of [1, 2, 3, 9]) assert.deepEqual(warm.lookup(nik(n)), cold.lookup(nik(n)));
      } finally {
        await stopWarmWorkers();
      }
    });

    test('answers from memory what the current batches say about a NIK', async () => {
      const index = await MirrorIndex.load(app.db, app.district.district.code);
      assert.deepEqual(index.size, { residents: 3, members: 3, welfare: 1 });
      assert.deepEqual(index.lookup(nik(2)), {
        desaCode: '52.03.05.2001',
        // The low 32 bits of the family card number pendudukRow gives.
        familyCardKey: Number(BigInt('5203010101000001') & 0xffffffffn),
        membershipClass: '3',
        resident: { status: 'HIDUP' },
        membership: {
          segment: 'PBPU',
          status: 'NONAKTIF',
          reason: 'TUNGGAKAN',
          arrearsMonths: 7,
          primaryFacility: 'FKTP, 01',
          asOf: '2025-05-31',
        },
        welfare: { desil: 3, extremePoor: true },
      });
      assert.equal(index.lookup(nik(1)).membership?.status, 'AKTIF');
      assert.equal(index.lookup(nik(1)).membership?.arrearsMonths, null);
      assert.deepEqual(index.lookup(nik(3)).resident, { status: 'MENINGGAL' });
      const memberOnly = index.lookup(nik(9));
      assert.equal(memberOnly.resident, null);
      assert.equal(memberOnly.membership?.reason, 'PBI_DINONAKTIFKAN');
      assert.equal(memberOnly.familyCardKey, null);
      assert.equal(memberOnly.membershipClass, '3');
      assert.deepEqual(index.lookup(nik(77)), {
        desaCode: null,
        familyCardKey: null,
        membershipClass: null,
        resident: null,
        membership: null,
        welfare: null,
      });
    });

    test('its key changes when an import replaces a batch', async () => {
      const before = await MirrorIndex.currentKey(app.db, app.district.district.code);
      await run('dtsen', csvFile([DTSEN_HEADER, `${nik(1)},8,N`]));
      const after = await MirrorIndex.currentKey(app.db, app.district.district.code);
      assert.notEqual(after, before);
      const index = await MirrorIndex.load(app.db, app.district.district.code);
      assert.equal(index.key, after);
      assert.equal(index.lookup(nik(2)).welfare, null);
      assert.deepEqual(index.lookup(nik(1)).welfare, { desil: 8, extremePoor: false });
    });

    test('a reload after a peserta import reads only the members, and keeps the other columns', async () => {
      const previous = await MirrorIndex.load(app.db, app.district.district.code);
      await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { status: 'NONAKTIF', dataPer: '2025-08-31' }), pesertaRow(3, { dataPer: '2025-08-31' })]));
      const read: string[] = [];
      const db = { ...app.db, copyOut: (query: string, format?: 'csv' | 'binary') => (read.push(query), app.db.copyOut(query, format)) };
      const index = await MirrorIndex.load(db, app.district.district.code, previous);
      assert.equal(index.key, await MirrorIndex.currentKey(app.db, app.district.district.code));
      assert.deepEqual(index.size, { residents: 3, members: 2, welfare: 1 });
      assert.equal(index.lookup(nik(1)).membership?.status, 'NONAKTIF');
      assert.equal(index.lookup(nik(1)).membership?.asOf, '2025-08-31');
      assert.equal(index.lookup(nik(2)).membership, null);
      assert.equal(index.lookup(nik(2)).desaCode, '52.03.05.2001', 'the residents kept');
      assert.deepEqual(index.lookup(nik(1)).welfare, { desil: 8, extremePoor: false }, 'the welfare ranking kept');
      // The embedded database is read through copyOut; a server is read by the mirror's worker itself.
      if (app.db.kind === 'embedded') assert.deepEqual(read.map((q) => /FROM (\w+)_b/.exec(q)?.[1]), ['member']);
    });

    test('a table read in slices of pages gives every row once', async () => {
      await app.db.query('CREATE TABLE slice_probe (nik text, desil int, miskin_ekstrem boolean)');
      await app.db.query(`INSERT INTO slice_probe SELECT lpad(g::text, 16, '0'), g % 10, g % 2 = 0 FROM generate_series(1, 5000) g`);
      const [{ pages }] = await app.db.query<{ pages: number }>(
        `SELECT (pg_relation_size('slice_probe'::regclass) / current_setting('block_size')::int)::int AS pages`,
      );
      assert.ok(pages >= 10, `${pages} pages`);
      const queries = mirrorSliceQueries('dtsen', 'slice_probe', pages, 4);
      assert.equal(queries.length, 4);
      const rows = (await Promise.all(queries.map((q) => app.db.copyOut(q)))).flatMap((bytes) => Buffer.from(bytes).toString().split('\n').filter(Boolean));
      assert.equal(rows.length, 5000);
      assert.equal(new Set(rows.map((r) => r.split(',')[0])).size, 5000);
      assert.deepEqual(mirrorSliceQueries('dtsen', 'slice_probe', 0, 4), ['SELECT nik, desil, miskin_ekstrem FROM slice_probe']);
      if (app.db.connectionString) {
        // A server's slices as the mirror's worker reads them while the counter is in use: paced, one output each.
        const outputs = await copyOutFromServer({ connectionString: app.db.connectionString, queries, paced: true });
        assert.deepEqual(outputs.map((bytes) => bytes.toString()), rows.length ? await Promise.all(queries.map(async (q) => Buffer.from(await app.db.copyOut(q)).toString())) : []);
      }
      await app.db.query('DROP TABLE slice_probe');
    });

    test('an import builds no columns without a mirror in the process, nor while the counter is idle; an older or rejected one offers none', async () => {
      const code = app.district.district.code;
      const dtsen = async () => {
        const result = await run('dtsen', csvFile([DTSEN_HEADER, `${nik(1)},8,N`]));
        return takeMirrorColumns('dtsen', partitionName(SOURCE_SPECS.dtsen, result.batchId));
      };
      // The other backend's tests in this process used the counter: wait until it counts as idle (5 s).
      while (foregroundActive()) await sleep(100);
      assert.equal(await dtsen(), null, 'no mirror in the process');
      const stopTaking = takeColumnsFromImports();
      try {
        assert.equal(await dtsen(), null, 'the counter is idle: the rebuild reads the table, with nobody waiting');
        noteForegroundWork();
        assert.ok(await dtsen(), 'the counter is in use');
        const older = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2024-01-31' })]));
        assert.equal(older.status, 'history');
        assert.equal(takeMirrorColumns('peserta', partitionName(SOURCE_SPECS.peserta, older.batchId)), null);
        const rejected = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(6, { segmen: 'BUKAN' })]));
        assert.equal(rejected.status, 'rejected');
        assert.equal(takeMirrorColumns('peserta', partitionName(SOURCE_SPECS.peserta, rejected.batchId)), null);
      } finally {
        stopTaking();
      }
      assert.equal((await MirrorIndex.load(app.db, code)).lookup(nik(1)).welfare?.desil, 8);
    });

    test('while the counter is in use the mirror loads the same rows (on a server, in paced slices)', async () => {
      const calm = await MirrorIndex.load(app.db, app.district.district.code);
      noteForegroundWork();
      const busy = await MirrorIndex.load(app.db, app.district.district.code);
      assert.deepEqual(busy.size, calm.size);
      for (const n of [1, 2, 3, 9, 77]) assert.deepEqual(busy.lookup(nik(n)), calm.lookup(nik(n)));
    });

    test("an import's own columns are the mirror the table gives, normalised rows, quoted fields, skipped and duplicate rows included", async () => {
      const stopTaking = takeColumnsFromImports();
      const code = app.district.district.code;
      try {
        const imported = async (source: Source, lines: string[]) => {
          noteForegroundWork(); // columns are built while the counter is in use
          const result = await importFile(app.db, { source, filePath: csvFile(lines), skipInvalid: true, username: 'test', district: app.district });
          assert.equal(result.status, 'committed');
          assert.deepEqual(result.notes, []);
          return partitionName(SOURCE_SPECS[source], result.batchId);
        };
        const tables = {
          penduduk: await imported('penduduk', [
            PENDUDUK_HEADER,
            pendudukRow(1),
            `${nik(2)},5203010101000001,"Contoh, ""Dua""
baris kedua",L,1990-01-01,52.03.05.2001,hidup`,
            ` ${nik(3)} ,5203010101000001,Contoh 3,L,1990-01-01,52.03.01.2001,MENINGGAL`,
            pendudukRow(4, '52.03.01.2001', 'TIDAK_ADA'),
          ]),
          peserta: await imported('peserta', [
            PESERTA_HEADER,
            pesertaRow(1, { dataPer: '2025-09-30' }),
            `${nik(2)},0000000000002, pbpu ,3,nonaktif,tunggakan,0012,"FKTP, 01",2025-09-30`,
            pesertaRow(5, { dataPer: '2025-09-30' }),
            pesertaRow(5, { status: 'NONAKTIF', dataPer: '2025-09-30' }),
            pesertaRow(6, { segmen: 'BUKAN', dataPer: '2025-09-30' }),
            pesertaRow(9, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN', dataPer: '2025-10-31' }),
          ]),
          dtsen: await imported('dtsen', [DTSEN_HEADER, `${nik(2)},3,Y`, `${nik(1)}, 4 ,y`, `${nik(3)},10,`, `${nik(9)},2,n`]),
        };
        const handedOver = Object.fromEntries(MIRROR_SOURCES.map((source) => [source, takeMirrorColumns(source, tables[source])]));
        for (const source of MIRROR_SOURCES) assert.ok(handedOver[source], `${source}: columns handed over`);
        const fromTables = await MirrorIndex.load(app.db, code);
        for (const source of MIRROR_SOURCES) offerMirrorColumns(source, tables[source], handedOver[source]!);
        const read: string[] = [];
        const db = { ...app.db, connectionString: null, copyOut: (query: string, format?: 'csv' | 'binary') => (read.push(query), app.db.copyOut(query, format)) };
        const fromImports = await MirrorIndex.load(db, code);
        assert.deepEqual(read, [], 'no table read back');
        for (const source of MIRROR_SOURCES) assert.equal(takeMirrorColumns(source, tables[source]), null, `${source}: taken once`);
        assert.deepEqual(fromImports.size, { residents: 3, members: 3, welfare: 4 });
        assert.deepEqual(fromImports.size, fromTables.size);
        for (const n of [1, 2, 3, 4, 5, 6, 9, 77]) assert.deepEqual(fromImports.lookup(nik(n)), fromTables.lookup(nik(n)), `NIK ${n}`);
        assert.equal(fromImports.lookup(nik(2)).membership?.primaryFacility, 'FKTP, 01');
        assert.equal(fromImports.lookup(nik(2)).membership?.arrearsMonths, 12);
        assert.equal(fromImports.lookup(nik(5)).membership, null, 'a duplicate NIK is deleted with every row of it');
        assert.equal(fromImports.lookup(nik(1)).membership?.asOf, '2025-10-31', "the batch's as-of date");
        assert.deepEqual(fromImports.lookup(nik(1)).welfare, { desil: 4, extremePoor: true });
      } finally {
        stopTaking();
      }
      assert.equal(mirrorWantsColumns(), false);
    });

    test('the audit buffer writes its entries in one batch', async () => {
      const buffer = new AuditBuffer(app.db);
      for (let i = 0; i < 3; i++) {
        buffer.add({ districtCode: app.district.district.code, username: 'pkm', action: 'eligibility.check', subject: `case-${i}`, detail: { i } });
      }
      await buffer.flush();
      const rows = await app.db.query<{ subject: string; detail: { i: number } }>(
        `SELECT subject, detail FROM audit_event WHERE action = 'eligibility.check' ORDER BY subject`,
      );
      assert.deepEqual(
        rows.map((r) => [r.subject, r.detail.i]),
        [
          ['case-0', 0],
          ['case-1', 1],
          ['case-2', 2],
        ],
      );
    });
  });
}
