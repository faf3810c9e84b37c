import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { nik } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import type { CaseToOpen } from '../../domain/eligibility.ts';
import { CaseTransitionError, findCase, moveCase, openCase, worklist } from './case-repository.ts';

const at = (iso: string) => new Date(iso);
const decision = (route: CaseToOpen['route'], ownerOffice: CaseToOpen['ownerOffice'], due: string): CaseToOpen => ({
  route,
  ownerOffice,
  openedAt: at('2026-11-20T08:00:00Z'),
  dueAt: at(due),
  basis: 'test basis',
});

for (const backend of backends()) {
  describe(`membership cases on ${backend.name}`, () => {
    let app: AppContext;
    let districtCode: string;
    before(async () => {
      app = await freshApp(backend);
      districtCode = app.district.district.code;
    });
    after(() => app.close());

    test('a second check of the same person and route joins the open case', async () => {
      const args = { districtCode, nik: nik(1), username: 'pkm', facilityCode: 'PKM-01' };
      const first = await openCase(app.db, { ...args, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-23T08:00:00Z') });
      const again = await openCase(app.db, { ...args, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-24T08:00:00Z') });
      assert.equal(again, first);
      const other = await openCase(app.db, { ...args, decision: decision('KOREKSI_DATA', 'dinkes', '2026-11-27T08:00:00Z') });
      assert.notEqual(other, first);
    });

    test('the worklist puts the earliest due first and masks NIKs', async () => {
      await openCase(app.db, { districtCode, nik: nik(2), username: 'pkm', facilityCode: null, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-21T08:00:00Z') });
      const list = await worklist(app.db, { districtCode, office: 'dinsos', statuses: ['open', 'in_progress'], page: 1, pageSize: 10 });
      assert.equal(list.total, 2);
      assert.deepEqual(
        list.items.map((c) => c.nikMasked),
        [`${nik(2).slice(0, 6)}********${nik(2).slice(14)}`, `${nik(1).slice(0, 6)}********${nik(1).slice(14)}`],
      );
    });

    test('a case moves open → in progress → done with its history, and no further', async () => {
      const { items } = await worklist(app.db, { districtCode, office: 'dinkes', statuses: ['open'], page: 1, pageSize: 10 });
      const id = items[0]!.id;
      await assert.rejects(moveCase(app.db, { districtCode, id, to: 'done', username: 'dinkes', note: null }), CaseTransitionError);
      await moveCase(app.db, { districtCode, id, to: 'in_progress', username: 'dinkes', note: 'called BPJS' });
      await moveCase(app.db, { districtCode, id, to: 'done', username: 'dinkes', note: 'record corrected' });
      await assert.rejects(moveCase(app.db, { districtCode, id, to: 'rejected', username: 'dinkes', note: null }), CaseTransitionError);
      const found = await findCase(app.db, districtCode, id);
      assert.equal(found?.status, 'done');
      assert.deepEqual(
        found?.history.map((h) => [h.fromStatus, h.toStatus]),
        [
          [null, 'open'],
          ['open', 'in_progress'],
          ['in_progress', 'done'],
        ],
      );
    });
  });
}
