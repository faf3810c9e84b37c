/** The access module's public face: roles and the role matrix, users and sessions, the audit log. */
export { type Actor, authorise, ForbiddenError } from './actor.ts';
export { addUser, checkNewUser, type NewUser, UserInputError } from './add-user.ts';
export { type AuditEntry, recordAudit } from './audit.ts';
export { AuditBuffer } from './audit-buffer.ts';
export { logIn } from './log-in.ts';
export { actorOf, currentUser, SESSION_COOKIE } from './request-user.ts';
export { type Action, can, declaredRoutes, FIELD_ACCESS, ROUTE_ACCESS, type RouteAccess, routeAccess, type RouteKey, rolesFor } from './route-access.ts';
export { isRole, officeOfRole, ROLES, type Role } from './roles.ts';
export { accessRoutes } from './routes.ts';
export { tokenHash, type User, userForSessionHash } from './users.ts';
