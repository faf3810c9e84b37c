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
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as Role[]).includes(role);
}
