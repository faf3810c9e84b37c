import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, DTSEN_HEADER, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { Services } from '../../app/compose.ts';
import type { AppContext } from '../../app/context.ts';
import { type Role, ROLES } from '../access/roles.ts';
import { createSession } from '../access/users.ts';
import { addTestUser, startServer, startServices } from '../../../test/support/server.ts';
import { importFile } from '../registry/import-file.ts';
import type { Source } from '../registry/sources.ts';
import { BpjsConfig } from './bpjs/config.ts';
import { type FakeBpjs, startFakeBpjs } from '../../../test/support/fake-bpjs-server.ts';
import { EligibilityService, lookupInDatabase } from './eligibility-service.ts';
import { MirrorIndex } from './mirror-index.ts';
import { DEFAULT_SLA_HOURS, districtPolicy } from './policy.ts';
import { SELF_CHECK_FLOOR_MS } from './self-check.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';

const ACTIVE = nik(1);
const PBI_REMOVED_POOR = nik(2);
const UNREGISTERED = nik(3);
const PBPU_ARREARS = nik(4);
const EMPLOYER_STOPPED = nik(5);
const DECEASED_RESIDENT = nik(6);
const NOT_A_RESIDENT = nik(7);
const UNKNOWN = nik(99);
/** pendudukRow's family card number (every resident but PBI_REMOVED_POOR), and PBI_REMOVED_POOR's. */
const FAMILY_KK = '5203010101000001';
const PBI_REMOVED_POOR_KK = '5203010202000002';
const PESERTA_ROWS = [
  `${ACTIVE},0000000000001,PPU_BU,1,AKTIF,,,22010101,2026-10-31`,
  pesertaRow(2, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN', dataPer: '2026-10-31' }),
  `${PBPU_ARREARS},0000000000004,PBPU,2,NONAKTIF,TUNGGAKAN,9,22010101,2026-10-31`,
  pesertaRow(5, { segmen: 'PPU_BU', status: 'NONAKTIF', alasan: 'PPU_BERHENTI', dataPer: '2026-10-31' }),
  pesertaRow(7, { dataPer: '2026-10-31' }),
];
const CREDENTIALS = { consId: '1001', secretKey: 'rahasia-uji', userKey: 'kunci-pengguna' };

for (const backend of backends()) {
  describe(`eligibility at the counter on ${backend.name}`, () => {
    let app: AppContext;
    let server: FastifyInstance;
    let eligibility: EligibilityService;
    let stop: () => Promise<void>;
    const cookies = new Map<string, string>();
    const run = (source: Source, file: string) =>
      importFile(app.db, { source, filePath: file, skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });

    const as = (who: Role | 'elsewhere', url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
      server.inject({ method, url, payload, cookies: { smartjkn_session: cookies.get(who)! } });
    const check = async (who: Role | 'elsewhere', n: string) => as(who, `/api/v1/eligibility/${n}`);

    before(async () => {
      app = await freshApp(backend);
      await run(
        'penduduk',
        csvFile([
          PENDUDUK_HEADER,
          ...[1, 3, 4, 5].map((n) => pendudukRow(n)),
          // Another family: its own family card number.
          `${PBI_REMOVED_POOR},${PBI_REMOVED_POOR_KK},Contoh 2,L,1990-01-01,52.03.01.2001,HIDUP`,
          pendudukRow(6, '52.03.01.2001', 'MENINGGAL'),
        ]),
      );
      await run('peserta', csvFile([PESERTA_HEADER, ...PESERTA_ROWS]));
      await run('dtsen', csvFile([DTSEN_HEADER, `${PBI_REMOVED_POOR},2,N`]));

      const districtCode = app.district.district.code;
      const users: [string, Role, string | null, string][] = ROLES.map((r) => [`u-${r}`, r, r === 'faskes' ? 'PKM-01' : null, districtCode]);
      users.push(['elsewhere', 'faskes', 'PKM-99', '52.01']);
      for (const [username, role, facilityCode, userDistrict] of users) {
        await addTestUser(app, { username, password: `password-${username}`, role, facilityCode, districtCode: userDistrict });
      }
      const started = await startServer(app);
      ({ server, close: stop } = started);
      eligibility = started.services.eligibility;
      await eligibility.refresh();
      for (const [username, role] of users) {
        const response = await server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password: `password-${username}` },
        });
        if (username === 'elsewhere') {
          // Another district's account cannot log in here; a session it got some other way reads nobody either.
          assert.equal(response.statusCode, 401);
          const [{ id }] = await app.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'elsewhere'`);
          cookies.set('elsewhere', await createSession(app.db, id!));
          continue;
        }
        assert.equal(response.statusCode, 200, username);
        cookies.set(role, response.cookies.find((c) => c.name === 'smartjkn_session')!.value);
      }
    });
    after(async () => {
      await stop();
      await app.close();
    });

    test('an active member is served under JKN, with no case, as of the extract; the desk does not see the class', async () => {
      const response = await check('faskes', ACTIVE);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(
        {
          nik: body.nik,
          resident: body.resident,
          membership: body.membership,
          reason: body.reason,
          served: body.served,
          basis: body.basis,
          asOf: body.asOf,
          source: body.source,
          caseId: body.caseId,
        },
        { nik: ACTIVE, resident: true, membership: 'AKTIF', reason: null, served: true, basis: 'JKN_AKTIF', asOf: '2026-10-31', source: 'mirror', caseId: null },
      );
      assert.equal(body.primaryFacility, '22010101');
      assert.equal(body.segment, null);
      assert.equal(body.membershipClass, null);
      const forDinkes = (await check('dinkes', ACTIVE)).json();
      assert.equal(forDinkes.segment, 'PPU_BU');
      assert.equal(forDinkes.membershipClass, '1');
    });

    test('a poor resident removed from PBI is served under the district guarantee and a Dinas Sosial case opens once', async () => {
      const first = (await check('faskes', PBI_REMOVED_POOR)).json();
      assert.equal(first.served, true);
      assert.equal(first.basis, 'JAMINAN_PEMDA');
      assert.equal(first.membership, 'NONAKTIF');
      assert.equal(first.reason, 'PBI_DINONAKTIFKAN');
      assert.equal(first.case.route, 'DINSOS_REAKTIVASI_PBI');
      assert.match(first.caseId, /^[0-9a-f-]{36}$/);
      const again = (await check('dinkes', PBI_REMOVED_POOR)).json();
      assert.equal(again.caseId, first.caseId);

      const dinsos = (await as('dinsos', '/api/v1/cases')).json();
      assert.equal(dinsos.office, 'dinsos');
      assert.deepEqual(dinsos.items.map((c: { id: string }) => c.id), [first.caseId]);
      assert.equal(dinsos.items[0].nikMasked, `${PBI_REMOVED_POOR.slice(0, 6)}********${PBI_REMOVED_POOR.slice(14)}`);
      assert.equal(dinsos.items[0].facilityCode, 'PKM-01');
      const due = new Date(dinsos.items[0].dueAt).getTime() - new Date(dinsos.items[0].openedAt).getTime();
      assert.equal(due, DEFAULT_SLA_HOURS.DINSOS_REAKTIVASI_PBI * 3_600_000);
      // Disnaker neither lists it nor opens it, even when asking for another office.
      assert.equal((await as('disnaker', '/api/v1/cases?office=dinsos')).json().items.length, 0);
      assert.equal((await as('disnaker', `/api/v1/cases/${first.caseId}`)).statusCode, 404);
    });

    test('each cause gets its route: arrears, employer stopped, unregistered, deceased, not in the register', async () => {
      const routeOf = async (n: string) => {
        const body = (await check('faskes', n)).json();
        return [body.membership, body.resident, body.served, body.case?.route ?? null, body.case?.ownerOffice ?? null];
      };
      assert.deepEqual(await routeOf(PBPU_ARREARS), ['NONAKTIF', true, true, 'REHAB_ATAU_PBPU_PEMDA', 'dinkes']);
      assert.deepEqual(await routeOf(EMPLOYER_STOPPED), ['NONAKTIF', true, true, 'DISNAKER_PEMBERI_KERJA', 'disnaker']);
      assert.deepEqual(await routeOf(UNREGISTERED), ['TIDAK_TERDAFTAR', true, true, 'PENDAFTARAN', 'dinkes']);
      assert.deepEqual(await routeOf(DECEASED_RESIDENT), ['TIDAK_TERDAFTAR', false, false, 'KOREKSI_DATA', 'dinkes']);
      // Active in BPJS but not in the district's register: JKN covers the visit, no case.
      assert.deepEqual(await routeOf(NOT_A_RESIDENT), ['AKTIF', false, true, null, null]);
      const unknown = (await check('faskes', UNKNOWN)).json();
      assert.deepEqual([unknown.resident, unknown.membership, unknown.served, unknown.basis], [false, 'TIDAK_TERDAFTAR', false, 'TIDAK']);
      assert.equal(unknown.case.route, 'VERIFIKASI_DUKCAPIL');
      assert.match(unknown.nextStep, /Dukcapil/);
    });

    test('a malformed NIK is refused with the reason, and nothing is recorded as a check', async () => {
      for (const [bad, reason] of [
        ['52030101900001', /16 digits/],
        ['5203013202900001', /day/],
        ['520301010190000x', /16 digits/],
      ] as const) {
        const response = await check('faskes', bad);
        assert.equal(response.statusCode, 400, bad);
        assert.match(response.json().error, reason);
      }
      await eligibility.flush();
      const recorded = await app.db.query(`SELECT 1 FROM audit_event WHERE subject = '5203013202900001'`);
      assert.equal(recorded.length, 0);
    });

    test('only the desk, dinkes and admin may check; another district’s account reads nobody', async () => {
      for (const role of ['funder', 'viewer', 'dinsos', 'disnaker'] as const) {
        assert.equal((await check(role, ACTIVE)).statusCode, 403, role);
      }
      assert.equal((await server.inject({ method: 'GET', url: `/api/v1/eligibility/${ACTIVE}` })).statusCode, 401);
      assert.equal((await check('elsewhere', ACTIVE)).statusCode, 403);
      assert.equal((await as('elsewhere', '/api/v1/cases')).statusCode, 403);
      assert.equal((await as('faskes', '/api/v1/cases')).statusCode, 403);
      assert.equal((await as('funder', '/api/v1/cases')).statusCode, 403);
    });

    test('every check is in the audit log with who, which facility and the outcome; the admin finds it by NIK, masked', async () => {
      await check('faskes', PBPU_ARREARS);
      const response = await as('admin', `/api/v1/audit?nik=${PBPU_ARREARS}&facility=PKM-01`);
      assert.equal(response.statusCode, 200);
      const { total, items } = response.json();
      assert.ok(total >= 2);
      const entry = items[0];
      assert.equal(entry.action, 'eligibility.check');
      assert.equal(entry.username, 'u-faskes');
      assert.equal(entry.subject, `${PBPU_ARREARS.slice(0, 6)}********${PBPU_ARREARS.slice(14)}`);
      assert.deepEqual([entry.detail.facility, entry.detail.basis, entry.detail.channel], ['PKM-01', 'JAMINAN_PEMDA', 'counter']);
      assert.equal((await as('dinkes', `/api/v1/audit?nik=${PBPU_ARREARS}`)).statusCode, 403);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await as('admin', `/api/v1/audit?nik=${PBPU_ARREARS}&to=2020-01-01`)).json().total, 0);
      assert.ok((await as('admin', `/api/v1/audit?nik=${PBPU_ARREARS}&from=${today}`)).json().total >= 2);
    });

    test('an office moves its case on; a wrong step is refused; a closed case lets the next check open a new one', async () => {
      const { caseId } = (await check('faskes', EMPLOYER_STOPPED)).json();
      const move = (who: Role, to: string) => as(who, `/api/v1/cases/${caseId}/transition`, 'POST', { to, note: 'uji' });
      assert.equal((await move('dinsos', 'in_progress')).statusCode, 404);
      assert.equal((await move('disnaker', 'done')).statusCode, 409);
      assert.equal((await move('disnaker', 'in_progress')).statusCode, 200);
      const done = await move('disnaker', 'done');
      assert.equal(done.statusCode, 200);
      assert.deepEqual(
        done.json().history.map((h: { toStatus: string }) => h.toStatus),
        ['open', 'in_progress', 'done'],
      );
      const next = (await check('faskes', EMPLOYER_STOPPED)).json();
      assert.notEqual(next.caseId, caseId);
      assert.equal((await as('disnaker', '/api/v1/cases')).json().items[0].id, next.caseId);
    });

    test('a district without the guarantee does not serve an inactive resident, but still opens the case', async () => {
      const services = await startServices(app, { eligibility: { policy: { ...districtPolicy({}), guaranteeInactive: false } } });
      const strict = services.eligibility;
      const answer = await strict.check(PBPU_ARREARS, { userId: null, username: 'test', facilityCode: null, channel: 'counter', ip: null });
      assert.deepEqual([answer.served, answer.basis, answer.case?.route], [false, 'TIDAK', 'REHAB_ATAU_PBPU_PEMDA']);
      assert.ok(answer.caseId);
      await services.close();
    });

    test('the database lookup used while the mirror loads says exactly what the mirror says', async () => {
      const mirror = await MirrorIndex.load(app.db, app.district.district.code);
      for (const n of [ACTIVE, PBI_REMOVED_POOR, UNREGISTERED, PBPU_ARREARS, DECEASED_RESIDENT, NOT_A_RESIDENT, UNKNOWN]) {
        assert.deepEqual(await lookupInDatabase(app.db, app.district.district.code, n), mirror.lookup(n), n);
      }
    });

    test('after an import the answer follows the new extract', async () => {
      // The next extract: the same people, one of them active again. (Restored after, for the tests that follow.)
      const next = PESERTA_ROWS.map((row) => row.replace('2026-10-31', '2026-11-20'));
      next[2] = `${PBPU_ARREARS},0000000000004,PBPU,2,AKTIF,,,22010101,2026-11-20`;
      await run('peserta', csvFile([PESERTA_HEADER, ...next]));
      await eligibility.refresh();
      const body = (await check('faskes', PBPU_ARREARS)).json();
      assert.deepEqual([body.membership, body.asOf, body.caseId], ['AKTIF', '2026-11-20', null]);
      await run('peserta', csvFile([PESERTA_HEADER, ...PESERTA_ROWS.map((row) => row.replace('2026-10-31', '2026-11-21'))]));
      await eligibility.refresh();
      assert.equal((await check('faskes', PBPU_ARREARS)).json().membership, 'NONAKTIF');
    });

    describe('live BPJS lookup', () => {
      let bpjs: FakeBpjs;
      let live: EligibilityService;
      let liveServices: Services;
      const asker = { userId: null, username: 'pkm', facilityCode: 'PKM-01', channel: 'counter' as const, ip: null };
      before(async () => {
        bpjs = await startFakeBpjs({
          credentials: CREDENTIALS,
          members: new Map([
            [
              EMPLOYER_STOPPED,
              {
                vclaim: {
                  nik: EMPLOYER_STOPPED,
                  noKartu: '0000000000005',
                  statusPeserta: { kode: '0', keterangan: 'AKTIF' },
                  jenisPeserta: { kode: '13', keterangan: 'PEGAWAI SWASTA' },
                  hakKelas: { kode: '2', keterangan: 'KELAS II' },
                  provUmum: { kdProvider: '22010202', nmProvider: 'PUSKESMAS MASBAGIK' },
                  tglTAT: '2026-12-31',
                },
              },
            ],
          ]),
        });
        liveServices = await startServices(app, {
          bpjs: new BpjsConfig(bpjs.vclaimUrl, null, CREDENTIALS),
          eligibility: { bpjsOptions: { timeoutMs: 300, cacheTtlMs: 0 } },
        });
        live = liveServices.eligibility;
        await live.refresh();
      });
      after(async () => {
        await liveServices.close();
        await bpjs.close();
      });

      test('VClaim answers first: today’s status beats the mirror’s extract', async () => {
        const answer = await live.check(EMPLOYER_STOPPED, asker);
        assert.deepEqual(
          [answer.source, answer.membership, answer.served, answer.basis, answer.caseId, answer.primaryFacility],
          ['vclaim', 'AKTIF', true, 'JKN_AKTIF', null, '22010202'],
        );
        const notMember = await live.check(UNREGISTERED, asker);
        assert.deepEqual([notMember.source, notMember.membership, notMember.case?.route], ['vclaim', 'TIDAK_TERDAFTAR', 'PENDAFTARAN']);
      });

      test('when VClaim is down or slow, the mirror answers and says as of when', async () => {
        bpjs.behave('down');
        const down = await live.check(EMPLOYER_STOPPED, asker);
        assert.deepEqual([down.source, down.membership, down.asOf], ['mirror', 'NONAKTIF', '2026-11-21']);
        bpjs.behave({ delayMs: 1_000 });
        const started = Date.now();
        const slow = await live.check(EMPLOYER_STOPPED, asker);
        assert.equal(slow.source, 'mirror');
        assert.ok(Date.now() - started < 900);
        bpjs.behave('up');
      });
    });

    describe('resident self-check', () => {
      const selfCheck = (body: object, ip = '10.0.0.1') =>
        server.inject({ method: 'POST', url: '/api/v1/self-check', payload: body, remoteAddress: ip });

      test('the right family card number shows one’s own status and next step, and no case is opened', async () => {
        const cases = async () => (await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM membership_case'))[0]!.n;
        await eligibility.flush();
        const before = await cases();
        const response = await selfCheck({ nik: PBI_REMOVED_POOR, noKk: ` ${PBI_REMOVED_POOR_KK} ` }, '10.0.0.2');
        assert.equal(response.statusCode, 200);
        const body = response.json();
        assert.deepEqual([body.matched, body.membership, body.served, body.route], [true, 'NONAKTIF', true, 'DINSOS_REAKTIVASI_PBI']);
        assert.match(body.advice, /Dinas Sosial/);
        assert.equal(body.nik, undefined);
        await eligibility.flush();
        assert.equal(await cases(), before);
      });

      test('the date of birth, which the NIK itself encodes, is no longer a second factor', async () => {
        const response = await selfCheck({ nik: PBI_REMOVED_POOR, birthDate: '1990-01-01' }, '10.0.0.3');
        assert.equal(response.statusCode, 400);
        assert.match(response.json().error, /noKk/);
      });

      test('a wrong or malformed number, an unknown NIK and a malformed one get the very same answer in the same time', async () => {
        const answers = [];
        for (const [i, input] of [
          // Another family's real number.
          { nik: PBI_REMOVED_POOR, noKk: FAMILY_KK },
          { nik: PBI_REMOVED_POOR, noKk: '5203010202000003' },
          { nik: PBI_REMOVED_POOR, noKk: PBI_REMOVED_POOR_KK.slice(0, 15) },
          { nik: PBI_REMOVED_POOR, noKk: '' },
          { nik: UNKNOWN, noKk: FAMILY_KK },
          { nik: '123', noKk: 'x' },
          { nik: NOT_A_RESIDENT, noKk: FAMILY_KK },
        ].entries()) {
          const started = Date.now();
          const response = await selfCheck(input, `10.0.1.${i}`);
          assert.equal(response.statusCode, 200);
          answers.push({ body: response.body, elapsed: Date.now() - started });
        }
        assert.equal(new Set(answers.map((a) => a.body)).size, 1);
        assert.deepEqual(JSON.parse(answers[0]!.body).matched, false);
        for (const a of answers) assert.ok(a.elapsed >= SELF_CHECK_FLOOR_MS - 5, `answered in ${a.elapsed} ms`);
        const started = Date.now();
        const matched = JSON.parse((await selfCheck({ nik: ACTIVE, noKk: FAMILY_KK }, '10.0.2.1')).body);
        assert.ok(Date.now() - started >= SELF_CHECK_FLOOR_MS - 5);
        assert.equal(matched.matched, true);
        assert.deepEqual(Object.keys(matched).sort(), Object.keys(JSON.parse(answers[0]!.body)).sort());
      });

      test('a client is limited to ten checks a minute', async () => {
        const statuses = [];
        for (let i = 0; i < 11; i++) statuses.push((await selfCheck({ nik: UNKNOWN, noKk: FAMILY_KK }, '10.0.3.1')).statusCode);
        assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
        assert.equal((await selfCheck({ nik: UNKNOWN, noKk: FAMILY_KK }, '10.0.3.2')).statusCode, 200);
      });
    });
  });
}
