/** What facility systems send: NIK search tokens and CoverageEligibilityRequests, checked with FHIR-shaped errors. */
import { parseNik } from '../../domain/nik.ts';
import { describeIssue } from '../../domain/row-issues.ts';
import { FhirError } from './outcome.ts';
import { type EligibilityRequestSummary, NIK_SYSTEM } from './resources.ts';

/** Throws a 400 with the NIK rule it breaks (the same wording as the counter). */
export function validNik(value: string, where: string): string {
  const parsed = parseNik(value);
  if (!parsed.ok) throw new FhirError(400, 'value', `${where}: ${describeIssue(parsed, 'en')}`);
  return parsed.value.nik;
}

/**
 * The NIK from a search whose only parameter is `param` = `https://fhir.kemkes.go.id/id/nik|{nik}`.
 * Other parameters are refused rather than ignored, so a filter this server lacks never silently widens
 * a result.
 */
export function nikFromSearch(query: Record<string, unknown>, param: string): string {
  const unknown = Object.keys(query).filter((name) => name !== param);
  if (unknown.length > 0) {
    throw new FhirError(400, 'not-supported', `unknown search parameter ${unknown.join(', ')}: this search takes only ${param}`);
  }
  const token = query[param];
  if (token === undefined || token === '') throw new FhirError(400, 'required', `${param}: required, as ${NIK_SYSTEM}|{NIK}`);
  if (typeof token !== 'string') throw new FhirError(400, 'invalid', `${param}: give it once`);
  const bar = token.indexOf('|');
  if (bar < 0 || token.slice(0, bar) !== NIK_SYSTEM) {
    throw new FhirError(400, 'not-supported', `${param}: only NIK identifiers are searched, as ${NIK_SYSTEM}|{NIK}`);
  }
  return validNik(token.slice(bar + 1), param);
}

const SUPPORTED_PURPOSES = ['validation', 'benefits'];
const ALL_PURPOSES = ['auth-requirements', 'benefits', 'discovery', 'validation'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** FHIR `string`/`uri` values: no leading or trailing whitespace, at least one character. */
const isToken = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.trim() === value;

export interface EligibilityQuestion extends EligibilityRequestSummary {
  nik: string;
}

/** Reads a CoverageEligibilityRequest: the patient by NIK (`patient.identifier` or a contained Patient) and the purposes. */
export function readEligibilityRequest(body: unknown): EligibilityQuestion {
  if (!isObject(body) || body.resourceType !== 'CoverageEligibilityRequest') {
    throw new FhirError(400, 'invalid', 'body: a CoverageEligibilityRequest resource (resourceType CoverageEligibilityRequest)');
  }
  const purposes = asArray(body.purpose);
  if (purposes.length === 0) throw new FhirError(400, 'required', `purpose: required, one or more of ${SUPPORTED_PURPOSES.join(', ')}`);
  for (const purpose of purposes) {
    if (typeof purpose !== 'string' || !ALL_PURPOSES.includes(purpose)) {
      throw new FhirError(400, 'value', `purpose: "${String(purpose)}" is not a purpose code`);
    }
    if (!SUPPORTED_PURPOSES.includes(purpose)) {
      throw new FhirError(400, 'not-supported', `purpose: ${purpose} is not offered; use ${SUPPORTED_PURPOSES.join(' or ')}`);
    }
  }
  return { nik: patientNik(body), purposes: purposes as string[], identifier: requestIdentifier(body.identifier) };
}

function patientNik(body: Json): string {
  const patient = isObject(body.patient) ? body.patient : {};
  const identifiers: unknown[] = [];
  if (isObject(patient.identifier)) identifiers.push(patient.identifier);
  if (typeof patient.reference === 'string' && patient.reference.startsWith('#')) {
    const id = patient.reference.slice(1);
    const contained = asArray(body.contained).find((r) => isObject(r) && r.resourceType === 'Patient' && r.id === id);
    if (!isObject(contained)) throw new FhirError(400, 'invalid', `patient: no contained Patient with id "${id}"`);
    identifiers.push(...asArray(contained.identifier));
  }
  const nik = identifiers.find((i) => isObject(i) && i.system === NIK_SYSTEM);
  if (!isObject(nik) || typeof nik.value !== 'string') {
    throw new FhirError(400, 'required', `patient: identify the patient by NIK (patient.identifier or a contained Patient, system ${NIK_SYSTEM})`);
  }
  return validNik(nik.value, 'patient NIK');
}

/** The request's first identifier, echoed in the response's `request` when it is a well-formed one. */
function requestIdentifier(value: unknown): EligibilityRequestSummary['identifier'] {
  const first = asArray(value)[0];
  if (!isObject(first) || !isToken(first.value)) return null;
  return isToken(first.system) && !/\s/.test(first.system) ? { system: first.system, value: first.value } : { value: first.value };
}
