import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { nik } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import type { CaseToOpen } from '../../domain/eligibility.ts';
import { CaseOpener } from './case-opener.ts';
import type { Actor } from '../access/index.ts';
import { findCase, worklist } from './case-repository.ts';
import { CaseNotFoundError, CaseTransitionError, moveCase } from './move-case.ts';

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
    let opener: CaseOpener;
    before(async () => {
      app = await freshApp(backend);
      districtCode = app.district.district.code;
      opener = new CaseOpener(app.db, districtCode);
      await opener.load();
    });
    after(() => app.close());

    test('a second check of the same person and route joins the open case', async () => {
      const args = { nik: nik(1), username: 'pkm', facilityCode: 'PKM-01' };
      const first = opener.open({ ...args, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-23T08:00:00Z') });
      const again = opener.open({ ...args, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-24T08:00:00Z') });
      assert.equal(again, first);
      const other = opener.open({ ...args, decision: decision('KOREKSI_DATA', 'dinkes', '2026-11-27T08:00:00Z') });
      assert.notEqual(other, first);
      await opener.flush();
      const stored = await findCase(app.db, districtCode, first);
      assert.equal(stored?.status, 'open');
      assert.equal(stored?.dueAt && new Date(stored.dueAt).toISOString(), '2026-11-23T08:00:00.000Z');
      assert.deepEqual(stored?.history.map((h) => h.note), ['counter check at PKM-01']);
    });

    test('two servers opening the same case at once end with one case, and both answer its id', async () => {
      const elsewhere = new CaseOpener(app.db, districtCode);
      const args = { nik: nik(5), username: 'pkm', facilityCode: null, decision: decision('PENDAFTARAN', 'dinkes', '2026-11-21T08:00:00Z') };
      const here = opener.open(args);
      const there = elsewhere.open(args);
      assert.notEqual(here, there);
      await opener.flush();
      await elsewhere.flush();
      const rows = await app.db.query<{ id: string }>('SELECT id FROM membership_case WHERE nik = $1', [nik(5)]);
      assert.deepEqual(rows.map((r) => r.id), [here]);
      assert.equal(elsewhere.open(args), here);
    });

    test('a started opener knows the cases already open in the database', async () => {
      const restarted = new CaseOpener(app.db, districtCode);
      await restarted.load();
      assert.equal(restarted.open({ nik: nik(5), username: 'x', facilityCode: null, decision: decision('PENDAFTARAN', 'dinkes', '2026-12-01T08:00:00Z') }), (await app.db.query<{ id: string }>('SELECT id FROM membership_case WHERE nik = $1', [nik(5)]))[0]!.id);
    });

    test('the worklist puts the earliest due first and masks NIKs', async () => {
      opener.open({ nik: nik(2), username: 'pkm', facilityCode: null, decision: decision('DINSOS_REAKTIVASI_PBI', 'dinsos', '2026-11-21T08:00:00Z') });
      await opener.flush();
      const list = await worklist(app.db, { districtCode, office: 'dinsos', statuses: ['open', 'in_progress'], page: 1, pageSize: 10 });
      assert.equal(list.total, 2);
      assert.deepEqual(
        list.items.map((c) => c.nikMasked),
        [`${nik(2).slice(0, 6)}********${nik(2).slice(14)}`, `${nik(1).slice(0, 6)}********${nik(1).slice(14)}`],
      );
    });

    test('a case moves open → in progress → done with its history and audit, and no further', async () => {
      const { items } = await worklist(app.db, { districtCode, office: 'dinkes', statuses: ['open'], page: 1, pageSize: 10 });
      const id = items.find((c) => c.route === 'KOREKSI_DATA')!.id;
      const dinkes: Actor = { userId: 7, username: 'dinkes', role: 'dinkes', ip: '10.0.0.1', via: 'web' };
      const audited = async () =>
        (await app.db.query<{ detail: { from: string; to: string } }>(`SELECT detail FROM audit_event WHERE action = 'case.move' ORDER BY id`)).map(
          (r) => [r.detail.from, r.detail.to],
        );
      const move = (to: 'in_progress' | 'done' | 'rejected', actor: Actor = dinkes, note: string | null = null) =>
        moveCase(app.db, opener, { districtCode, id, to, note }, actor);
      await assert.rejects(move('done'), CaseTransitionError);
      // Dinas Sosial works only its own office's cases: another office's is no case at all to it.
      await assert.rejects(move('in_progress', { ...dinkes, username: 'dinsos', role: 'dinsos' }), CaseNotFoundError);
      assert.deepEqual(await audited(), [], 'a refused move changes nothing and writes no audit record');
      await move('in_progress', dinkes, 'called BPJS');
      const moved = await move('done', dinkes, 'record corrected');
      assert.equal(moved?.status, 'done');
      await assert.rejects(move('rejected'), CaseTransitionError);
      assert.deepEqual(await audited(), [
        ['open', 'in_progress'],
        ['in_progress', 'done'],
      ]);
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
      // Closed (the use case told the opener after its commit): the next check on the same route opens a fresh case.
      const reopened = opener.open({ nik: nik(1), username: 'pkm', facilityCode: null, decision: decision('KOREKSI_DATA', 'dinkes', '2026-12-01T08:00:00Z') });
      assert.notEqual(reopened, id);
      await opener.flush();
      assert.equal((await findCase(app.db, districtCode, reopened))?.status, 'open');
    });
  });
}
