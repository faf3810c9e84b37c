/**
 * What each role may open in the web app: asked of the server's own role matrix
 * (src/modules/access/route-access.ts), so a page is shown exactly when its API answers.
 */
import { can } from '../../../src/modules/access/route-access.ts';
import type { Role } from './api.ts';
import type { Route } from './router.ts';

export { can };

export const canSeeDashboard = (role: Role) => can(role, 'GET /api/v1/coverage');
export const canImport = (role: Role) => can(role, 'POST /api/v1/imports/:source');
/** Lists of named people behind the data-quality findings (the server audits every read). */
export const canReadFindingPersons = (role: Role) => can(role, 'GET /api/v1/coverage/findings/:kind');
export const canManageUsers = (role: Role) => can(role, 'POST /api/v1/users');
export const canReadAudit = (role: Role) => can(role, 'GET /api/v1/audit');
/** The counter check by NIK: the front desk, Tim SMART JKN and admin. */
export const canCheckEligibility = (role: Role) => can(role, 'GET /api/v1/eligibility/:nik');
/** Reactivation and registration cases: every office that works them. */
export const canWorkCases = (role: Role) => can(role, 'GET /api/v1/cases');
/** Dinas Sosial and Disnaker always see their own office's cases; the others choose. */
/** Funding plans: Tim SMART JKN computes them (a viewer sees the saved ones). */
export const canSeePlans = (role: Role) => can(role, 'GET /api/v1/plans/saved');
export const canChooseOffice = (role: Role) => can(role, 'cases.anyOffice');

/** The complaint desk: officers see every complaint, a facility its own. */
export const canWorkComplaints = (role: Role) => can(role, 'GET /api/v1/complaints');
/** Facility scorecards (a faskes user sees its own facility's only). */
export const canSeeScorecards = (role: Role) => can(role, 'GET /api/v1/scorecards/view');
/** The monthly evaluation names every facility: the district's offices. */
export const canSeeEvaluation = (role: Role) => can(role, 'GET /api/v1/scorecards/evaluation');

/** Where a role lands after logging in (and where `#/` leads). */
export function homeRoute(role: Role): Route {
  return canSeeDashboard(role) ? { page: 'dashboard', kecamatan: null } : { page: 'counter' };
}
