/** The roles. What each may do is the role matrix in route-access.ts; nothing is open by default. */

export const ROLES = ['admin', 'dinkes', 'dinsos', 'disnaker', 'funder', 'faskes', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The office whose cases a role works; null for roles that may look at any office's. */
export function officeOfRole(role: Role): 'dinsos' | 'disnaker' | null {
  return role === 'dinsos' || role === 'disnaker' ? role : null;
}
