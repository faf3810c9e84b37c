/**
 * Funding plans on both backends, through the import path, the command line and HTTP: the `prioritas`
 * import (key nik + kategori, all or nothing), the candidates of the current batches, `smart-jkn plan`
 * and `POST /api/v1/plans` returning the same Plan JSON, usage errors that write nothing, the programmes
 * saved as data (audited), the match count, and saved plans (immutable versions) with their exports.
 */
import { runCli } from '../../../test/support/cli.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { backends } from '../../../test/support/backends.ts';
import { csvFile, DTSEN_HEADER, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow } from '../../../test/support/files.ts';
import { addTestUser, startServer } from '../../../test/support/server.ts';
import type { Services } from '../../app/compose.ts';
import { openApp } from '../../app/context.ts';
import type { DatabaseConfig } from '../../config.ts';
import { DEFAULT_PROGRAMMES, type Programmes } from '../../domain/funding/programmes.ts';
import { importFile } from '../registry/index.ts';
import { currentBatches, readCandidates } from './candidate-repository.ts';
import type { PlanJson } from './funding-service.ts';

const PRIORITAS_HEADER = 'nik,kategori,sampai';
const DATE = '2026-01-15';

const cli = runCli;

/** A small budget that binds: the APBD pays for two people of PEMDA, the CSR for the arrears of one. */
const PROGRAMMES: Programmes = {
  horizonMonths: 12,
  budgets: { APBD: 2 * 37_800 * 12, CSR: 35_000 * 2 },
  weights: { base: 1, miskinEkstrem: 3, balita: 1, lansia: 1, kronis: 2, hamil: 2, disabilitas: 1 },
  programs: [
    { code: 'TUNGGAKAN_CSR', route: 'BAYAR_TUNGGAKAN', quota: null, monthly: {}, arrears: { CSR: 35_000 }, eligible: [{ field: 'reason', in: ['TUNGGAKAN'] }, { field: 'arrearsMonths', max: 6 }] },
    { code: 'PEMDA', route: 'PBPU_PEMDA', quota: null, monthly: { APBD: 37_800 }, arrears: {}, eligible: [{ field: 'membership', in: ['NONAKTIF', 'TIDAK_TERDAFTAR'] }] },
  ],
};

for (const backend of backends()) {
  describe(`funding plans on ${backend.name}`, () => {
    let config: DatabaseConfig;
    let services: Services;
    let server: FastifyInstance;
    let stop: () => Promise<void>;
    let closeApp: () => Promise<void>;
    let dispose: () => Promise<void>;
    const cookies: Record<string, string> = {};
    const as = (who: string) => ({ smartjkn_session: cookies[who] });

    before(async () => {
      // Opened and closed as the test goes (the command line needs the embedded database to itself); dropped at the end.
      const created = await backend.create();
      config = created.config;
      dispose = created.dispose;
      const app = await openApp(config);
      const run = (source: 'penduduk' | 'peserta' | 'dtsen' | 'prioritas', lines: string[]) =>
        importFile(app.db, { source, filePath: csvFile(lines), skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });
      // 1 active; 2 arrears (2 months); 3 unregistered; 4 PBI deactivated; 5 a deceased member's row; 6 not HIDUP; 7 arrears 5 months.
      assert.equal((await run('penduduk', [PENDUDUK_HEADER, ...[1, 2, 3, 4, 5, 7].map((n) => pendudukRow(n)), pendudukRow(6, '52.03.01.2001', 'MENINGGAL')])).status, 'committed');
      const member = (n: number, segmen: string, status: string, alasan: string, arrears: string) =>
        `${nik(n)},${String(n).padStart(13, '0')},${segmen},3,${status},${alasan},${arrears},,2025-12-31`;
      const peserta = await run('peserta', [
        PESERTA_HEADER,
        member(1, 'PBPU', 'AKTIF', '', ''),
        member(2, 'PBPU', 'NONAKTIF', 'TUNGGAKAN', '2'),
        member(4, 'PBI_APBN', 'NONAKTIF', 'PBI_DINONAKTIFKAN', ''),
        member(5, 'PBPU', 'NONAKTIF', 'MENINGGAL', ''),
        member(7, 'PBPU', 'NONAKTIF', 'TUNGGAKAN', '5'),
      ]);
      assert.equal(peserta.status, 'committed');
      assert.equal((await run('dtsen', [DTSEN_HEADER, `${nik(3)},1,Y`, `${nik(4)},2,N`])).status, 'committed');
      await app.close();
    });

    after(async () => {
      await stop?.();
      await closeApp?.();
      await dispose?.();
    });

    test('prioritas: one row per (nik, kategori); a repeated key and a bad row reject the file whole', async () => {
      const app = await openApp({ ...config });
      try {
        const run = (lines: string[], skipInvalid = false) =>
          importFile(app.db, { source: 'prioritas', filePath: csvFile(lines), skipInvalid, username: 'test', district: app.district, audit: { userId: null, username: 'test', detail: {} }, onCommit: snapshotOnImport(app.db.kind) });
        const bad = await run([PRIORITAS_HEADER, `${nik(2)},KRONIS,`, `${nik(2)},KRONIS,2027-01-01`, `${nik(3)},LANSIA,`, `${nik(3)},HAMIL,2026-02-30`]);
        assert.equal(bad.status, 'rejected');
        assert.deepEqual(
          bad.issues.map((i) => [i.line, i.column, i.code]),
          [
            [2, 'nik', 'key_duplicate'],
            [3, 'nik', 'key_duplicate'],
            [4, 'kategori', 'not_one_of'],
            [5, 'sampai', 'date_invalid'],
          ],
        );
        assert.equal((await currentBatches(app.db, app.district.district.code)).prioritas, null, 'nothing written');
        const good = await run([PRIORITAS_HEADER, `${nik(2)},KRONIS,`, ` ${nik(2)} ,hamil,2020-01-01`, `${nik(3)},DISABILITAS,2030-12-31`]);
        assert.equal(good.status, 'committed', JSON.stringify(good.issues));
        assert.equal(good.rowsValid, 3);
        const candidates = await readCandidates(app.db, await currentBatches(app.db, app.district.district.code), DATE);
        assert.deepEqual(
          candidates.map((c) => [c.nik, c.membership, c.reason, c.arrearsMonths, c.desil, c.miskinEkstrem, [...c.prioritas].sort()]),
          [
            [nik(2), 'NONAKTIF', 'TUNGGAKAN', 2, null, false, ['KRONIS']], // HAMIL ended in 2020
            [nik(3), 'TIDAK_TERDAFTAR', null, 0, 1, true, ['DISABILITAS']],
            [nik(4), 'NONAKTIF', 'PBI_DINONAKTIFKAN', 0, 2, false, []],
            [nik(7), 'NONAKTIF', 'TUNGGAKAN', 5, null, false, []],
          ],
          'NIK order; active, deceased member and dead resident left out',
        );
        // A newer file replaces the previous state.
        assert.equal((await run([PRIORITAS_HEADER, `${nik(4)},KRONIS,`])).status, 'committed');
        const again = await readCandidates(app.db, await currentBatches(app.db, app.district.district.code), DATE);
        assert.deepEqual(again.map((c) => [...c.prioritas]), [[], [], ['KRONIS'], []]);
        assert.equal((await run([PRIORITAS_HEADER, `${nik(2)},KRONIS,`, `${nik(3)},DISABILITAS,2030-12-31`, `${nik(4)},HAMIL,2026-06-30`])).status, 'committed');
      } finally {
        await app.close();
      }
    });

    test('smart-jkn plan: a malformed programmes file is exit 2 naming the field; a good one prints the plan', async () => {
      const bad = path.join(path.dirname(csvFile(['x'])), `bad-${backend.name}.json`);
      writeFileSync(bad, JSON.stringify({ ...PROGRAMMES, programs: [{ ...PROGRAMMES.programs[0], route: 'NOPE' }] }));
      const refused = await cli(config, ['plan', '--programs', bad, '--date', DATE]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /programs\[0\]\.route/);
      assert.equal(refused.stdout, '');
      const file = path.join(path.dirname(bad), `good-${backend.name}.json`);
      writeFileSync(file, JSON.stringify(PROGRAMMES));
      const done = await cli(config, ['plan', '--programs', file, '--date', DATE, '--format', 'json']);
      assert.equal(done.code, 0, done.stderr);
      cliPlan = JSON.parse(done.stdout);
    });
    let cliPlan: PlanJson;

    test('POST /api/v1/plans returns the same plan as the command line, in the contract shape', async () => {
      const app = await openApp({ ...config });
      closeApp = () => app.close();
      ({ services, server, close: stop } = await startServer(app, { bpjs: null }));
      for (const [username, role] of [['dinkes', 'dinkes'], ['viewer', 'viewer']] as const) {
        await addTestUser(app, { username, password: `password-${username}`, role });
        const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `password-${username}` } });
        cookies[username] = login.cookies.find((c) => c.name === 'smartjkn_session')!.value;
      }
      const response = await server.inject({ method: 'POST', url: `/api/v1/plans?date=${DATE}`, cookies: as('dinkes'), payload: PROGRAMMES });
      assert.equal(response.statusCode, 200, response.body);
      const plan = response.json() as PlanJson;
      assert.deepEqual(plan, cliPlan);
      assert.deepEqual(Object.keys(plan), ['asOf', 'date', 'horizonMonths', 'candidates', 'objective', 'programs', 'funders', 'assignments', 'projection']);
      assert.deepEqual(Object.keys(plan.projection), ['total', 'rows', 'uhcAward']);
      assert.equal(plan.asOf, '2025-12-31');
      assert.equal(plan.date, DATE);
      assert.equal(plan.candidates, 4);
      // Weights: 2 → 1 + kronis 2 = 3; 3 → 1 + miskin ekstrem 3 + disabilitas 1 = 5; 4 → 1 + hamil 2 = 3; 7 → 1.
      // The APBD pays two PEMDA people (3 and 2 would cost it both); CSR pays arrears of 2 (2 months) but not also 7 (5 months).
      assert.deepEqual(
        plan.assignments.map((a) => [a.nik, a.program]),
        [
          [nik(2), 'TUNGGAKAN_CSR'],
          [nik(3), 'PEMDA'],
          [nik(4), 'PEMDA'],
        ],
      );
      assert.deepEqual(plan.objective, { weight: 11, people: 3, cost: 70_000 + 2 * 37_800 * 12 });
      assert.deepEqual(plan.funders, [
        { funder: 'APBD', budget: 2 * 37_800 * 12, spent: 2 * 37_800 * 12 },
        { funder: 'CSR', budget: 70_000, spent: 70_000 },
      ]);
      // Projection: population 6 living residents; 1 active now; +3 activated; the unregistered one registered.
      assert.equal(plan.projection.total.population, 6);
      assert.equal(plan.projection.total.active, 4);
      assert.equal(plan.projection.total.registered, 6);
      assert.equal(plan.projection.total.bySegment.PBI_APBD.active, 2, 'PBPU_PEMDA counts as PBI_APBD');
      assert.equal(plan.projection.rows.find((r) => r.code === '52.03.01')!.active, 4);
    });

    test('a malformed programmes file is a 400 naming every field, and nothing is saved', async () => {
      const broken = { ...PROGRAMMES, horizonMonths: 30, programs: [{ ...PROGRAMMES.programs[1], eligible: [{ field: 'hobby', eq: 1 }] }] };
      for (const [method, url] of [['POST', `/api/v1/plans?date=${DATE}`], ['PUT', '/api/v1/programmes'], ['POST', '/api/v1/programmes/match-count']] as const) {
        const response = await server.inject({ method, url, cookies: as('dinkes'), payload: broken });
        assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
        const paths = response.json().errors.map((e: { path: string }) => e.path);
        assert.ok(paths.includes('horizonMonths'), paths.join(', '));
        assert.ok(paths.some((p: string) => p.startsWith('programs[0].eligible[0]')), paths.join(', '));
      }
      const saved = (await server.inject({ url: '/api/v1/programmes', cookies: as('dinkes') })).json();
      assert.equal(saved.version, 0, 'still the defaults');
      assert.deepEqual(saved.programmes, DEFAULT_PROGRAMMES);
    });

    test('programmes as data: saved with its audit record, exported, used by a plan without a file; the match count', async () => {
      const put = await server.inject({ method: 'PUT', url: '/api/v1/programmes?via=import', cookies: as('dinkes'), payload: PROGRAMMES });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().version, 1);
      const [audit] = await services.app.db.query<{ username: string; subject: string; detail: { via: string } }>(
        `SELECT username, subject, detail FROM audit_event WHERE action = 'programmes.save' ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual([audit.username, audit.subject, audit.detail.via], ['dinkes', 'programmes:1', 'import']);
      const exported = await server.inject({ url: '/api/v1/programmes/export', cookies: as('viewer') });
      assert.deepEqual(JSON.parse(exported.body), PROGRAMMES);
      const viewerPut = await server.inject({ method: 'PUT', url: '/api/v1/programmes', cookies: as('viewer'), payload: PROGRAMMES });
      assert.equal(viewerPut.statusCode, 403);
      const counts = await server.inject({ method: 'POST', url: `/api/v1/programmes/match-count?date=${DATE}`, cookies: as('dinkes'), payload: PROGRAMMES });
      assert.deepEqual(counts.json(), { candidates: 4, programs: [{ code: 'TUNGGAKAN_CSR', matching: 2, weighted: 2 }, { code: 'PEMDA', matching: 4, weighted: 4 }] });
      // The command line without --programs uses the saved file.
      await stop();
      await closeApp();
      const saved = await cli(config, ['plan', '--date', DATE]);
      assert.equal(saved.code, 0, saved.stderr);
      assert.deepEqual(JSON.parse(saved.stdout), cliPlan);
      const app = await openApp({ ...config });
      closeApp = () => app.close();
      ({ services, server, close: stop } = await startServer(app, { bpjs: null }));
    });

    test('a saved plan is an immutable version with who and when, listed, read (audited) and exported', async () => {
      const created = await server.inject({ method: 'POST', url: '/api/v1/plans/saved', cookies: as('dinkes'), payload: { date: DATE, name: 'Rencana Januari' } });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json();
      const list = (await server.inject({ url: '/api/v1/plans/saved', cookies: as('viewer') })).json();
      assert.deepEqual(list.items.map((p: { id: number; name: string; createdBy: string }) => [p.id, p.name, p.createdBy]), [[id, 'Rencana Januari', 'dinkes']]);
      const read = (await server.inject({ url: `/api/v1/plans/saved/${id}`, cookies: as('dinkes') })).json();
      assert.deepEqual(read.programmes, PROGRAMMES);
      assert.deepEqual(read.result, cliPlan);
      const audits = await services.app.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE subject = $1 ORDER BY id`, [`plan:${id}`]);
      assert.deepEqual(audits.map((a) => a.action), ['plan.save', 'plan.read']);
      const why = await server.inject({ url: `/api/v1/plans/saved/${id}/explain/${nik(3)}`, cookies: as('dinkes') });
      assert.deepEqual(why.json(), {
        nik: nik(3),
        weight: 5,
        components: [
          { flag: 'base', weight: 1 },
          { flag: 'miskinEkstrem', weight: 3 },
          { flag: 'disabilitas', weight: 1 },
        ],
        program: 'PEMDA',
        eligible: [{ code: 'PEMDA', cost: { APBD: 453_600 } }],
      });
      assert.equal((await server.inject({ url: `/api/v1/plans/saved/${id}/explain/123`, cookies: as('dinkes') })).statusCode, 400);
      const xlsx = await server.inject({ url: `/api/v1/plans/saved/${id}/export?format=xlsx`, cookies: as('dinkes') });
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      const pdf = await server.inject({ url: `/api/v1/plans/saved/${id}/export?format=pdf`, cookies: as('dinkes') });
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const csv = await server.inject({ url: `/api/v1/plans/saved/${id}/export?format=csv`, cookies: as('dinkes') });
      assert.deepEqual(csv.body.replace(/^\uFEFF/, '').trim().split('\r\n'), [
        'nik,program,weight,cost_APBD,cost_CSR',
        `${nik(2)},TUNGGAKAN_CSR,3,0,70000`,
        `${nik(3)},PEMDA,5,453600,0`,
        `${nik(4)},PEMDA,3,453600,0`,
      ]);
    });

    test('maker-checker through the API: the proposer cannot approve; a second user approves; sent cases become active with a peserta import', async () => {
      await addTestUser(services.app, { username: 'checker', password: 'password-checker', role: 'admin' });
      const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'checker', password: 'password-checker' } });
      cookies.checker = login.cookies.find((c) => c.name === 'smartjkn_session')!.value;
      const [{ id: planId }] = (await server.inject({ url: '/api/v1/plans/saved', cookies: as('viewer') })).json().items;
      const list = async () => (await server.inject({ url: `/api/v1/funding-cases?planId=${planId}&pageSize=500`, cookies: as('dinkes') })).json();
      const before = await list();
      assert.deepEqual(before.byStatus, { proposed: 3 });
      assert.deepEqual(before.items.map((c: { nikMasked: string; program: string; proposedBy: string }) => [c.program, c.proposedBy]), [
        ['TUNGGAKAN_CSR', 'dinkes'],
        ['PEMDA', 'dinkes'],
        ['PEMDA', 'dinkes'],
      ]);
      assert.ok(before.items.every((c: { nikMasked: string }) => !/^\d{16}$/.test(c.nikMasked)), 'NIK masked');
      const ids = before.items.map((c: { id: number }) => c.id);
      const move = (who: string, payload: object) => server.inject({ method: 'POST', url: '/api/v1/funding-cases/transition', cookies: as(who), payload });
      const own = await move('dinkes', { ids, to: 'approved' });
      assert.equal(own.statusCode, 403, own.body);
      assert.ok(own.json().refused.every((r: { why: string }) => r.why === 'own_proposal'));
      assert.deepEqual((await list()).byStatus, { proposed: 3 }, 'nothing changed');
      assert.equal((await move('checker', { ids, to: 'sent' })).statusCode, 409, 'not approved yet');
      const noReason = await move('checker', { ids: [ids[2]], to: 'rejected' });
      assert.equal(noReason.statusCode, 409);
      assert.equal((await move('checker', { ids: [ids[2]], to: 'rejected', reason: 'pindah domisili' })).statusCode, 200);
      assert.equal((await move('checker', { ids: ids.slice(0, 2), to: 'approved' })).statusCode, 200);
      assert.equal((await move('dinkes', { ids: ids.slice(0, 2), to: 'sent' })).statusCode, 200);
      const after = await list();
      assert.deepEqual(after.byStatus, { rejected: 1, sent: 2 });
      assert.deepEqual(after.items.map((c: { approvedBy: string | null }) => c.approvedBy), ['checker', 'checker', null]);
      const [audit] = await services.app.db.query<{ username: string; detail: { to: string; count: number } }>(
        `SELECT username, detail FROM audit_event WHERE action = 'funding_case.move' ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual([audit.username, audit.detail.to, audit.detail.count], ['dinkes', 'sent', 2]);
      // A later extract shows NIK 2 AKTIF (and 3 still unregistered): its case becomes active, the other stays sent.
      const member = (n: number, status: string, alasan: string) => `${nik(n)},${String(n).padStart(13, '0')},PBPU,3,${status},${alasan},,,2026-01-31`;
      const file = csvFile([PESERTA_HEADER, member(1, 'AKTIF', ''), member(2, 'AKTIF', ''), member(4, 'NONAKTIF', 'PBI_DINONAKTIFKAN'), member(7, 'NONAKTIF', 'TUNGGAKAN')]);
      const boundary = '----funding';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="peserta.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        readFileSync(file),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const upload = await server.inject({ method: 'POST', url: '/api/v1/imports/peserta', cookies: as('checker'), payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      assert.equal(upload.statusCode, 202, upload.body);
      await services.jobs.idle();
      let byStatus: Record<string, number> = {};
      for (let i = 0; i < 50 && !byStatus.active; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ({ byStatus } = await list());
      }
      assert.deepEqual(byStatus, { active: 1, rejected: 1, sent: 1 });
      const events = await services.app.db.query<{ to_status: string }>(`SELECT to_status FROM funding_case_event WHERE case_id = $1 ORDER BY at, to_status`, [ids[0]]);
      assert.deepEqual(events.map((e) => e.to_status), ['proposed', 'approved', 'sent', 'active'], 'full history');
    });

    test('bulk approve by plan, and the BPJS file lists the approved PBPU Pemda people with the form fields', async () => {
      const created = await server.inject({ method: 'POST', url: '/api/v1/plans/saved', cookies: as('dinkes'), payload: { date: DATE, programmes: PROGRAMMES } });
      const { id } = created.json();
      const bulk = await server.inject({ method: 'POST', url: '/api/v1/funding-cases/transition', cookies: as('checker'), payload: { planId: id, from: 'proposed', to: 'approved' } });
      assert.equal(bulk.statusCode, 200, bulk.body);
      const response = await server.inject({ url: `/api/v1/plans/saved/${id}/files/bpjs`, cookies: as('dinkes') });
      assert.equal(response.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      assert.deepEqual(rows[0].slice(0, 10), ['NIK', 'No. KK', 'Nama', 'Tanggal lahir', 'Jenis kelamin', 'Kode desa', 'Desa/Kelurahan', 'Kecamatan', 'FKTP pilihan', 'Kelas']);
      // The new extract made NIK 2 active, so this plan (computed after it) assigns 3 and 4 to PEMDA.
      assert.deepEqual(rows.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5], r[9], r[11]]), [
        [nik(3), 'Contoh 3', '1990-01-01', 'L', '52.03.01.2001', '3', 'approved'],
        [nik(4), 'Contoh 4', '1990-01-01', 'L', '52.03.01.2001', '3', 'approved'],
      ]);
      const dinsos = await server.inject({ url: `/api/v1/plans/saved/${id}/files/dinsos`, cookies: as('dinkes') });
      assert.equal(dinsos.statusCode, 200);
    });

    test('ledger: a pembayaran import is all or nothing; a statement matches payments to obligations; a funder sees only its own', async () => {
      const upload = (lines: string[]) => {
        const boundary = '----ledger';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pembayaran.csv"\r\nContent-Type: text/csv\r\n\r\n`),
          Buffer.from(lines.join('\n')),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return server.inject({ method: 'POST', url: '/api/v1/payments', cookies: as('dinkes'), payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      };
      const bad = await upload(['pendana,periode,jumlah,referensi', 'APBD,2026-01,37800,TRF-1', 'BAZNAS,2026-1,10,TRF-2', 'APBD,2026-02,5,TRF-1']);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().errors.map((e: { line: number; column: string }) => [e.line, e.column]), [[3, 'pendana'], [3, 'periode'], [4, 'referensi']]);
      const [{ n }] = await services.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM funding_payment');
      assert.equal(n, 0, 'nothing written');
      const good = await upload(['pendana,periode,jumlah,referensi', 'apbd,2026-01,37800,TRF-1']);
      assert.deepEqual(good.json(), { imported: 1, total: 37_800 });
      const [{ id: planId }] = (await server.inject({ url: '/api/v1/plans/saved', cookies: as('viewer') })).json().items;
      const statement = await server.inject({ url: `/api/v1/ledger/statement?planId=${planId}&funder=APBD&period=2026-02`, cookies: as('dinkes') });
      assert.equal(statement.statusCode, 200, statement.body);
      const body = statement.json();
      assert.deepEqual([body.due, body.paid, body.outstanding], [4 * 37_800, 37_800, 3 * 37_800]);
      assert.deepEqual(body.rows.map((r: { program: string; months: number; paid: number; pastDue: number; flags: string[] }) => [r.program, r.months, r.paid, r.pastDue, r.flags]), [
        ['PEMDA', 2, 37_800, 0, ['paid_not_active']],
        ['PEMDA', 2, 0, 37_800, ['past_due']],
      ]);
      assert.ok(body.rows.every((r: { nikMasked: string }) => !/^\d{16}$/.test(r.nikMasked)));
      await addTestUser(services.app, { username: 'pemda', password: 'password-pemda', role: 'funder', facilityCode: 'APBD' });
      const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'pemda', password: 'password-pemda' } });
      cookies.pemda = login.cookies.find((c) => c.name === 'smartjkn_session')!.value;
      assert.equal((await server.inject({ url: `/api/v1/ledger/statement?planId=${planId}&funder=APBD&period=2026-02`, cookies: as('pemda') })).statusCode, 200);
      assert.equal((await server.inject({ url: `/api/v1/ledger/statement?planId=${planId}&funder=CSR&period=2026-02`, cookies: as('pemda') })).statusCode, 403);
      const xlsx = await server.inject({ url: `/api/v1/ledger/statement?planId=${planId}&funder=APBD&period=2026-02&format=xlsx`, cookies: as('pemda') });
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    });
  });
}
