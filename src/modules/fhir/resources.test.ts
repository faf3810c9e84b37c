import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nik } from '../../../test/support/files.ts';
import type { EligibilityAnswer } from '../eligibility/eligibility-service.ts';
import { nikFromSearch, readEligibilityRequest } from './input.ts';
import { FhirError, operationOutcome } from './outcome.ts';
import { assertValidR4, r4SchemaErrors } from './r4-schema.ts';
import {
  capabilityStatement,
  EXTENSION_BASE,
  eligibilityResponse,
  type FhirResource,
  jknCoverage,
  NIK_SYSTEM,
  patientResource,
  searchBundle,
} from './resources.ts';

const NOW = new Date('2026-11-02T03:04:05.000Z');
const CONTEXT = { districtName: 'Kabupaten Lombok Timur', today: '2026-11-02', now: NOW };
const REQUEST = { purposes: ['validation'], identifier: { system: 'http://sys-ids.kemkes.go.id/x', value: 'req-1' } };

function answer(overrides: Partial<EligibilityAnswer>): EligibilityAnswer {
  return {
    nik: nik(1),
    resident: true,
    membership: 'AKTIF',
    reason: null,
    served: true,
    basis: 'JKN_AKTIF',
    asOf: '2026-10-31',
    source: 'mirror',
    caseId: null,
    nextStep: 'Layani pasien: JKN aktif.',
    primaryFacility: '22010101',
    arrearsMonths: null,
    segment: 'PBPU',
    membershipClass: '3',
    desaCode: '52.03.01.2001',
    case: null,
    ...overrides,
  };
}

type Insurance = { coverage: { reference: string }; inforce: boolean; benefitPeriod?: { start: string; end: string } };
const insuranceOf = (response: FhirResource) => ((response.insurance ?? []) as Insurance[]).map((i) => [i.coverage.reference, i.inforce]);
const extension = (resource: FhirResource, name: string) =>
  (resource.extension as { url: string; [value: string]: unknown }[]).find((e) => e.url === `${EXTENSION_BASE}${name}`);
const containedCoverage = (response: FhirResource, id: string) =>
  (response.contained as FhirResource[]).find((r) => r.id === id) as FhirResource & { payor: { display: string }[] };

describe('FHIR resources from the counter answer', () => {
  test('the Patient is the NIK and the sex the NIK encodes, nothing more', () => {
    const woman = patientResource(nik(7, 'P'));
    assertValidR4(woman);
    assert.deepEqual(woman, {
      resourceType: 'Patient',
      identifier: [{ use: 'official', system: NIK_SYSTEM, value: nik(7, 'P') }],
      gender: 'female',
    });
    assert.equal(patientResource(nik(8)).gender, 'male');
  });

  test('a Coverage belongs to the person, is paid by BPJS, carries no class; NONAKTIF is cancelled with its reason', () => {
    const active = jknCoverage(nik(1), { status: 'AKTIF', reason: null, primaryFacility: '22010101', asOf: '2026-10-31', source: 'mirror' });
    const lapsed = jknCoverage(nik(2), { status: 'NONAKTIF', reason: 'TUNGGAKAN', primaryFacility: null, asOf: '2026-10-31', source: 'vclaim' });
    for (const coverage of [active, lapsed]) {
      assertValidR4(coverage);
      assert.equal(coverage.class, undefined);
      assert.equal(coverage.subscriber, undefined);
      assert.equal(coverage.policyHolder, undefined);
      assert.deepEqual(coverage.payor, [{ type: 'Organization', display: 'BPJS Kesehatan' }]);
    }
    assert.deepEqual(active.beneficiary, { type: 'Patient', identifier: { system: NIK_SYSTEM, value: nik(1) } });
    assert.deepEqual([active.status, lapsed.status], ['active', 'cancelled']);
    assert.equal(extension(lapsed, 'inactive-reason')?.valueCode, 'TUNGGAKAN');
    assert.equal(extension(active, 'inactive-reason'), undefined);
    assert.equal(extension(active, 'primary-care-facility')?.valueString, '22010101');
    assert.equal(extension(lapsed, 'source')?.valueCode, 'vclaim');
    assert.equal(extension(lapsed, 'as-of')?.valueDate, '2026-10-31');
  });

  test('JKN active: one insurance entry, in force; no district guarantee', () => {
    const response = eligibilityResponse(answer({}), REQUEST, CONTEXT);
    assertValidR4(response);
    assert.deepEqual(insuranceOf(response), [['#jkn', true]]);
    assert.equal(response.outcome, 'complete');
    assert.equal(response.disposition, 'Layani pasien: JKN aktif.');
    assert.deepEqual(response.request, { identifier: REQUEST.identifier });
    assert.deepEqual(response.purpose, ['validation']);
    assert.equal(response.created, NOW.toISOString());
    assert.equal(extension(response, 'service-basis')?.valueCode, 'JKN_AKTIF');
    assert.equal(extension(response, 'case'), undefined);
  });

  test('district guarantee: JKN is not in force, and a second entry says the Pemda covers today’s visit', () => {
    const caseId = '6f1d0c3e-1d2b-4c1a-9a43-2a5f3e8c9b10';
    const response = eligibilityResponse(
      answer({ membership: 'NONAKTIF', reason: 'PBI_DINONAKTIFKAN', basis: 'JAMINAN_PEMDA', caseId, nextStep: 'Layani pasien.' }),
      { purposes: ['benefits'], identifier: null },
      CONTEXT,
    );
    assertValidR4(response);
    assert.deepEqual(insuranceOf(response), [['#jkn', false], ['#pemda', true]]);
    const pemda = (response.insurance as Insurance[])[1]!;
    assert.deepEqual(pemda.benefitPeriod, { start: '2026-11-02', end: '2026-11-02' });
    assert.equal(containedCoverage(response, 'pemda').payor[0]!.display, 'Pemerintah Kabupaten Lombok Timur');
    assert.equal(containedCoverage(response, 'jkn').status, 'cancelled');
    assert.deepEqual(
      [extension(response, 'served')?.valueBoolean, extension(response, 'service-basis')?.valueCode, extension(response, 'case')?.valueString],
      [true, 'JAMINAN_PEMDA', caseId],
    );
    assert.deepEqual(response.request, { display: 'CoverageEligibilityRequest' });
  });

  test('not served: an inactive member without the guarantee has only the JKN entry, not in force', () => {
    const response = eligibilityResponse(answer({ membership: 'NONAKTIF', reason: 'TUNGGAKAN', served: false, basis: 'TIDAK' }), REQUEST, CONTEXT);
    assertValidR4(response);
    assert.deepEqual(insuranceOf(response), [['#jkn', false]]);
  });

  test('an unregistered resident under the guarantee has only the Pemda entry: there is no JKN coverage to show', () => {
    const response = eligibilityResponse(answer({ membership: 'TIDAK_TERDAFTAR', basis: 'JAMINAN_PEMDA', primaryFacility: null }), REQUEST, CONTEXT);
    assertValidR4(response);
    assert.deepEqual(insuranceOf(response), [['#pemda', true]]);
    assert.equal((response.contained as FhirResource[]).length, 1);
  });

  test('a NIK unknown to both sources: not a resident, not served, no insurance, the next step in the disposition', () => {
    const response = eligibilityResponse(
      answer({ resident: false, membership: 'TIDAK_TERDAFTAR', served: false, basis: 'TIDAK', nextStep: 'Arahkan pasien ke Dukcapil.', primaryFacility: null }),
      REQUEST,
      CONTEXT,
    );
    assertValidR4(response);
    assert.equal(response.insurance, undefined);
    assert.equal(response.contained, undefined);
    assert.equal(extension(response, 'resident')?.valueBoolean, false);
    assert.equal(extension(response, 'served')?.valueBoolean, false);
    assert.match(String(response.disposition), /Dukcapil/);
  });

  test('the CapabilityStatement is R4 4.0.1 JSON and names every interaction offered', () => {
    const statement = capabilityStatement('https://pemda.example/fhir', 'Kabupaten Lombok Timur', NOW);
    assertValidR4(statement);
    assert.equal(statement.fhirVersion, '4.0.1');
    const rest = (statement.rest as { resource: { type: string; interaction: { code: string }[] }[] }[])[0]!;
    assert.deepEqual(
      rest.resource.map((r) => [r.type, r.interaction.map((i) => i.code)]),
      [
        ['Patient', ['search-type']],
        ['Coverage', ['search-type']],
        ['CoverageEligibilityRequest', ['create']],
      ],
    );
  });

  test('a search Bundle and an OperationOutcome are valid R4; the validator itself refuses what R4 refuses', () => {
    assertValidR4(searchBundle('https://pemda.example/fhir/Patient?identifier=x', [patientResource(nik(1))], NOW));
    assertValidR4(searchBundle('https://pemda.example/fhir/Patient', [], NOW));
    assertValidR4(operationOutcome('login', 'Unknown API key'));
    // The checks above mean something only if the schema rejects: an extra property, a wrong code, a
    // Medplum-only property, a non-R4 resource in a Bundle, a FHIR version other than R4's.
    assert.notDeepEqual(r4SchemaErrors({ ...patientResource(nik(1)), name: 'Budi' }), []);
    assert.notDeepEqual(r4SchemaErrors({ ...patientResource(nik(1)), gender: 'L' }), []);
    assert.notDeepEqual(r4SchemaErrors({ ...operationOutcome('login', 'x'), status: 'x' }), []);
    assert.notDeepEqual(r4SchemaErrors(searchBundle('https://x', [{ resourceType: 'Project' }], NOW)), []);
    assert.notDeepEqual(r4SchemaErrors({ resourceType: 'CapabilityStatement', fhirVersion: '5.0.0' }), []);
  });
});

describe('FHIR input from facility systems', () => {
  const fails = (work: () => unknown, status: number, code: string, message: RegExp) =>
    assert.throws(work, (error: unknown) => {
      assert.ok(error instanceof FhirError, String(error));
      assert.deepEqual([error.status, error.code], [status, code]);
      assert.match(error.message, message);
      return true;
    });

  test('a NIK search takes exactly one NIK token', () => {
    assert.equal(nikFromSearch({ identifier: `${NIK_SYSTEM}|${nik(1)}` }, 'identifier'), nik(1));
    fails(() => nikFromSearch({}, 'identifier'), 400, 'required', /identifier: required/);
    fails(() => nikFromSearch({ identifier: nik(1) }, 'identifier'), 400, 'not-supported', /only NIK/);
    fails(() => nikFromSearch({ identifier: `https://fhir.kemkes.go.id/id/ihs-number|${nik(1)}` }, 'identifier'), 400, 'not-supported', /only NIK/);
    fails(() => nikFromSearch({ identifier: `${NIK_SYSTEM}|5203013202900001` }, 'identifier'), 400, 'value', /day/);
    fails(() => nikFromSearch({ identifier: `${NIK_SYSTEM}|${nik(1)}`, name: 'Budi' }, 'identifier'), 400, 'not-supported', /unknown search parameter name/);
    fails(() => nikFromSearch({ identifier: [`${NIK_SYSTEM}|${nik(1)}`, `${NIK_SYSTEM}|${nik(2)}`] }, 'identifier'), 400, 'invalid', /once/);
  });

  const request = (extra: object) => ({ resourceType: 'CoverageEligibilityRequest', purpose: ['validation'], ...extra });

  test('an eligibility request names the patient by NIK, directly or in a contained Patient', () => {
    assert.deepEqual(readEligibilityRequest(request({ patient: { identifier: { system: NIK_SYSTEM, value: nik(3) } } })), {
      nik: nik(3),
      purposes: ['validation'],
      identifier: null,
    });
    const contained = readEligibilityRequest(
      request({
        identifier: [{ system: 'http://sys-ids.kemkes.go.id/x', value: 'req-9' }],
        contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://fhir.kemkes.go.id/id/ihs-number', value: 'P1' }, { system: NIK_SYSTEM, value: nik(4) }] }],
        patient: { reference: '#p' },
      }),
    );
    assert.deepEqual([contained.nik, contained.identifier], [nik(4), { system: 'http://sys-ids.kemkes.go.id/x', value: 'req-9' }]);
  });

  test('an eligibility request without a usable patient or purpose is refused with the reason', () => {
    const patient = { identifier: { system: NIK_SYSTEM, value: nik(3) } };
    fails(() => readEligibilityRequest({ resourceType: 'Patient' }), 400, 'invalid', /CoverageEligibilityRequest/);
    fails(() => readEligibilityRequest(request({ patient: { reference: 'Patient/1' } })), 400, 'required', /by NIK/);
    fails(() => readEligibilityRequest(request({ patient: { reference: '#gone' } })), 400, 'invalid', /no contained Patient/);
    fails(() => readEligibilityRequest(request({ patient: { identifier: { system: NIK_SYSTEM, value: '123' } } })), 400, 'value', /16 digits/);
    fails(() => readEligibilityRequest(request({ patient, purpose: [] })), 400, 'required', /purpose/);
    fails(() => readEligibilityRequest(request({ patient, purpose: ['discovery'] })), 400, 'not-supported', /discovery is not offered/);
    fails(() => readEligibilityRequest(request({ patient, purpose: ['everything'] })), 400, 'value', /not a purpose code/);
  });
});
