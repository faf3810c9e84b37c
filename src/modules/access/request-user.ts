/** The user a request comes from, as the server's check (src/http/auth.ts) found it from the session cookie. */
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.ts';
import type { User } from './users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export const SESSION_COOKIE = 'smartjkn_session';

/** The logged-in user of a route the role matrix gives to roles (never reached without one). */
export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new Error(`${request.method} ${request.routeOptions.url} reached without a user: is it public in route-access.ts?`);
  return request.user;
}

/** The logged-in user as the actor of a change. */
export function actorOf(request: FastifyRequest): Actor {
  const user = currentUser(request);
  return { userId: user.id, username: user.username, role: user.role, ip: request.ip, via: 'web' };
}
