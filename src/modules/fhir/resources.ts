/**
 * The FHIR R4 resources SMART JKN shows facility systems (SIMRS/SIMPUS), built from the counter's answer
 * or the mirror's facts. Pure: no I/O.
 *
 * What a facility needs and nothing more: the Patient is the NIK and the sex the NIK itself encodes (no
 * name, no birth date: the register's birth date is what the resident self-check asks as proof); the
 * Coverage is the person's own JKN membership (beneficiary = that person, never the family head) with
 * BPJS Kesehatan as payor and no class (the desk serves every class alike).
 *
 * CoverageEligibilityResponse, decided once here:
 * - `insurance[]` entry for JKN (contained Coverage `#jkn`) whenever BPJS knows the person; its
 *   `inforce` means "JKN coverage is in force today", i.e. the counter's basis is JKN_AKTIF. An inactive
 *   member gets `inforce: false`; a person BPJS does not know gets no JKN entry.
 * - When the district guarantee covers the visit instead (basis JAMINAN_PEMDA), a second entry
 *   (contained Coverage `#pemda`, payor the Pemda, type "subsidized health program") with
 *   `inforce: true` and a benefit period of today only: the guarantee is decided per visit.
 * - So "may this patient be served without paying?" is "is any insurance entry in force?", and "will
 *   BPJS pay?" is the `#jkn` entry alone. The extensions say the same in the counter's words (served,
 *   basis, resident, the case opened) and `disposition` is the desk's next step in Indonesian.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceBasis } from '../../domain/eligibility.ts';
import type { InactiveReason, MembershipStatus } from '../../domain/membership.ts';
import { parseNik } from '../../domain/nik.ts';
import type { EligibilityAnswer, EligibilitySource } from '../eligibility/index.ts';

export const FHIR_VERSION = '4.0.1';
export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';
/** SATUSEHAT's identifier system for the NIK (docs/rules.md §10). */
export const NIK_SYSTEM = 'https://fhir.kemkes.go.id/id/nik';
/**
 * Our own extensions. The project owns no web domain, and a URN cannot be mistaken for an address that
 * resolves; the names are documented in the README and the CapabilityStatement.
 */
export const EXTENSION_BASE = 'urn:smart-jkn:fhir:extension:';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export type FhirResource = { resourceType: string } & Record<string, unknown>;

interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueCode?: string;
  valueDate?: string;
  valueString?: string;
}

const ext = (name: string, value: Omit<Extension, 'url'>): Extension => ({ url: `${EXTENSION_BASE}${name}`, ...value });

/** A reference to the person by NIK: the facility system resolves it to its own Patient. */
export function nikReference(nik: string) {
  return { type: 'Patient', identifier: { system: NIK_SYSTEM, value: nik } };
}

const BPJS_KESEHATAN = { type: 'Organization', display: 'BPJS Kesehatan' };

/** The person as the NIK describes them: the NIK and the sex it encodes (day + 40 for women). */
export function patientResource(nik: string): FhirResource {
  const parsed = parseNik(nik);
  if (!parsed.ok) throw new Error('patientResource: the NIK was not validated');
  return {
    resourceType: 'Patient',
    identifier: [{ use: 'official', system: NIK_SYSTEM, value: nik }],
    gender: parsed.value.sex === 'P' ? 'female' : 'male',
  };
}

/** A JKN membership as BPJS (live) or the district's extract (mirror) last described it. */
export interface JknMembership {
  status: MembershipStatus;
  reason: InactiveReason | null;
  primaryFacility: string | null;
  asOf: string;
  source: EligibilitySource;
}

/**
 * The person's JKN Coverage. fm-status has no "inactive for arrears": a NONAKTIF membership is
 * `cancelled`, and the BPJS reason rides in an extension.
 */
export function jknCoverage(nik: string, membership: JknMembership, id?: string): FhirResource {
  return {
    resourceType: 'Coverage',
    ...(id ? { id } : {}),
    extension: [
      ext('as-of', { valueDate: membership.asOf }),
      ext('source', { valueCode: membership.source }),
      ...(membership.reason ? [ext('inactive-reason', { valueCode: membership.reason })] : []),
      ...(membership.primaryFacility ? [ext('primary-care-facility', { valueString: membership.primaryFacility })] : []),
    ],
    status: membership.status === 'AKTIF' ? 'active' : 'cancelled',
    type: { coding: [{ system: ACT_CODE, code: 'PUBLICPOL', display: 'public healthcare' }], text: 'JKN' },
    beneficiary: nikReference(nik),
    payor: [BPJS_KESEHATAN],
  };
}

/** The district's guarantee for today's visit of a resident whose JKN is not in force. */
function districtGuaranteeCoverage(nik: string, districtName: string, today: string): FhirResource {
  return {
    resourceType: 'Coverage',
    id: 'pemda',
    status: 'active',
    type: {
      coding: [{ system: ACT_CODE, code: 'SUBSIDIZ', display: 'subsidized health program' }],
      text: 'Jaminan Pemda',
    },
    beneficiary: nikReference(nik),
    payor: [{ type: 'Organization', display: `Pemerintah ${districtName}` }],
    period: { start: today, end: today },
  };
}

export interface EligibilityRequestSummary {
  purposes: string[];
  /** The request's own identifier, to tie the response to it. */
  identifier: { system?: string; value: string } | null;
}

export function eligibilityResponse(
  answer: EligibilityAnswer,
  request: EligibilityRequestSummary,
  context: { districtName: string; today: string; now: Date },
): FhirResource {
  const contained: FhirResource[] = [];
  const insurance: { coverage: { reference: string }; inforce: boolean; benefitPeriod?: { start: string; end: string } }[] = [];
  if (answer.membership !== 'TIDAK_TERDAFTAR') {
    contained.push(
      jknCoverage(
        answer.nik,
        { status: answer.membership, reason: answer.reason, primaryFacility: answer.primaryFacility, asOf: answer.asOf, source: answer.source },
        'jkn',
      ),
    );
    insurance.push({ coverage: { reference: '#jkn' }, inforce: jknInForce(answer.basis) });
  }
  if (answer.basis === 'JAMINAN_PEMDA') {
    contained.push(districtGuaranteeCoverage(answer.nik, context.districtName, context.today));
    insurance.push({ coverage: { reference: '#pemda' }, inforce: true, benefitPeriod: { start: context.today, end: context.today } });
  }
  return {
    resourceType: 'CoverageEligibilityResponse',
    ...(contained.length > 0 ? { contained } : {}),
    extension: [
      ext('resident', { valueBoolean: answer.resident }),
      ext('served', { valueBoolean: answer.served }),
      ext('service-basis', { valueCode: answer.basis }),
      ext('membership', { valueCode: answer.membership }),
      ext('as-of', { valueDate: answer.asOf }),
      ext('source', { valueCode: answer.source }),
      ...(answer.caseId ? [ext('case', { valueString: answer.caseId })] : []),
    ],
    status: 'active',
    purpose: request.purposes,
    patient: nikReference(answer.nik),
    created: context.now.toISOString(),
    request: request.identifier ? { identifier: request.identifier } : { display: 'CoverageEligibilityRequest' },
    outcome: 'complete',
    disposition: answer.nextStep,
    insurer: BPJS_KESEHATAN,
    ...(insurance.length > 0 ? { insurance } : {}),
  };
}

/** `inforce` on the JKN entry: JKN itself covers the visit (never the district guarantee). */
export function jknInForce(basis: ServiceBasis): boolean {
  return basis === 'JKN_AKTIF';
}

export function searchBundle(selfUrl: string, resources: FhirResource[], now: Date): FhirResource {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: now.toISOString(),
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    // No read interaction is offered, so the entries have no server address of their own.
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${randomUUID()}`, resource, search: { mode: 'match' } })),
  };
}

const NIK_SEARCH_DOC = `\`${NIK_SYSTEM}|{16-digit NIK}\``;

export function capabilityStatement(baseUrl: string, districtName: string, startedAt: Date): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: startedAt.toISOString(),
    publisher: 'SMART JKN',
    kind: 'instance',
    software: { name: 'SMART JKN' },
    implementation: { description: `SMART JKN, ${districtName}: JKN coverage by NIK for facility systems`, url: baseUrl },
    fhirVersion: FHIR_VERSION,
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Answers for today from BPJS (when configured) or the district extract; extensions under ' +
          `${EXTENSION_BASE}: as-of, source, inactive-reason, primary-care-facility, resident, served, ` +
          'service-basis, membership, case.',
        security: {
          description:
            'One API key per facility, issued by the district administrator: `Authorization: Bearer <key>` or ' +
            '`X-API-Key: <key>`. Every lookup is audited under the key’s facility.',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'search-type' }],
            searchParam: [{ name: 'identifier', type: 'token', documentation: `The NIK: ${NIK_SEARCH_DOC}` }],
          },
          {
            type: 'Coverage',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              {
                name: 'beneficiary',
                type: 'reference',
                documentation: `With the :identifier modifier and the NIK: beneficiary:identifier=${NIK_SEARCH_DOC}`,
              },
            ],
          },
          {
            type: 'CoverageEligibilityRequest',
            interaction: [{ code: 'create' }],
            documentation:
              'Purpose validation or benefits; the patient by NIK identifier (patient.identifier or a contained ' +
              'Patient). Answered at once with a CoverageEligibilityResponse; nothing is stored but the audit ' +
              'record and, for a resident whose JKN is not in force, the reactivation case.',
          },
        ],
      },
    ],
  };
}
