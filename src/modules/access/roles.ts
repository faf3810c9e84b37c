/** Roles and what each may do. Every `/api/v1` route names one permission; nothing is open by default. */

export const ROLES = ['admin', 'dinkes', 'dinsos', 'disnaker', 'funder', 'faskes', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const DISTRICT_OFFICES: Role[] = ['admin', 'dinkes', 'dinsos', 'disnaker', 'funder', 'viewer'];

export const PERMISSIONS = {
  /** District, kecamatan and desa figures (aggregates, no person). */
  'coverage.read': DISTRICT_OFFICES,
  /** Lists of named people in the data-quality findings (every read is audited). */
  'findings.persons': ['admin', 'dinkes', 'dinsos'],
  'imports.read': ['admin', 'dinkes'],
  'imports.write': ['admin', 'dinkes'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  /** The counter check by NIK (the desk, Tim SMART JKN, admin); a funder never sees it. */
  'eligibility.check': ['admin', 'dinkes', 'faskes'],
  /** Segment and class beside the counter answer: the desk needs neither (the same answer for every class). */
  'eligibility.details': ['admin', 'dinkes'],
  /** Reactivation and registration cases; dinsos and disnaker see their own office's. */
  'cases.read': ['admin', 'dinkes', 'dinsos', 'disnaker'],
  'cases.write': ['admin', 'dinkes', 'dinsos', 'disnaker'],
  /** API keys for facility systems (FHIR). */
  'apikeys.manage': ['admin'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as Role[]).includes(role);
}

/** The office whose cases a role works; null for roles that may look at any office's. */
export function officeOfRole(role: Role): 'dinsos' | 'disnaker' | null {
  return role === 'dinsos' || role === 'disnaker' ? role : null;
}
