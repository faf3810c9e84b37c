import type { Role } from './api.ts';

/** What each role may open in the web app (the server enforces the same on the API). */
export const canSeeDashboard = (role: Role) => role !== 'faskes';
export const canImport = (role: Role) => role === 'admin' || role === 'dinkes';
/** Lists of named people behind the data-quality findings (the server audits every read). */
export const canReadFindingPersons = (role: Role) => role === 'admin' || role === 'dinkes' || role === 'dinsos';
export const canManageUsers = (role: Role) => role === 'admin';
export const canReadAudit = (role: Role) => role === 'admin';
