/**
 * FHIR for facility systems over HTTP on both backends: every body that comes back is checked against
 * the FHIR R4 JSON schema, and what a check leaves behind (case, audit) is read from the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { csvFile, DTSEN_HEADER, nik, PENDUDUK_HEADER, PESERTA_HEADER, pendudukRow, pesertaRow } from '../../../test/support/files.ts';
import type { AppContext } from '../../app/context.ts';
import { addTestUser, startServer, TEST_ACTOR } from '../../../test/support/server.ts';
import type { EligibilityService } from '../eligibility/index.ts';
import { importFile } from '../registry/import-file.ts';
import type { Source } from '../registry/sources.ts';
import { createApiKey } from './create-api-key.ts';
import { assertValidR4 } from './r4-schema.ts';
import { EXTENSION_BASE, NIK_SYSTEM } from './resources.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';

const ACTIVE = nik(1);
const PBI_REMOVED_POOR = nik(2);
const UNREGISTERED = nik(3);
const PBPU_ARREARS = nik(4);
const WOMAN = nik(5, 'P');
const UNKNOWN = nik(99);
const FAMILY_HEAD = '5203010101000001';

type Json = Record<string, any>;

for (const backend of backends()) {
  describe(`FHIR for facility systems on ${backend.name}`, () => {
    let app: AppContext;
    let server: FastifyInstance;
    let eligibility: EligibilityService;
    let stop: () => Promise<void>;
    let adminCookie: string;
    let dinkesCookie: string;
    const keys = { pkmA: '', pkmB: '', pkmAId: '', elsewhere: '' };
    const run = (source: Source, file: string) =>
      importFile(app.db, { source, filePath: file, skipInvalid: false, username: 'test', district: app.district, onCommit: snapshotOnImport(app.db.kind) });

    /** A FHIR request; every answer must be R4 JSON with the FHIR content type. */
    const fhir = async (
      url: string,
      options: { key?: string | null; header?: 'bearer' | 'x-api-key'; method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; contentType?: string } = {},
    ): Promise<LightMyRequestResponse & { resource: Json }> => {
      const key = options.key === undefined ? keys.pkmA : options.key;
      const headers: Record<string, string> = {};
      if (key) {
        if (options.header === 'x-api-key') headers['x-api-key'] = key;
        else headers.authorization = `Bearer ${key}`;
      }
      if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/fhir+json';
      const response = await server.inject({
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        url,
        headers,
        payload: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      });
      assert.match(String(response.headers['content-type']), /^application\/fhir\+json/, `${url}: ${response.body.slice(0, 200)}`);
      const resource = response.json();
      assertValidR4(resource);
      return Object.assign(response, { resource });
    };
    const search = (type: 'Patient' | 'Coverage', n: string, key?: string | null) =>
      fhir(`/fhir/${type}?${type === 'Patient' ? 'identifier' : 'beneficiary:identifier'}=${encodeURIComponent(`${NIK_SYSTEM}|${n}`)}`, { key });
    const ask = (n: string, key?: string) =>
      fhir('/fhir/CoverageEligibilityRequest', {
        key,
        body: {
          resourceType: 'CoverageEligibilityRequest',
          status: 'active',
          purpose: ['validation'],
          patient: { identifier: { system: NIK_SYSTEM, value: n } },
          created: '2026-11-02',
          insurer: { display: 'BPJS Kesehatan' },
        },
      });
    const admin = (method: 'GET' | 'POST', url: string, payload?: object, cookie = adminCookie) =>
      server.inject({ method, url, payload, cookies: { smartjkn_session: cookie } });
    const ext = (resource: Json, name: string) => resource.extension?.find((e: Json) => e.url === `${EXTENSION_BASE}${name}`);
    const auditOf = async (action: string, subject: string) => {
      await eligibility.flush();
      return app.db.query<{ username: string; detail: Json }>(
        `SELECT username, detail FROM audit_event WHERE action = $1 AND subject = $2 ORDER BY id`,
        [action, subject],
      );
    };

    before(async () => {
      app = await freshApp(backend);
      const woman = `${WOMAN},${FAMILY_HEAD},Contoh 5,P,1990-01-01,52.03.01.2001,HIDUP`;
      await run('penduduk', csvFile([PENDUDUK_HEADER, ...[1, 2, 3, 4].map((n) => pendudukRow(n)), woman]));
      await run(
        'peserta',
        csvFile([
          PESERTA_HEADER,
          `${ACTIVE},0000000000001,PPU_BU,1,AKTIF,,,22010101,2026-10-31`,
          pesertaRow(2, { status: 'NONAKTIF', alasan: 'PBI_DINONAKTIFKAN', dataPer: '2026-10-31' }),
          `${PBPU_ARREARS},0000000000004,PBPU,2,NONAKTIF,TUNGGAKAN,9,22010101,2026-10-31`,
        ]),
      );
      await run('dtsen', csvFile([DTSEN_HEADER, `${PBI_REMOVED_POOR},2,N`]));
      const districtCode = app.district.district.code;
      await addTestUser(app, { username: 'admin', password: 'password-admin', role: 'admin', districtCode });
      await addTestUser(app, { username: 'dinkes', password: 'password-dinkes', role: 'dinkes', districtCode });
      const started = await startServer(app);
      ({ server, close: stop } = started);
      eligibility = started.services.eligibility;
      await eligibility.refresh();
      const login = async (username: string) =>
        (await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `password-${username}` } })).cookies.find(
          (c) => c.name === 'smartjkn_session',
        )!.value;
      adminCookie = await login('admin');
      dinkesCookie = await login('dinkes');
      const made = await admin('POST', '/api/v1/api-keys', { facilityCode: 'PKM-A', label: 'SIMPUS Puskesmas A' });
      assert.equal(made.statusCode, 201, made.body);
      keys.pkmA = made.json().key;
      keys.pkmAId = made.json().id;
      keys.pkmB = (await admin('POST', '/api/v1/api-keys', { facilityCode: 'PKM-B', label: 'SIMPUS Puskesmas B' })).json().key;
      keys.elsewhere = (await createApiKey(app.db, { districtCode: '52.01', facilityCode: 'PKM-X', label: 'another district' }, TEST_ACTOR)).key;
    });
    after(async () => {
      await stop();
      await app.close();
    });

    test('the CapabilityStatement needs no key and says R4 4.0.1, JSON, the searches and the key scheme', async () => {
      const { statusCode, resource } = await fhir('/fhir/metadata', { key: null });
      assert.equal(statusCode, 200);
      assert.deepEqual([resource.resourceType, resource.fhirVersion, resource.format], ['CapabilityStatement', '4.0.1', ['json']]);
      const rest = resource.rest[0];
      assert.match(rest.security.description, /Authorization: Bearer/);
      assert.deepEqual(
        rest.resource.map((r: Json) => [r.type, r.searchParam?.map((p: Json) => p.name) ?? []]),
        [
          ['Patient', ['identifier']],
          ['Coverage', ['beneficiary']],
          ['CoverageEligibilityRequest', []],
        ],
      );
    });

    test('without a key, or with a wrong one, every resource is 401; another district’s key is 403', async () => {
      for (const key of [null, 'sjk_not-a-key']) {
        const response = await search('Patient', ACTIVE, key);
        assert.equal(response.statusCode, 401);
        assert.equal(response.resource.resourceType, 'OperationOutcome');
        assert.equal(response.resource.issue[0].code, 'login');
        assert.match(String(response.headers['www-authenticate']), /^Bearer/);
        assert.equal((await ask(ACTIVE, key ?? '')).statusCode, 401);
      }
      // The same for what does not exist: nobody learns what is here without a key.
      assert.equal((await fhir('/fhir/Observation', { key: null })).statusCode, 401);
      const far = await search('Patient', ACTIVE, keys.elsewhere);
      assert.deepEqual([far.statusCode, far.resource.issue[0].code], [403, 'forbidden']);
      // Nothing was read for them.
      assert.equal((await auditOf('fhir.patient.search', ACTIVE)).length, 0);
    });

    test('Patient by NIK: the NIK and sex only; a NIK nobody knows is an empty Bundle', async () => {
      const found = await search('Patient', WOMAN);
      assert.equal(found.statusCode, 200);
      assert.deepEqual([found.resource.type, found.resource.total], ['searchset', 1]);
      assert.deepEqual(found.resource.entry[0].resource, {
        resourceType: 'Patient',
        identifier: [{ use: 'official', system: NIK_SYSTEM, value: WOMAN }],
        gender: 'female',
      });
      assert.match(found.resource.link[0].url, /\/fhir\/Patient\?identifier=/);
      // Known to BPJS alone, or to the register alone: both are people the district knows.
      assert.equal((await search('Patient', UNREGISTERED)).resource.total, 1);
      const nobody = await search('Patient', UNKNOWN, keys.pkmB);
      assert.deepEqual([nobody.statusCode, nobody.resource.total, nobody.resource.entry], [200, 0, []]);
      const audit = await auditOf('fhir.patient.search', UNKNOWN);
      assert.deepEqual(audit.map((a) => [a.username.startsWith('apikey:'), a.detail.facility, a.detail.channel, a.detail.found]), [[true, 'PKM-B', 'fhir', false]]);
    });

    test('Coverage by NIK: the person’s own membership, paid by BPJS; lapsed is cancelled; unregistered has none', async () => {
      const active = (await search('Coverage', ACTIVE)).resource;
      assert.equal(active.total, 1);
      const coverage = active.entry[0].resource;
      assert.deepEqual(coverage.beneficiary, { type: 'Patient', identifier: { system: NIK_SYSTEM, value: ACTIVE } });
      // The register row carries the family card number; the Coverage names the person alone.
      assert.equal(JSON.stringify(active).includes(FAMILY_HEAD), false);
      assert.deepEqual([coverage.status, coverage.payor[0].display, coverage.class], ['active', 'BPJS Kesehatan', undefined]);
      assert.equal(ext(coverage, 'as-of').valueDate, '2026-10-31');

      const lapsed = (await search('Coverage', PBPU_ARREARS)).resource.entry[0].resource;
      assert.deepEqual([lapsed.status, ext(lapsed, 'inactive-reason').valueCode], ['cancelled', 'TUNGGAKAN']);
      assert.equal((await search('Coverage', UNREGISTERED)).resource.total, 0);
      assert.equal((await search('Coverage', WOMAN)).resource.total, 0);
      const audit = await auditOf('fhir.coverage.search', PBPU_ARREARS);
      assert.deepEqual(audit.map((a) => [a.detail.facility, a.detail.found]), [['PKM-A', true]]);
    });

    test('eligibility of an active member: JKN in force, no case', async () => {
      const { statusCode, resource } = await ask(ACTIVE);
      assert.equal(statusCode, 200);
      assert.equal(resource.resourceType, 'CoverageEligibilityResponse');
      assert.deepEqual(resource.insurance.map((i: Json) => [i.coverage.reference, i.inforce]), [['#jkn', true]]);
      assert.deepEqual(resource.patient.identifier, { system: NIK_SYSTEM, value: ACTIVE });
      assert.deepEqual([resource.outcome, resource.purpose, ext(resource, 'case')], ['complete', ['validation'], undefined]);
      assert.match(resource.disposition, /JKN aktif/);
    });

    test('eligibility of an inactive resident: the Pemda guarantee is in force, JKN is not, and a case opens for the key’s facility', async () => {
      const { resource } = await ask(PBI_REMOVED_POOR);
      assert.deepEqual(resource.insurance.map((i: Json) => [i.coverage.reference, i.inforce]), [['#jkn', false], ['#pemda', true]]);
      const pemda = resource.contained.find((r: Json) => r.id === 'pemda');
      assert.equal(pemda.payor[0].display, `Pemerintah ${app.district.district.name}`);
      assert.deepEqual([ext(resource, 'served').valueBoolean, ext(resource, 'service-basis').valueCode], [true, 'JAMINAN_PEMDA']);
      const caseId = ext(resource, 'case').valueString;
      assert.match(caseId, /^[0-9a-f-]{36}$/);

      await eligibility.flush();
      const [opened] = await app.db.query<Json>(`SELECT route, facility_code, opened_by FROM membership_case WHERE id = $1`, [caseId]);
      assert.deepEqual([opened!.route, opened!.facility_code, opened!.opened_by], ['DINSOS_REAKTIVASI_PBI', 'PKM-A', `apikey:${keys.pkmAId}`]);
      const [audit] = await auditOf('eligibility.check', PBI_REMOVED_POOR);
      assert.deepEqual([audit!.detail.channel, audit!.detail.facility, audit!.detail.caseId, audit!.detail.basis], ['fhir', 'PKM-A', caseId, 'JAMINAN_PEMDA']);

      // Another facility's system asking about another person: that case and audit carry its facility.
      const other = (await ask(PBPU_ARREARS, keys.pkmB)).resource;
      await eligibility.flush();
      const [second] = await app.db.query<Json>(`SELECT facility_code FROM membership_case WHERE id = $1`, [ext(other, 'case').valueString]);
      assert.equal(second!.facility_code, 'PKM-B');
      assert.equal((await auditOf('eligibility.check', PBPU_ARREARS))[0]!.detail.facility, 'PKM-B');
    });

    test('eligibility of a NIK nobody knows: not a resident, not served, no insurance, sent to Dukcapil', async () => {
      const { resource } = await ask(UNKNOWN);
      assert.equal(resource.insurance, undefined);
      assert.deepEqual(
        [ext(resource, 'resident').valueBoolean, ext(resource, 'served').valueBoolean, ext(resource, 'membership').valueCode],
        [false, false, 'TIDAK_TERDAFTAR'],
      );
      assert.match(resource.disposition, /Dukcapil/);
    });

    test('the patient may come as a contained Patient, the body as application/json, the key as X-API-Key', async () => {
      const { statusCode, resource } = await fhir('/fhir/CoverageEligibilityRequest', {
        header: 'x-api-key',
        contentType: 'application/json',
        body: {
          resourceType: 'CoverageEligibilityRequest',
          identifier: [{ system: 'http://sys-ids.kemkes.go.id/coverageeligibilityrequest/100', value: 'CER-7' }],
          purpose: ['benefits'],
          contained: [{ resourceType: 'Patient', id: 'pasien', identifier: [{ system: NIK_SYSTEM, value: ACTIVE }] }],
          patient: { reference: '#pasien' },
        },
      });
      assert.equal(statusCode, 200);
      assert.deepEqual(resource.request.identifier, { system: 'http://sys-ids.kemkes.go.id/coverageeligibilityrequest/100', value: 'CER-7' });
      assert.deepEqual([resource.purpose, resource.insurance[0].inforce], [['benefits'], true]);
    });

    test('errors are OperationOutcomes with the status that fits', async () => {
      const nikToken = (n: string) => encodeURIComponent(`${NIK_SYSTEM}|${n}`);
      const cer = (patient: object) => ({ resourceType: 'CoverageEligibilityRequest', purpose: ['validation'], patient });
      const cases: [string, Parameters<typeof fhir>[1], number, string][] = [
        [`/fhir/Patient?identifier=${nikToken('5203013202900001')}`, {}, 400, 'value'],
        ['/fhir/Patient', {}, 400, 'required'],
        [`/fhir/Patient?identifier=${nikToken(ACTIVE)}&name=Budi`, {}, 400, 'not-supported'],
        ['/fhir/Coverage?beneficiary=Patient/1', {}, 400, 'not-supported'],
        ['/fhir/Observation', {}, 404, 'not-found'],
        ['/fhir', {}, 404, 'not-found'],
        [`/fhir/Patient/${ACTIVE}`, {}, 404, 'not-found'],
        ['/fhir/Patient', { method: 'DELETE' }, 404, 'not-found'],
        ['/fhir/CoverageEligibilityRequest', { body: { resourceType: 'Claim' } }, 400, 'invalid'],
        ['/fhir/CoverageEligibilityRequest', { body: '{"resourceType":' }, 400, 'invalid'],
        ['/fhir/CoverageEligibilityRequest', { body: 'x', contentType: 'text/plain' }, 415, 'not-supported'],
        ['/fhir/CoverageEligibilityRequest', { body: cer({ identifier: { system: NIK_SYSTEM, value: '52030101900001' } }) }, 400, 'value'],
      ];
      for (const [url, options, status, code] of cases) {
        const { statusCode, resource } = await fhir(url, options);
        assert.deepEqual([statusCode, resource.resourceType, resource.issue[0].code], [status, 'OperationOutcome', code], `${url} ${JSON.stringify(options)}`);
      }
    });

    test('the administrator lists and revokes keys; a revoked key is refused at once; nobody else manages keys', async () => {
      const listed = await admin('GET', '/api/v1/api-keys');
      assert.equal(listed.statusCode, 200);
      const items = listed.json().items as Json[];
      assert.deepEqual(items.map((k) => [k.facilityCode, k.label, k.createdBy, k.revokedAt]), [
        ['PKM-A', 'SIMPUS Puskesmas A', 'admin', null],
        ['PKM-B', 'SIMPUS Puskesmas B', 'admin', null],
      ]);
      assert.equal(listed.body.includes(keys.pkmA), false);
      assert.equal(JSON.stringify(items).includes('hash'), false);
      const stored = await app.db.query<{ key_hash: string }>(`SELECT key_hash FROM api_key WHERE id = $1`, [keys.pkmAId]);
      assert.match(stored[0]!.key_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(stored[0]!.key_hash, keys.pkmA);

      assert.equal((await search('Patient', ACTIVE)).statusCode, 200); // the key is now cached
      const revoked = await admin('POST', `/api/v1/api-keys/${keys.pkmAId}/revoke`);
      assert.equal(revoked.statusCode, 200);
      assert.ok(revoked.json().revokedAt);
      const refused = await search('Patient', ACTIVE);
      assert.deepEqual([refused.statusCode, refused.resource.issue[0].diagnostics], [401, 'This API key was revoked']);
      assert.equal((await admin('POST', `/api/v1/api-keys/${keys.pkmAId}/revoke`)).statusCode, 409);
      assert.equal((await admin('POST', '/api/v1/api-keys/6f1d0c3e-1d2b-4c1a-9a43-2a5f3e8c9b10/revoke')).statusCode, 404);
      assert.equal((await search('Patient', ACTIVE, keys.pkmB)).statusCode, 200);

      const audit = await app.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE subject = $1 ORDER BY id`, [`apikey:${keys.pkmAId}`]);
      assert.deepEqual(audit.map((a) => a.action), ['apikey.add', 'apikey.revoke']);

      assert.equal((await admin('GET', '/api/v1/api-keys', undefined, dinkesCookie)).statusCode, 403);
      assert.equal((await admin('POST', '/api/v1/api-keys', { facilityCode: 'PKM-C', label: 'x' }, dinkesCookie)).statusCode, 403);
      assert.equal((await server.inject({ method: 'GET', url: '/api/v1/api-keys' })).statusCode, 401);
      const bad = await admin('POST', '/api/v1/api-keys', { facilityCode: 'PKM A/1', label: 'x' });
      assert.deepEqual([bad.statusCode, /facility/.test(bad.json().error)], [400, true]);
    });
  });
}
