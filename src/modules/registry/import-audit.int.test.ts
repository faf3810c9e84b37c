/** The import's audit record is written in the transaction that settles the batch: both or neither. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';
import { currentSource, listBatches } from './batch-repository.ts';
import { type ImportRequest, importFile } from './import-file.ts';
import type { Source } from './sources.ts';

for (const backend of backends()) {
  describe(`the import's audit on ${backend.name}`, () => {
    let app: AppContext;
    const audit = { userId: null, username: 'cli:test', detail: { file: 'x.csv', via: 'cli' } };
    const run = (source: Source, filePath: string, extra: Partial<ImportRequest> = {}) =>
      importFile(app.db, { source, filePath, skipInvalid: false, username: 'test', district: app.district, audit, onCommit: snapshotOnImport(app.db.kind), ...extra });
    const audited = () =>
      app.db.query<{ subject: string; username: string; detail: Record<string, unknown> }>(
        `SELECT subject, username, detail FROM audit_event WHERE action = 'import' ORDER BY id`,
      );

    before(async () => {
      app = await freshApp(backend);
    });
    after(() => app.close());

    test('a committed, a history and a rejected import each write one record with their outcome', async () => {
      const penduduk = await run('penduduk', csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2)]));
      const peserta = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2026-10-31' })]));
      const older = await run('peserta', csvFile([PESERTA_HEADER, pesertaRow(1, { dataPer: '2026-09-30' })]));
      const rejected = await run('peserta', csvFile([PESERTA_HEADER, `${nik(2)},123,PBPU,3,AKTIF,,,,2026-10-31`]));
      assert.deepEqual(
        [penduduk.status, peserta.status, older.status, rejected.status],
        ['committed', 'committed', 'history', 'rejected'],
      );
      assert.deepEqual(
        (await audited()).map((r) => [r.subject, r.username, r.detail.status, r.detail.rowsValid, r.detail.rowsInvalid, r.detail.via]),
        [
          [`penduduk:${penduduk.batchId}`, 'cli:test', 'committed', 2, 0, 'cli'],
          [`peserta:${peserta.batchId}`, 'cli:test', 'committed', 1, 0, 'cli'],
          [`peserta:${older.batchId}`, 'cli:test', 'history', 1, 0, 'cli'],
          [`peserta:${rejected.batchId}`, 'cli:test', 'rejected', 0, 1, 'cli'],
        ],
      );
    });

    test('an audit record that cannot be written undoes the import: the previous batch stays current', async () => {
      const before = await currentSource(app.db, app.district.district.code, 'penduduk');
      const count = (await audited()).length;
      // A detail JSON cannot hold: the audit write fails inside the commit's transaction.
      const unwritable = { ...audit, detail: { size: 1n } };
      await assert.rejects(run('penduduk', csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3)]), { audit: unwritable }));
      const after = await currentSource(app.db, app.district.district.code, 'penduduk');
      assert.equal(after?.batchId, before?.batchId, 'the penduduk batch of before is still the current one');
      assert.equal((await audited()).length, count);
      const [last] = await listBatches(app.db, app.district.district.code);
      assert.equal(last?.status, 'abandoned');
    });
  });
}
