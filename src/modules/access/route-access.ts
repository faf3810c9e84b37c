/**
 * The role matrix: every route the server registers (method and URL exactly as Fastify registers them)
 * and who may use it. The server's check (src/http/auth.ts) reads it, the server refuses to start with a
 * route it does not name, the tests walk it (route × role × no session), and the web app asks it through
 * `can`. Plain TypeScript with no Node imports, so that web/ imports it as it is.
 *
 * Every route that needs a session also needs an account of this deployment's district: a user of
 * another district reads none of its people (auth.ts). Beyond that, `scope` says how a route narrows what
 * an allowed role sees:
 * - `office`: Dinas Sosial and Disnaker see and move only the cases their office owns (officeOfRole);
 * - `facility`: a faskes user asks about one NIK at a time at its own desk; the case and the audit record
 *   carry its facility code, and the answer leaves out segment and class (`eligibility.details`). On the
 *   complaint desk it sees and handles only complaints assigned to its facility, never the identity.
 * - `funder`: a funder user sees only its own funder's programmes and beneficiaries (its account's
 *   facility code names the funder).
 * `person` marks routes that return named people (NIKs masked in lists, every read audited).
 */
import type { Role } from './roles.ts';

export type RouteAccess =
  /** No session needed (the login, the resident self-check, the page, the API documentation). */
  | { readonly public: string }
  /** FHIR for facility systems: a per-facility API key, checked by the FHIR module's guard. */
  | { readonly apiKey: string }
  /** A logged-in user of one of these roles. */
  | { readonly roles: readonly Role[]; readonly person?: true; readonly scope?: 'office' | 'facility' | 'funder' };

const DISTRICT_OFFICES = ['admin', 'dinkes', 'dinsos', 'disnaker', 'funder', 'viewer'] as const satisfies readonly Role[];
const CASE_OFFICES = ['admin', 'dinkes', 'dinsos', 'disnaker'] as const satisfies readonly Role[];
const TIM_SMART_JKN = ['admin', 'dinkes'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
/** Complaint officers and the facility the complaint is assigned to. */
const COMPLAINT_DESK = ['admin', 'dinkes', 'faskes'] as const satisfies readonly Role[];
const SCORECARD_READERS = [...DISTRICT_OFFICES, 'faskes'] as const satisfies readonly Role[];

const FHIR_KEY = { apiKey: 'a facility system; the case and the audit record name the key and its facility' };
const FHIR_NOT_OFFERED = { apiKey: 'any other method or path under /fhir: a FHIR 404 once the key is accepted' };

/** A key is `METHOD URL`, or `METHOD|METHOD URL` for one route registered for several methods. HEAD follows GET. */
export const ROUTE_ACCESS = {
  'GET /*': { public: "the web app's files (or a hint that it is not built); an unknown /api/ path is a 404" },
  'GET /api/health': { public: 'whether the server and its database are up' },
  'GET /api/docs': { public: 'OpenAPI documentation' },
  'GET /api/docs/': { public: 'OpenAPI documentation' },
  'GET /api/docs/static/*': { public: 'OpenAPI documentation' },
  'GET /api/docs/json': { public: 'OpenAPI documentation' },
  'GET /api/docs/yaml': { public: 'OpenAPI documentation' },
  'GET /api/docs/static/index.html': { public: 'OpenAPI documentation' },
  'GET /api/docs/static/swagger-initializer.js': { public: 'OpenAPI documentation' },

  'POST /api/v1/auth/login': { public: 'log in (every attempt audited)' },
  'POST /api/v1/auth/logout': { public: 'ends the session of the cookie it comes with, if any' },
  'GET /api/v1/auth/me': { public: 'the logged-in user; 401 without a session' },
  'POST /api/v1/self-check': { public: 'the resident self-check: rate limited, the same shape and time whatever the NIK' },

  /** District, kecamatan and desa figures (aggregates, no person); a faskes desk sees none. */
  'GET /api/v1/coverage': { roles: DISTRICT_OFFICES },
  'GET /api/v1/coverage/trend': { roles: DISTRICT_OFFICES },
  'GET /api/v1/coverage/findings': { roles: DISTRICT_OFFICES },
  'GET /api/v1/coverage/export': { roles: DISTRICT_OFFICES },
  /** The people behind a data-quality finding. */
  'GET /api/v1/coverage/findings/:kind': { roles: ['admin', 'dinkes', 'dinsos'], person: true },

  'POST /api/v1/imports/:source': { roles: TIM_SMART_JKN },
  'GET /api/v1/imports': { roles: TIM_SMART_JKN },
  'GET /api/v1/imports/:id/issues': { roles: TIM_SMART_JKN },
  'GET /api/v1/jobs/:id': { roles: TIM_SMART_JKN },
  /** Facilities and visits (issue 15): static routes beside `:source`. */
  'POST /api/v1/imports/faskes': { roles: TIM_SMART_JKN },
  'POST /api/v1/imports/kunjungan': { roles: TIM_SMART_JKN },

  /**
   * Facility scorecards: aggregates, no person. Every district office sees the district's; a faskes
   * user only its own facility's CARD (and no ranking of the others).
   */
  'GET /api/v1/scorecards': { roles: SCORECARD_READERS, scope: 'facility' },
  'GET /api/v1/scorecards/view': { roles: SCORECARD_READERS, scope: 'facility' },
  'GET /api/v1/scorecards/trend': { roles: SCORECARD_READERS, scope: 'facility' },
  'GET /api/v1/scorecards/export': { roles: SCORECARD_READERS, scope: 'facility' },
  /** The monthly evaluation names the best and worst facilities: the district's offices only. */
  'GET /api/v1/scorecards/evaluation': { roles: DISTRICT_OFFICES },
  'GET /api/v1/reference/non-specialist-diagnoses': { roles: DISTRICT_OFFICES },
  'PUT /api/v1/reference/non-specialist-diagnoses': { roles: ADMIN },

  'GET /api/v1/users': { roles: ADMIN },
  'POST /api/v1/users': { roles: ADMIN },
  'GET /api/v1/users/:id/sessions': { roles: ADMIN },
  'DELETE /api/v1/users/:id/sessions': { roles: ADMIN },
  'DELETE /api/v1/users/:id/sessions/:sessionId': { roles: ADMIN },
  'GET /api/v1/audit': { roles: ADMIN, person: true },
  'GET /api/v1/api-keys': { roles: ADMIN },
  'POST /api/v1/api-keys': { roles: ADMIN },
  'POST /api/v1/api-keys/:id/revoke': { roles: ADMIN },

  /** The counter check by NIK (the desk, Tim SMART JKN, admin); a funder never sees it. */
  'GET /api/v1/eligibility/:nik': { roles: ['admin', 'dinkes', 'faskes'], person: true, scope: 'facility' },

  /** Reactivation and registration cases. */
  'GET /api/v1/cases': { roles: CASE_OFFICES, person: true, scope: 'office' },
  'GET /api/v1/cases/:id': { roles: CASE_OFFICES, person: true, scope: 'office' },
  'POST /api/v1/cases/:id/transition': { roles: CASE_OFFICES, person: true, scope: 'office' },

  /** Public complaints (formats.md "Complaints"): no session, rate limited; never the identity. */
  'POST /api/v1/complaints': { public: 'file a complaint: anonymous by default, rate limited' },
  'GET /api/v1/complaints/track/:trackingCode': { public: 'follow a complaint by tracking code: no name, phone, e-mail nor staff name' },
  'POST /api/v1/complaints/track/:trackingCode/messages': { public: 'the complainant writes back, by tracking code' },
  'POST /api/v1/complaints/track/:trackingCode/rating': { public: 'the complainant rates a resolved complaint' },
  'POST /api/v1/complaints/track/:trackingCode/follow-up': { public: 'the complainant answers "was it fixed?"' },
  /** The complaint desk: officers (admin, dinkes) see all; a faskes user only what is assigned to its facility, never the identity. */
  'GET /api/v1/complaints': { roles: COMPLAINT_DESK, scope: 'facility' },
  'GET /api/v1/complaints/notifications': { roles: COMPLAINT_DESK, scope: 'facility' },
  'GET /api/v1/complaints/:id': { roles: COMPLAINT_DESK, person: true, scope: 'facility' },
  'POST /api/v1/complaints/:id/messages': { roles: COMPLAINT_DESK, scope: 'facility' },
  'POST /api/v1/complaints/:id/transition': { roles: COMPLAINT_DESK, scope: 'facility' },
  'POST /api/v1/complaints/:id/resolve': { roles: COMPLAINT_DESK, scope: 'facility' },
  'POST /api/v1/complaints/entries': { roles: TIM_SMART_JKN },
  'POST /api/v1/complaints/import-lapor': { roles: TIM_SMART_JKN },
  'POST /api/v1/complaints/assign': { roles: TIM_SMART_JKN },
  'GET /api/v1/complaints/holidays': { roles: TIM_SMART_JKN },
  'PUT /api/v1/complaints/holidays': { roles: ADMIN },
  /** Funding plans and the programmes file (issue 14): Tim SMART JKN plans; a viewer sees what was saved, without people. */
  'POST /api/v1/plans': { roles: TIM_SMART_JKN, person: true },
  'POST /api/v1/plans/saved': { roles: TIM_SMART_JKN },
  'GET /api/v1/plans/saved': { roles: ['admin', 'dinkes', 'viewer'] },
  'GET /api/v1/plans/saved/:id': { roles: TIM_SMART_JKN, person: true },
  'GET /api/v1/plans/saved/:id/export': { roles: TIM_SMART_JKN, person: true },
  /** The registration lists sent to BPJS and Dinas Sosial (full NIKs, audited). */
  'GET /api/v1/plans/saved/:id/files/:office': { roles: TIM_SMART_JKN, person: true },
  'GET /api/v1/plans/saved/:id/explain/:nik': { roles: TIM_SMART_JKN, person: true },
  'GET /api/v1/programmes': { roles: ['admin', 'dinkes', 'viewer'] },
  'PUT /api/v1/programmes': { roles: TIM_SMART_JKN },
  'GET /api/v1/programmes/export': { roles: ['admin', 'dinkes', 'viewer'] },
  'POST /api/v1/programmes/match-count': { roles: TIM_SMART_JKN },
  /** Funding cases of saved plans: maker-checker, so any Tim SMART JKN user but the proposer approves. */
  'GET /api/v1/funding-cases': { roles: TIM_SMART_JKN, person: true },
  'POST /api/v1/funding-cases/transition': { roles: TIM_SMART_JKN, person: true },
  /** The shared-premium ledger: payments imported by Tim SMART JKN; statements for each funder, a funder only its own. */
  'POST /api/v1/payments': { roles: TIM_SMART_JKN },
  'GET /api/v1/ledger/statement': { roles: ['admin', 'dinkes', 'funder'], person: true, scope: 'funder' },

  'GET /fhir/metadata': { public: 'the FHIR CapabilityStatement' },
  'GET /fhir/Patient': FHIR_KEY,
  'GET /fhir/Coverage': FHIR_KEY,
  'POST /fhir/CoverageEligibilityRequest': FHIR_KEY,
  'GET|POST|PUT|PATCH|DELETE /fhir': FHIR_NOT_OFFERED,
  // Fastify reports the base with a slash for GET (HEAD) only; other methods on it match `/fhir`.
  'GET /fhir/': FHIR_NOT_OFFERED,
  'GET|POST|PUT|PATCH|DELETE /fhir/*': FHIR_NOT_OFFERED,
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

/** What a role may see beside a route's answer, where the route is the same for every allowed role. */
export const FIELD_ACCESS = {
  /** Segment and class beside the counter answer: the desk needs neither (the same answer for every class). */
  'eligibility.details': TIM_SMART_JKN,
  /** Choosing whose cases to look at; Dinas Sosial and Disnaker always see their own office's. */
  'cases.anyOffice': TIM_SMART_JKN,
  /** A complainant's name, phone and e-mail: complaint officers only, and only when the complainant agreed. */
  'complaints.identity': TIM_SMART_JKN,
} as const satisfies Record<string, readonly Role[]>;

export type FieldKey = keyof typeof FIELD_ACCESS;
export type Action = RouteKey | FieldKey;

const byRoute = new Map<string, RouteAccess>();
for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
  const [methods, url] = key.split(' ');
  for (const method of methods.split('|')) byRoute.set(`${method} ${url}`, access);
}

/** The access of a registered route, or undefined when the table does not name it. HEAD is GET's. */
export function routeAccess(method: string, url: string): RouteAccess | undefined {
  return byRoute.get(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}

/** Every `METHOD URL` the table names, one per method. */
export function declaredRoutes(): string[] {
  return [...byRoute.keys()];
}

/** May this role use the route (or see the field)? Public and API-key routes are no role's. */
export function can(role: Role, action: Action): boolean {
  if (action in FIELD_ACCESS) return (FIELD_ACCESS[action as FieldKey] as readonly Role[]).includes(role);
  const access: RouteAccess = ROUTE_ACCESS[action as RouteKey];
  return 'roles' in access && access.roles.includes(role);
}

/** The roles a route admits, for the tests and the documentation. */
export function rolesFor(access: RouteAccess): readonly Role[] {
  return 'roles' in access ? access.roles : [];
}
