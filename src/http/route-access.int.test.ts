/**
 * The role matrix (src/modules/access/route-access.ts) against the real server, on both backends:
 * every registered route is in the table and every table entry is registered; every route × every role
 * × no session gets what the table says; and a faskes desk never reads another facility's or another
 * district's people.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { backends, freshApp } from '../../test/support/backends.ts';
import { FASKES_HEADER, KUNJUNGAN_HEADER } from '../../test/support/facilities.ts';
import { csvFile, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../test/support/files.ts';
import { addTestUser, startServer } from '../../test/support/server.ts';
import type { Services } from '../app/compose.ts';
import type { AppContext } from '../app/context.ts';
import { createSession } from '../modules/access/users.ts';
import { createApiKey } from '../modules/fhir/index.ts';
import { savePlan } from '../modules/funding/index.ts';
import { DEFAULT_PROGRAMMES } from '../domain/funding/programmes.ts';
import { declaredRoutes, ROLES, type Role, ROUTE_ACCESS, type RouteAccess, type RouteKey, routeAccess } from '../modules/access/index.ts';
import { TEST_ACTOR } from '../../test/support/server.ts';
import { DEFAULT_HOLIDAYS } from '../domain/quality/working-days.ts';

type Method = NonNullable<InjectOptions['method']>;
/** A request that the route answers for real when it is allowed (no 404 or 400 by accident where avoidable). */
type Sample = (method: Method) => Omit<InjectOptions, 'method'>;

const ACTIVE = nik(1);
const INACTIVE_PBI = nik(2);
const UNREGISTERED = nik(3);
/** A valid NIK of another kabupaten (52.01), in none of this district's files. */
const OTHER_DISTRICT = '5201010101900001';

function multipartText(csv: string) {
  const boundary = '----smartjknlapor';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lapor.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { url: '/api/v1/complaints/import-lapor', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function multipart(filePath: string) {
  const boundary = '----smartjknroutes';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="penduduk.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    readFileSync(filePath),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const backend of backends()) {
  describe(`the role matrix on ${backend.name}`, () => {
    let app: AppContext;
    let services: Services;
    let server: FastifyInstance;
    let stop: () => Promise<void>;
    const cookies = new Map<Role | 'faskes-b' | 'elsewhere', string>();
    const known = { jobId: '', batchId: 0, caseId: '', apiKeyId: '', apiKey: '', victimId: 0, complaintId: '', trackingCode: '', planId: 0 };
    let laporRows = 0;
    const MARKERS = {
      shared: { name: 'Zulkarnaen Penanda-Satu', phone: '081299990001', email: 'penanda.satu@example.org' },
      secret: { name: 'Zulaikha Penanda-Dua', phone: '081299990002', email: 'penanda.dua@example.org' },
    } as const;
    const complaints = {} as Record<keyof typeof MARKERS, { id: string; trackingCode: string }>;
    let added = 0;
    const penduduk = csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3), pendudukRow(4, '52.03.01.2001', 'MENINGGAL')]);
    const faskes = csvFile([FASKES_HEADER, 'PKM-01,Puskesmas Satu,PUSKESMAS,FKTP,52.03.01.2001', 'PKM-02,Puskesmas Dua,PUSKESMAS,FKTP,52.03.01.2001', 'RS-L,RS Luar,RS,FKRTL,52.71']);
    const kunjungan = csvFile([
      KUNJUNGAN_HEADER,
      `K1,PKM-01,2026-03-02,${ACTIVE},JKN,08:00,08:40,J06.9,Y,RS-L,,`,
      `K2,PKM-02,2026-03-03,${INACTIVE_PBI},UMUM,08:00,08:10,,N,,,`,
    ]);

    const SAMPLES: Record<RouteKey, Sample> = {
      'GET /*': () => ({ url: '/index.html' }),
      'GET /api/health': () => ({ url: '/api/health' }),
      'GET /api/docs': () => ({ url: '/api/docs' }),
      'GET /api/docs/': () => ({ url: '/api/docs/' }),
      'GET /api/docs/json': () => ({ url: '/api/docs/json' }),
      'GET /api/docs/yaml': () => ({ url: '/api/docs/yaml' }),
      'GET /api/docs/static/*': () => ({ url: '/api/docs/static/swagger-ui.css' }),
      'GET /api/docs/static/index.html': () => ({ url: '/api/docs/static/index.html' }),
      'GET /api/docs/static/swagger-initializer.js': () => ({ url: '/api/docs/static/swagger-initializer.js' }),
      'POST /api/v1/auth/login': () => ({ url: '/api/v1/auth/login', payload: { username: 'u-viewer', password: 'password-viewer' } }),
      // Without the role's cookie: a logout with it would end the session the next requests use.
      'POST /api/v1/auth/logout': () => ({ url: '/api/v1/auth/logout', cookies: {} }),
      'GET /api/v1/auth/me': () => ({ url: '/api/v1/auth/me' }),
      'POST /api/v1/self-check': () => ({ url: '/api/v1/self-check', payload: { nik: ACTIVE, noKk: '5203010101010001' } }),
      'GET /api/v1/coverage': () => ({ url: '/api/v1/coverage?level=kecamatan' }),
      'GET /api/v1/coverage/trend': () => ({ url: '/api/v1/coverage/trend' }),
      'GET /api/v1/coverage/findings': () => ({ url: '/api/v1/coverage/findings' }),
      'GET /api/v1/coverage/export': () => ({ url: '/api/v1/coverage/export?format=csv' }),
      'GET /api/v1/coverage/findings/:kind': () => ({ url: '/api/v1/coverage/findings/deceased' }),
      'POST /api/v1/imports/:source': () => ({ url: '/api/v1/imports/penduduk', ...multipart(penduduk) }),
      'GET /api/v1/imports': () => ({ url: '/api/v1/imports' }),
      'GET /api/v1/imports/:id/issues': () => ({ url: `/api/v1/imports/${known.batchId}/issues` }),
      'GET /api/v1/jobs/:id': () => ({ url: `/api/v1/jobs/${known.jobId}` }),
      'POST /api/v1/imports/faskes': () => ({ url: '/api/v1/imports/faskes', ...multipart(faskes) }),
      'POST /api/v1/imports/kunjungan': () => ({ url: '/api/v1/imports/kunjungan', ...multipart(kunjungan) }),
      'GET /api/v1/scorecards': () => ({ url: '/api/v1/scorecards?month=2026-03' }),
      'GET /api/v1/scorecards/view': () => ({ url: '/api/v1/scorecards/view?month=2026-03' }),
      'GET /api/v1/scorecards/trend': () => ({ url: '/api/v1/scorecards/trend?month=2026-03&months=2' }),
      'GET /api/v1/scorecards/export': () => ({ url: '/api/v1/scorecards/export?month=2026-03&format=csv' }),
      'GET /api/v1/scorecards/evaluation': () => ({ url: '/api/v1/scorecards/evaluation?month=2026-03' }),
      'GET /api/v1/reference/non-specialist-diagnoses': () => ({ url: '/api/v1/reference/non-specialist-diagnoses' }),
      'PUT /api/v1/reference/non-specialist-diagnoses': () => ({
        url: '/api/v1/reference/non-specialist-diagnoses',
        payload: { items: [{ number: 1, name: 'Rinitis akut', codes: ['J00'] }] },
      }),
      'GET /api/v1/users': () => ({ url: '/api/v1/users' }),
      'POST /api/v1/users': () => ({ url: '/api/v1/users', payload: { username: `added-${++added}`, password: 'a-long-enough-password', role: 'viewer' } }),
      // Another user's sessions: ending the role's own would end the session the next requests use.
      'GET /api/v1/users/:id/sessions': () => ({ url: `/api/v1/users/${known.victimId}/sessions` }),
      'DELETE /api/v1/users/:id/sessions': () => ({ url: `/api/v1/users/${known.victimId}/sessions` }),
      'DELETE /api/v1/users/:id/sessions/:sessionId': () => ({ url: `/api/v1/users/${known.victimId}/sessions/999999` }),
      'GET /api/v1/audit': () => ({ url: '/api/v1/audit' }),
      'GET /api/v1/api-keys': () => ({ url: '/api/v1/api-keys' }),
      'POST /api/v1/api-keys': () => ({ url: '/api/v1/api-keys', payload: { facilityCode: 'PKM-01', label: 'SIMPUS test' } }),
      'POST /api/v1/api-keys/:id/revoke': () => ({ url: `/api/v1/api-keys/${known.apiKeyId}/revoke` }),
      'GET /api/v1/eligibility/:nik': () => ({ url: `/api/v1/eligibility/${ACTIVE}` }),
      'GET /api/v1/cases': () => ({ url: '/api/v1/cases' }),
      'GET /api/v1/cases/:id': () => ({ url: `/api/v1/cases/${known.caseId}` }),
      'POST /api/v1/cases/:id/transition': () => ({ url: `/api/v1/cases/${known.caseId}/transition`, payload: { to: 'in_progress' } }),
      'POST /api/v1/complaints': () => ({ url: '/api/v1/complaints', payload: { category: 'ANTRE_LAMA', description: 'Antre tiga jam di loket.' } }),
      'GET /api/v1/complaints/track/:trackingCode': () => ({ url: `/api/v1/complaints/track/${known.trackingCode}` }),
      'POST /api/v1/complaints/track/:trackingCode/messages': () => ({ url: `/api/v1/complaints/track/${known.trackingCode}/messages`, payload: { text: 'Masih menunggu.' } }),
      'POST /api/v1/complaints/track/:trackingCode/rating': () => ({ url: `/api/v1/complaints/track/${known.trackingCode}/rating`, payload: { rating: 4 } }),
      'POST /api/v1/complaints/track/:trackingCode/follow-up': () => ({ url: `/api/v1/complaints/track/${known.trackingCode}/follow-up`, payload: { fixed: true } }),
      'GET /api/v1/complaints': () => ({ url: '/api/v1/complaints?status=all' }),
      'GET /api/v1/complaints/notifications': () => ({ url: '/api/v1/complaints/notifications' }),
      'GET /api/v1/complaints/:id': () => ({ url: `/api/v1/complaints/${known.complaintId}` }),
      'POST /api/v1/complaints/:id/messages': () => ({ url: `/api/v1/complaints/${known.complaintId}/messages`, payload: { text: 'Mohon sebutkan jam kedatangan.' } }),
      'POST /api/v1/complaints/:id/transition': () => ({ url: `/api/v1/complaints/${known.complaintId}/transition`, payload: { to: 'in_progress' } }),
      'POST /api/v1/complaints/:id/resolve': () => ({ url: `/api/v1/complaints/${known.complaintId}/resolve`, payload: { resolution: 'Loket tambahan dibuka.' } }),
      'POST /api/v1/complaints/entries': () => ({ url: '/api/v1/complaints/entries', payload: { category: 'TIDAK_RAMAH', description: 'Lewat telepon.', channel: 'PHONE' } }),
      'POST /api/v1/complaints/import-lapor': () =>
        multipartText(`id_laporan,tanggal,kategori,isi\nLAP-${++laporRows},2026-01-05,Pungutan liar,Diminta bayar\n`),
      'POST /api/v1/complaints/assign': () => ({ url: '/api/v1/complaints/assign', payload: { ids: [known.complaintId], facilityCode: 'PKM-01' } }),
      'GET /api/v1/complaints/holidays': () => ({ url: '/api/v1/complaints/holidays' }),
      'PUT /api/v1/complaints/holidays': () => ({ url: '/api/v1/complaints/holidays', payload: { items: DEFAULT_HOLIDAYS } }),
      'POST /api/v1/plans': () => ({ url: '/api/v1/plans?date=2026-01-15', payload: DEFAULT_PROGRAMMES }),
      'POST /api/v1/plans/saved': () => ({ url: '/api/v1/plans/saved', payload: { date: '2026-01-15', name: 'sample' } }),
      'GET /api/v1/plans/saved': () => ({ url: '/api/v1/plans/saved' }),
      'GET /api/v1/plans/saved/:id': () => ({ url: `/api/v1/plans/saved/${known.planId}` }),
      'GET /api/v1/plans/saved/:id/export': () => ({ url: `/api/v1/plans/saved/${known.planId}/export?format=csv` }),
      'GET /api/v1/plans/saved/:id/files/:office': () => ({ url: `/api/v1/plans/saved/${known.planId}/files/bpjs` }),
      'POST /api/v1/payments': () => ({ url: '/api/v1/payments', ...multipart(csvFile(['pendana,periode,jumlah,referensi', `APBD,2026-01,1000,REF-${++added}`])) }),
      // The funder account is APBD's (set above); another funder's statement is refused (funding.int.test.ts).
      'GET /api/v1/ledger/statement': () => ({ url: `/api/v1/ledger/statement?planId=${known.planId}&funder=APBD&period=2026-03` }),
      'GET /api/v1/plans/saved/:id/explain/:nik': () => ({ url: `/api/v1/plans/saved/${known.planId}/explain/${UNREGISTERED}` }),
      'GET /api/v1/programmes': () => ({ url: '/api/v1/programmes' }),
      'PUT /api/v1/programmes': () => ({ url: '/api/v1/programmes', payload: DEFAULT_PROGRAMMES }),
      'GET /api/v1/programmes/export': () => ({ url: '/api/v1/programmes/export' }),
      'POST /api/v1/programmes/match-count': () => ({ url: '/api/v1/programmes/match-count?date=2026-01-15', payload: DEFAULT_PROGRAMMES }),
      'GET /api/v1/funding-cases': () => ({ url: `/api/v1/funding-cases?planId=${known.planId}` }),
      // Expired: a move every allowed role may make (the sample's plan was saved by the CLI actor).
      'POST /api/v1/funding-cases/transition': () => ({ url: '/api/v1/funding-cases/transition', payload: { ids: [999_999], to: 'expired' } }),
      'GET /fhir/metadata': () => ({ url: '/fhir/metadata' }),
      'GET /fhir/Patient': () => ({ url: `/fhir/Patient?identifier=${encodeURIComponent(`https://fhir.kemkes.go.id/id/nik|${ACTIVE}`)}` }),
      'GET /fhir/Coverage': () => ({ url: `/fhir/Coverage?beneficiary:identifier=${encodeURIComponent(`https://fhir.kemkes.go.id/id/nik|${ACTIVE}`)}` }),
      'POST /fhir/CoverageEligibilityRequest': () => ({
        url: '/fhir/CoverageEligibilityRequest',
        headers: { 'content-type': 'application/fhir+json' },
        payload: JSON.stringify({ resourceType: 'CoverageEligibilityRequest' }),
      }),
      'GET|POST|PUT|PATCH|DELETE /fhir': (method) => ({ url: '/fhir', ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) }),
      'GET /fhir/': () => ({ url: '/fhir/' }),
      'GET|POST|PUT|PATCH|DELETE /fhir/*': (method) => ({ url: '/fhir/Nothing', ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) }),
    };

    /** Every route as `[key, method, access]`, one per method. */
    const routes = (Object.entries(ROUTE_ACCESS) as [RouteKey, RouteAccess][]).flatMap(([key, access]) =>
      key.split(' ')[0]!.split('|').map((method) => [key, method as Method, access] as const),
    );
    const send = (key: RouteKey, method: Method, extra: Partial<InjectOptions> = {}) => {
      const sample = SAMPLES[key](method);
      return server.inject({ method, ...extra, ...sample, headers: { ...extra.headers, ...sample.headers } } as InjectOptions);
    };
    const asRole = (who: Role | 'faskes-b' | 'elsewhere', key: RouteKey, method: Method) =>
      send(key, method, { cookies: { smartjkn_session: cookies.get(who)! } });

    before(async () => {
      app = await freshApp(backend);
      ({ services, server, close: stop } = await startServer(app));
      for (const role of ROLES) {
        // A funder account names its funder in the facility code (the ledger's statements are scoped to it).
        await addTestUser(app, { username: `u-${role}`, password: `password-${role}`, role, facilityCode: role === 'faskes' ? 'PKM-01' : role === 'funder' ? 'APBD' : null });
      }
      known.victimId = (await addTestUser(app, { username: 'u-victim', password: 'password-victim', role: 'viewer' })).id;
      await addTestUser(app, { username: 'u-faskes-b', password: 'password-faskes-b', role: 'faskes', facilityCode: 'PKM-02' });
      await addTestUser(app, { username: 'u-elsewhere', password: 'password-elsewhere', role: 'faskes', facilityCode: 'PKM-99', districtCode: '52.01' });
      await server.ready();
      const login = async (username: string) => {
        const response = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `password-${username.slice(2)}` } });
        assert.equal(response.statusCode, 200, username);
        return response.cookies.find((c) => c.name === 'smartjkn_session')!.value;
      };
      for (const role of ROLES) cookies.set(role, await login(`u-${role}`));
      cookies.set('faskes-b', await login('u-faskes-b'));
      // Another district's account cannot log in here; a session it got some other way reads nobody either.
      const [{ id }] = await app.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'u-elsewhere'`);
      cookies.set('elsewhere', await createSession(app.db, id!));

      const admin = { smartjkn_session: cookies.get('admin')! };
      const upload = await server.inject({ method: 'POST', url: '/api/v1/imports/penduduk', cookies: admin, ...multipart(penduduk) });
      assert.equal(upload.statusCode, 202, upload.body);
      known.jobId = upload.json().jobId;
      const peserta = csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN' }), pesertaRow(4)]);
      const uploadPeserta = await server.inject({
        method: 'POST',
        url: '/api/v1/imports/peserta',
        cookies: admin,
        ...multipart(peserta),
      });
      assert.equal(uploadPeserta.statusCode, 202, uploadPeserta.body);
      for (const [source, file] of [['faskes', faskes], ['kunjungan', kunjungan]] as const) {
        const up = await server.inject({ method: 'POST', url: `/api/v1/imports/${source}`, cookies: admin, ...multipart(file) });
        assert.equal(up.statusCode, 202, up.body);
        await services.facilityImports.idle();
        const job = (await server.inject({ url: `/api/v1/jobs/${up.json().jobId}`, cookies: admin })).json();
        assert.equal(job.status, 'succeeded', JSON.stringify(job));
      }
      await services.jobs.idle();
      await services.eligibility.refresh();
      known.batchId = (await server.inject({ url: '/api/v1/imports', cookies: admin })).json().items[0].id;
      const checked = await server.inject({ url: `/api/v1/eligibility/${UNREGISTERED}`, cookies: admin });
      known.caseId = checked.json().caseId;
      assert.ok(known.caseId, checked.body);
      const key = await createApiKey(app.db, { districtCode: app.district.district.code, facilityCode: 'PKM-01', label: 'test' }, TEST_ACTOR);
      known.apiKeyId = key.id;
      known.planId = (
        await savePlan(app.db, services.funding, { districtCode: app.district.district.code, programmes: DEFAULT_PROGRAMMES, date: '2026-01-15', name: null }, TEST_ACTOR)
      ).id;
      known.apiKey = (
        await createApiKey(app.db, { districtCode: app.district.district.code, facilityCode: 'PKM-01', label: 'kept' }, TEST_ACTOR)
      ).key;
      // Complaints whose complainants leave a unique marker: one agreed to share it, one did not.
      for (const [key, shareIdentity] of [['shared', true], ['secret', false]] as const) {
        const m = MARKERS[key];
        const filed = await server.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          payload: { category: 'DIMINTA_BAYAR', description: 'Diminta membayar di loket.', facilityCode: 'PKM-01', contact: { name: m.name, phone: m.phone, email: m.email }, shareIdentity },
        });
        assert.equal(filed.statusCode, 201, filed.body);
        const list = (await server.inject({ url: '/api/v1/complaints?status=all', cookies: admin })).json();
        const id = list.items.find((c: { trackingCode: string }) => c.trackingCode === filed.json().trackingCode).id;
        const assigned = await server.inject({ method: 'POST', url: '/api/v1/complaints/assign', cookies: admin, payload: { ids: [id], facilityCode: 'PKM-01' } });
        assert.equal(assigned.statusCode, 200, assigned.body);
        complaints[key] = { id, trackingCode: filed.json().trackingCode };
      }
      known.complaintId = complaints.shared.id;
      known.trackingCode = complaints.shared.trackingCode;
    });
    after(async () => {
      await stop();
      await app.close();
    });

    test('every route the server registers is in the table, and every table entry is registered', () => {
      const registered = new Set(server.registeredRoutes.map((key) => key.replace(/^HEAD /, 'GET ')));
      const declared = new Set(declaredRoutes());
      assert.deepEqual([...registered].filter((key) => !declared.has(key)), [], 'registered but not in route-access.ts');
      assert.deepEqual([...declared].filter((key) => !registered.has(key)), [], 'in route-access.ts but not registered');
    });

    test('the server will not start with a route the table does not name', async () => {
      const Fastify = (await import('fastify')).default;
      const { guardRouteRegistration } = await import('./auth.ts');
      const bare = Fastify();
      guardRouteRegistration(bare);
      assert.throws(() => bare.get('/api/v1/secret', async () => 'open'), /GET \/api\/v1\/secret is not in the role matrix/);
      await bare.close();
    });

    test('without a session: role routes are 401, public routes neither 401 nor 403, FHIR routes want their key', async () => {
      for (const [key, method, access] of routes) {
        const response = await send(key, method);
        const where = `${method} ${key} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if ('roles' in access) assert.equal(response.statusCode, 401, where);
        else if ('apiKey' in access) assert.equal(response.statusCode, 401, where);
        else if (key === 'GET /api/v1/auth/me') assert.equal(response.statusCode, 401, where);
        else assert.ok(response.statusCode !== 401 && response.statusCode !== 403 && response.statusCode < 500, where);
      }
    });

    test('every role on every route: refused is 403, allowed is neither 401 nor 403 (nor a server error)', async () => {
      for (const [key, method, access] of routes) {
        for (const role of ROLES) {
          const response = await asRole(role, key, method);
          const where = `${role} ${method} ${key} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, where);
          if ('roles' in access && !access.roles.includes(role)) assert.equal(response.statusCode, 403, where);
          else if ('apiKey' in access) assert.equal(response.statusCode, 401, `${where}: a session is no API key`);
          else assert.ok(response.statusCode !== 401 && response.statusCode !== 403, where);
          await services.jobs.idle();
          await services.facilityImports.idle();
        }
      }
    });

    test('a facility system with its key gets every FHIR route (neither 401 nor 403)', async () => {
      for (const [key, method, access] of routes) {
        if (!('apiKey' in access)) continue;
        const response = await send(key, method, { headers: { authorization: `Bearer ${known.apiKey}` } });
        assert.ok(![401, 403].includes(response.statusCode) && response.statusCode < 500, `${method} ${key} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      const base = await server.inject({ method: 'POST', url: '/fhir/', headers: { authorization: `Bearer ${known.apiKey}` }, payload: {} });
      assert.equal(base.statusCode, 404, base.body);
    });

    test('an account of another district is refused on every role route, whatever its role', async () => {
      for (const [key, method, access] of routes) {
        if (!('roles' in access)) continue;
        const response = await asRole('elsewhere', key, method);
        assert.equal(response.statusCode, 403, `${method} ${key}`);
      }
    });

    test('the table gives a faskes desk no person list: only the check by NIK, scoped to its facility', () => {
      for (const [key, access] of Object.entries(ROUTE_ACCESS) as [RouteKey, RouteAccess][]) {
        if (!('roles' in access) || !access.roles.includes('faskes')) continue;
        assert.equal(access.scope, 'facility', `${key}: a faskes route must be facility-scoped`);
      }
      for (const key of ['GET /api/v1/cases', 'GET /api/v1/cases/:id', 'GET /api/v1/audit', 'GET /api/v1/coverage/findings/:kind'] as const) {
        const access = routeAccess(key.split(' ')[0]!, key.split(' ')[1]!);
        assert.ok(access && 'roles' in access && access.person && !access.roles.includes('faskes'), key);
      }
    });

    test("a faskes desk's check is its own facility's: the case and the audit name it, never another's; class and segment are left out", async () => {
      const a = (await asRole('faskes', 'GET /api/v1/eligibility/:nik', 'GET')).json();
      assert.equal(a.nik, ACTIVE);
      assert.deepEqual([a.segment, a.membershipClass], [null, null]);
      const b = await server.inject({ url: `/api/v1/eligibility/${INACTIVE_PBI}`, cookies: { smartjkn_session: cookies.get('faskes-b')! } });
      assert.equal(b.statusCode, 200);
      await services.eligibility.flush();
      const checks = await app.db.query<{ username: string; detail: { facility: string } }>(
        `SELECT username, detail FROM audit_event WHERE action = 'eligibility.check' AND username IN ('u-faskes', 'u-faskes-b')`,
      );
      assert.ok(checks.length >= 2);
      for (const row of checks) assert.equal(row.detail.facility, row.username === 'u-faskes' ? 'PKM-01' : 'PKM-02');
      const [opened] = await app.db.query<{ facility_code: string; opened_by: string }>(
        `SELECT facility_code, opened_by FROM membership_case WHERE nik = $1`,
        [INACTIVE_PBI],
      );
      assert.deepEqual([opened!.facility_code, opened!.opened_by], ['PKM-02', 'u-faskes-b']);
      // The case PKM-02 opened is no list the PKM-01 desk (or PKM-02's) can read.
      for (const who of ['faskes', 'faskes-b'] as const) {
        assert.equal((await asRole(who, 'GET /api/v1/cases', 'GET')).statusCode, 403);
        assert.equal((await asRole(who, 'GET /api/v1/audit', 'GET')).statusCode, 403);
      }
    });

    test("a faskes desk reads nobody of another district: a NIK from elsewhere is no resident and carries no one's data", async () => {
      const response = await server.inject({ url: `/api/v1/eligibility/${OTHER_DISTRICT}`, cookies: { smartjkn_session: cookies.get('faskes')! } });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(
        [body.resident, body.membership, body.desaCode, body.primaryFacility, body.segment, body.membershipClass],
        [false, 'TIDAK_TERDAFTAR', null, null, null, null],
      );
      const elsewhere = await server.inject({ url: `/api/v1/eligibility/${ACTIVE}`, cookies: { smartjkn_session: cookies.get('elsewhere')! } });
      assert.equal(elsewhere.statusCode, 403, 'a faskes account of another district reads none of this district');
    });

    test("a faskes user's scorecards are its own facility's only; the district's offices see every FKTP", async () => {
      for (const key of ['GET /api/v1/scorecards', 'GET /api/v1/scorecards/view'] as const) {
        const own = (await asRole('faskes', key, 'GET')).json();
        assert.deepEqual(own.rows.map((r: { kode: string }) => r.kode), ['PKM-01'], key);
        const other = (await asRole('faskes-b', key, 'GET')).json();
        assert.deepEqual(other.rows.map((r: { kode: string }) => r.kode), ['PKM-02'], key);
        const all = (await asRole('viewer', key, 'GET')).json();
        assert.deepEqual(all.rows.map((r: { kode: string }) => r.kode), ['PKM-01', 'PKM-02'], key);
      }
      const trend = (await asRole('faskes', 'GET /api/v1/scorecards/trend', 'GET')).json();
      for (const point of trend.points) assert.deepEqual(point.facilities.map((f: { kode: string }) => f.kode), ['PKM-01']);
      const csv = (await asRole('faskes', 'GET /api/v1/scorecards/export', 'GET')).body;
      assert.ok(csv.includes('PKM-01') && !csv.includes('PKM-02'), csv);
      assert.equal((await asRole('faskes', 'GET /api/v1/scorecards/evaluation', 'GET')).statusCode, 403);
      const card = (await asRole('admin', 'GET /api/v1/scorecards', 'GET')).json();
      assert.deepEqual(card.district, { referrals: 1, referralsOut: 1, referralsOutShare: 1 });
    });

    test("Dinas Sosial sees and moves only its own office's cases", async () => {
      const dinsos = { smartjkn_session: cookies.get('dinsos')! };
      const list = (await server.inject({ url: '/api/v1/cases?office=dinkes&status=all', cookies: dinsos })).json();
      assert.equal(list.office, 'dinsos');
      for (const item of list.items) assert.equal(item.ownerOffice, 'dinsos');
      const [other] = await app.db.query<{ id: string }>(`SELECT id FROM membership_case WHERE owner_office <> 'dinsos' LIMIT 1`);
      assert.ok(other, 'a case of another office');
      assert.equal((await server.inject({ url: `/api/v1/cases/${other!.id}`, cookies: dinsos })).statusCode, 404);
      const move = await server.inject({ method: 'POST', url: `/api/v1/cases/${other!.id}/transition`, cookies: dinsos, payload: { to: 'rejected' } });
      assert.equal(move.statusCode, 404);
    });
    test("a complainant's name, phone and e-mail: only complaint officers get them, only on the detail, and only when shared", async () => {
      const found = (body: string, m: (typeof MARKERS)[keyof typeof MARKERS]) => [m.name, m.phone, m.email].filter((x) => body.includes(x));
      const who: (Role | null)[] = [null, ...ROLES];
      let shownToOfficers = 0;
      for (const variant of ['shared', 'secret'] as const) {
        known.complaintId = complaints[variant].id;
        known.trackingCode = complaints[variant].trackingCode;
        for (const [key, method] of routes) {
          for (const role of who) {
            const response: Awaited<ReturnType<typeof send>> = role === null ? await send(key, method) : await asRole(role, key, method);
            await services.jobs.idle();
            for (const other of ['shared', 'secret'] as const) {
              const leaked = found(response.body, MARKERS[other]);
              const allowed = other === 'shared' && variant === 'shared' && key === 'GET /api/v1/complaints/:id' && (role === 'admin' || role === 'dinkes');
              if (allowed) {
                assert.deepEqual(leaked.length, 3, `${role} ${method} ${key}: the officer sees the shared identity`);
                shownToOfficers++;
              } else {
                assert.deepEqual(leaked, [], `${role ?? 'no session'} ${method} ${key} (${variant}) leaks ${other}'s identity: ${response.body.slice(0, 300)}`);
              }
            }
          }
        }
      }
      assert.equal(shownToOfficers, 2, 'admin and dinkes saw the shared identity on its detail');
      // The secret one is stored (apart), so the test above could have failed.
      const [stored] = await app.db.query<{ name: string }>(`SELECT name FROM complaint_identity WHERE complaint_id = $1`, [complaints.secret.id]);
      assert.equal(stored!.name, MARKERS.secret.name);
      known.complaintId = complaints.shared.id;
      known.trackingCode = complaints.shared.trackingCode;
    });

    test('a faskes user sees only the complaints assigned to its facility', async () => {
      const mine = (await asRole('faskes', 'GET /api/v1/complaints', 'GET')).json();
      assert.ok(mine.items.length >= 2);
      for (const c of mine.items) assert.equal(c.assignedFacility, 'PKM-01');
      const other = await server.inject({ url: '/api/v1/complaints?status=all&facility=PKM-01', cookies: { smartjkn_session: cookies.get('faskes-b')! } });
      assert.equal(other.json().total, 0, 'PKM-02 sees none of PKM-01’s, whatever it asks');
      const detail = await server.inject({ url: `/api/v1/complaints/${complaints.secret.id}`, cookies: { smartjkn_session: cookies.get('faskes-b')! } });
      assert.equal(detail.statusCode, 404);
      const move = await server.inject({
        method: 'POST',
        url: `/api/v1/complaints/${complaints.secret.id}/messages`,
        cookies: { smartjkn_session: cookies.get('faskes-b')! },
        payload: { text: 'bukan milik kami' },
      });
      assert.equal(move.statusCode, 404);
    });
  });
}
