import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, DTSEN_HEADER, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import { AuditBuffer } from '../access/audit-buffer.ts';
import { importFile } from '../registry/import-file.ts';
import type { Source } from '../registry/sources.ts';
import { lookupInDatabase } from './eligibility-service.ts';
import { type MirrorFacts, MirrorIndex } from './mirror-index.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';

for (const backend of backends()) {
  describe(`eligibility mirror on ${backend.name}`, () => {
    let app: AppContext;
    const run = (source: Source, file: string) =>
      importFile(app.db, { source, filePath: file, skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });

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
      const db = { ...app.db, copyOut: (query: string) => (read.push(query), app.db.copyOut(query)) };
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

    test('the mirror answers what the tables say: normalised rows, quoted fields, skipped and duplicate rows included', async () => {
      const code = app.district.district.code;
      const imported = async (source: Source, lines: string[]) => {
        const result = await importFile(app.db, { source, filePath: csvFile(lines), skipInvalid: true, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });
        assert.equal(result.status, 'committed');
      };
      await imported('penduduk', [
        PENDUDUK_HEADER,
        pendudukRow(1),
        `${nik(2)},5203010101000001,"Contoh, ""Dua""
baris kedua",L,1990-01-01,52.03.05.2001,hidup`,
        ` ${nik(3)} ,5203010101000001,Contoh 3,L,1990-01-01,52.03.01.2001,MENINGGAL`,
        pendudukRow(4, '52.03.01.2001', 'TIDAK_ADA'),
      ]);
      await imported('peserta', [
        PESERTA_HEADER,
        pesertaRow(1, { dataPer: '2025-09-30' }),
        `${nik(2)},0000000000002, pbpu ,3,nonaktif,tunggakan,0012,"FKTP, 01",2025-09-30`,
        pesertaRow(5, { dataPer: '2025-09-30' }),
        pesertaRow(5, { status: 'NONAKTIF', dataPer: '2025-09-30' }),
        pesertaRow(6, { segmen: 'BUKAN', dataPer: '2025-09-30' }),
        pesertaRow(9, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN', dataPer: '2025-10-31' }),
      ]);
      await imported('dtsen', [DTSEN_HEADER, `${nik(2)},3,Y`, `${nik(1)}, 4 ,y`, `${nik(3)},10,`, `${nik(9)},2,n`]);
      const mirror = await MirrorIndex.load(app.db, code);
      assert.deepEqual(mirror.size, { residents: 3, members: 3, welfare: 4 });
      // The mirror dates every member with the batch's as-of date (its latest row's); the table has each row's.
      const undated = (facts: MirrorFacts) => ({ ...facts, membership: facts.membership && { ...facts.membership, asOf: '' } });
      for (const n of [1, 2, 3, 4, 5, 6, 9, 77]) {
        assert.deepEqual(undated(mirror.lookup(nik(n))), undated(await lookupInDatabase(app.db, code, nik(n))), `NIK ${n}`);
      }
      assert.equal(mirror.lookup(nik(2)).membership?.primaryFacility, 'FKTP, 01');
      assert.equal(mirror.lookup(nik(2)).membership?.arrearsMonths, 12);
      assert.equal(mirror.lookup(nik(5)).membership, null, 'a duplicate NIK is deleted with every row of it');
      assert.equal(mirror.lookup(nik(1)).membership?.asOf, '2025-10-31', "the batch's as-of date");
      assert.deepEqual(mirror.lookup(nik(1)).welfare, { desil: 4, extremePoor: true });
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
