import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { backends, freshApp } from '../../test/support/backends.ts';
import { csvFile, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../test/support/files.ts';
import type { AppContext } from '../app/context.ts';
import { type Role, ROLES } from '../modules/access/roles.ts';
import { addUser } from '../modules/access/users.ts';
import { CoverageService } from '../modules/coverage/coverage-service.ts';
import { ImportJobs } from '../modules/registry/import-jobs.ts';
import { buildServer } from './server.ts';
import { snapshotOnImport } from '../modules/coverage/snapshot-repository.ts';

function multipart(filePath: string, fileName: string) {
  const boundary = '----smartjkntest';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    readFileSync(filePath),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const backend of backends()) {
  describe(`HTTP API on ${backend.name}`, () => {
    let app: AppContext;
    let server: FastifyInstance;
    let jobs: ImportJobs;
    const routes: { method: string; url: string }[] = [];
    const cookies = new Map<Role, string>();

    const login = async (username: string, password: string) =>
      server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    const as = (role: Role, method: 'GET' | 'POST', url: string, extra: Record<string, unknown> = {}) =>
      server.inject({ method, url, cookies: { smartjkn_session: cookies.get(role)! }, ...extra });

    before(async () => {
      app = await freshApp(backend);
      const coverage = new CoverageService(app.db, app.district);
      jobs = new ImportJobs(app, () => coverage.invalidate(), snapshotOnImport(app.db.kind));
      server = await buildServer({ app, coverage, jobs });
      for (const role of ROLES) {
        await addUser(app.db, {
          username: `u-${role}`,
          password: `password-${role}`,
          role,
          facilityCode: role === 'faskes' ? 'PKM-01' : null,
          districtCode: app.district.district.code,
        });
      }
      await server.ready();
      // The OpenAPI document lists every route the server has.
      for (const [url, operations] of Object.entries(server.swagger().paths ?? {})) {
        for (const method of Object.keys(operations ?? {})) routes.push({ method: method.toUpperCase(), url });
      }
      for (const role of ROLES) {
        const response = await login(`u-${role}`, `password-${role}`);
        assert.equal(response.statusCode, 200);
        cookies.set(role, response.cookies.find((c) => c.name === 'smartjkn_session')!.value);
      }
    });
    after(async () => {
      await server.close();
      await app.close();
    });

    test("the OpenAPI document describes the counter's answer (its route skips zod at run time)", () => {
      const operation = server.swagger().paths?.['/api/v1/eligibility/{nik}']?.get as
        | { responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, unknown> } }> }> }
        | undefined;
      const schema = operation?.responses['200']?.content?.['application/json']?.schema;
      assert.ok(schema, 'a 200 response with a JSON schema');
      for (const field of ['nik', 'served', 'basis', 'nextStep', 'asOf', 'source', 'caseId', 'case']) assert.ok(field in schema.properties, field);
    });

    test('health answers without a session', async () => {
      const response = await server.inject({ method: 'GET', url: '/api/health' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().status, 'ok');
    });

    test('every /api/v1 route except login, logout, me and the resident self-check refuses a request without a session', async () => {
      const open = new Set(['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/self-check']);
      const guarded = routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && !open.has(r.url));
      assert.ok(guarded.length >= 9, `found ${guarded.length} routes`);
      for (const route of guarded) {
        const url = route.url
          .replace('{source}', 'penduduk')
          .replace('{kind}', 'unmatched')
          .replace('{nik}', '5203010101900001')
          .replace('{id}', '00000000-0000-4000-8000-000000000000');
        const response = await server.inject({ method: route.method as 'GET', url });
        assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
      }
      assert.equal((await server.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
    });

    test('a wrong password is refused and audited', async () => {
      const response = await login('u-admin', 'wrong-password');
      assert.equal(response.statusCode, 401);
      const unknown = await login('nobody', 'wrong-password');
      assert.equal(unknown.statusCode, 401);
      const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'login.failed'`);
      assert.equal(row.n, 2);
    });

    const forbidden: [Role, 'GET' | 'POST', string][] = [
      ['faskes', 'GET', '/api/v1/coverage?level=kecamatan'],
      ['faskes', 'GET', '/api/v1/coverage/export?format=csv'],
      ['viewer', 'GET', '/api/v1/imports'],
      ['funder', 'POST', '/api/v1/imports/penduduk'],
      ['disnaker', 'GET', '/api/v1/coverage/findings/unregistered'],
      ['funder', 'GET', '/api/v1/coverage/findings/deceased'],
      ['dinkes', 'GET', '/api/v1/users'],
      ['dinsos', 'POST', '/api/v1/users'],
      ['viewer', 'GET', '/api/v1/audit'],
      ['funder', 'GET', '/api/v1/eligibility/5203010101900001'],
      ['viewer', 'GET', '/api/v1/eligibility/5203010101900001'],
      ['faskes', 'GET', '/api/v1/cases'],
      ['viewer', 'POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/transition'],
    ];
    for (const [role, method, url] of forbidden) {
      test(`role ${role} gets 403 on ${method} ${url}`, async () => {
        const response = await as(role, method, url, method === 'POST' ? { payload: {} } : {});
        assert.equal(response.statusCode, 403);
      });
    }

    test('an uploaded import runs as a job, is audited, and the dashboard follows', async () => {
      const penduduk = csvFile([PENDUDUK_HEADER, pendudukRow(1), pendudukRow(2), pendudukRow(3, '52.03.02.2001'), pendudukRow(4, '52.03.01.2001', 'MENINGGAL')]);
      const peserta = csvFile([PESERTA_HEADER, pesertaRow(1), pesertaRow(2, { status: 'NONAKTIF', segmen: 'PBPU' }), pesertaRow(4)]);
      for (const [source, file] of [
        ['penduduk', penduduk],
        ['peserta', peserta],
      ]) {
        const upload = await as('dinkes', 'POST', `/api/v1/imports/${source}`, multipart(file, `${source}.csv`));
        assert.equal(upload.statusCode, 202, upload.body);
        await jobs.idle();
        const job = await as('dinkes', 'GET', `/api/v1/jobs/${upload.json().jobId}`);
        assert.equal(job.json().status, 'succeeded', job.body);
      }
      const report = (await as('viewer', 'GET', '/api/v1/coverage?level=kecamatan')).json();
      assert.equal(report.total.population, 3);
      assert.equal(report.total.registered, 2);
      assert.equal(report.total.active, 1);
      assert.equal(report.rows.find((r: { code: string }) => r.code === '52.03.01').population, 2);
      const desa = (await as('viewer', 'GET', '/api/v1/coverage?level=desa&parent=52.03.02')).json();
      assert.deepEqual(
        desa.rows.filter((r: { population: number }) => r.population > 0).map((r: { code: string }) => r.code),
        ['52.03.02.2001'],
      );
      const [audit] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'import'`);
      assert.equal(audit.n, 2);
    });

    test('a rejected upload reports its rows through the job', async () => {
      const bad = csvFile([PESERTA_HEADER, pesertaRow(1), `${nik(2)},123,PBPU,3,AKTIF,,,,2025-05-31`]);
      const upload = await as('admin', 'POST', '/api/v1/imports/peserta', multipart(bad, 'bad.csv'));
      await jobs.idle();
      const job = (await as('admin', 'GET', `/api/v1/jobs/${upload.json().jobId}`)).json();
      assert.equal(job.status, 'rejected');
      assert.deepEqual(job.result.errors, [{ line: 3, column: 'no_kartu', reason: 'harus tepat 13 angka' }]);
      const english = (await as('admin', 'GET', `/api/v1/jobs/${upload.json().jobId}?lang=en`)).json();
      assert.deepEqual(english.result.errors, [{ line: 3, column: 'no_kartu', reason: 'must be exactly 13 digits' }]);
      const stored = (await as('admin', 'GET', `/api/v1/imports/${job.result.batchId}/issues`)).json();
      assert.deepEqual(stored.items, [{ line: 3, column: 'no_kartu', reason: 'harus tepat 13 angka' }]);
    });

    test('finding lists mask NIKs and every read is audited', async () => {
      const response = await as('dinsos', 'GET', '/api/v1/coverage/findings/deceased');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.total, 1);
      assert.equal(body.items[0].nikMasked, `${nik(4).slice(0, 6)}********${nik(4).slice(14)}`);
      assert.ok(!response.body.includes(nik(4)), 'the whole NIK never leaves');
      const [audit] = await app.db.query<{ username: string; subject: string }>(
        `SELECT username, subject FROM audit_event WHERE action = 'person.read'`,
      );
      assert.deepEqual(audit, { username: 'u-dinsos', subject: 'findings:deceased' });
      const audited = (await as('admin', 'GET', '/api/v1/audit?action=person.read')).json();
      assert.deepEqual([audited.total, audited.totalIsAtLeast], [1, false]);
    });

    test('exports come as CSV, Excel and PDF', async () => {
      const types = { csv: 'text/csv', xlsx: 'spreadsheetml', pdf: 'application/pdf' };
      for (const [format, type] of Object.entries(types)) {
        const response = await as('funder', 'GET', `/api/v1/coverage/export?level=kecamatan&format=${format}`);
        assert.equal(response.statusCode, 200);
        assert.match(String(response.headers['content-type']), new RegExp(type));
        assert.match(String(response.headers['content-disposition']), /attachment; filename="cakupan-kecamatan/);
      }
    });

    test('the admin adds users; bad input is a 400 naming the field', async () => {
      const created = await as('admin', 'POST', '/api/v1/users', { payload: { username: 'petugas1', password: 'sandi-rahasia', role: 'viewer' } });
      assert.equal(created.statusCode, 201);
      const duplicate = await as('admin', 'POST', '/api/v1/users', { payload: { username: 'petugas1', password: 'sandi-rahasia', role: 'viewer' } });
      assert.equal(duplicate.statusCode, 400);
      assert.match(duplicate.json().error, /^username/);
      const faskes = await as('admin', 'POST', '/api/v1/users', { payload: { username: 'pkm', password: 'sandi-rahasia', role: 'faskes' } });
      assert.match(faskes.json().error, /^facility/);
      assert.equal((await login('petugas1', 'sandi-rahasia')).statusCode, 200);
    });

    test('logout ends the session', async () => {
      const response = await login('u-viewer', 'password-viewer');
      const token = response.cookies.find((c) => c.name === 'smartjkn_session')!.value;
      await server.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { smartjkn_session: token } });
      const after = await server.inject({ method: 'GET', url: '/api/v1/coverage', cookies: { smartjkn_session: token } });
      assert.equal(after.statusCode, 401);
    });
  });
}
