import type { Role } from './api.ts';
import type { Route } from './router.ts';

/** What each role may open in the web app (the server enforces the same on the API). */
export const canSeeDashboard = (role: Role) => role !== 'faskes';
export const canImport = (role: Role) => role === 'admin' || role === 'dinkes';
/** Lists of named people behind the data-quality findings (the server audits every read). */
export const canReadFindingPersons = (role: Role) => role === 'admin' || role === 'dinkes' || role === 'dinsos';
export const canManageUsers = (role: Role) => role === 'admin';
export const canReadAudit = (role: Role) => role === 'admin';
/** The counter check by NIK: the front desk, Tim SMART JKN and admin. */
export const canCheckEligibility = (role: Role) => role === 'faskes' || role === 'dinkes' || role === 'admin';
/** Reactivation and registration cases: every office that works them. */
export const canWorkCases = (role: Role) => role === 'admin' || role === 'dinkes' || role === 'dinsos' || role === 'disnaker';
/** Dinas Sosial and Disnaker always see their own office's cases; the others choose. */
export const canChooseOffice = (role: Role) => role === 'admin' || role === 'dinkes';

/** Where a role lands after logging in (and where `#/` leads). */
export function homeRoute(role: Role): Route {
  return canSeeDashboard(role) ? { page: 'dashboard', kecamatan: null } : { page: 'counter' };
}
