/**
 * The server's check of every request against the role matrix (src/modules/access/route-access.ts): a
 * route the table does not name cannot be registered, a public route needs nothing, a FHIR route is the
 * FHIR guard's (API keys), and every other route needs a session of this district's account whose role
 * the table lists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeAccess, SESSION_COOKIE, type User } from '../modules/access/index.ts';

/**
 * The logged-in user of a session token (cached by the token's hash, see compose.ts); `forget` after a
 * logout, `forgetHash` for a session an admin ended (known by its hash).
 */
export interface SessionLookup {
  get(token: string): User | null | Promise<User | null>;
  forget(token: string): void;
  forgetHash(hash: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `METHOD URL` registered, as the role matrix names them (HEAD included). */
    registeredRoutes: string[];
  }
}

/** Refuses to register a route the role matrix does not name; called first, before any plugin adds routes. */
export function guardRouteRegistration(server: FastifyInstance) {
  const registered: string[] = [];
  server.decorate('registeredRoutes', registered);
  server.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!routeAccess(method, route.url)) {
        throw new Error(`${method} ${route.url} is not in the role matrix: add it to src/modules/access/route-access.ts`);
      }
      registered.push(`${method} ${route.url}`);
    }
  });
}

/** Checks every request against the role matrix; after the cookie plugin, whose hook reads the cookie first. */
export function registerAuth(server: FastifyInstance, sessions: SessionLookup, districtCode: string) {
  server.decorateRequest('user', null);
  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const access = routeAccess(request.method, url);
    if (!access) return reply.code(403).send({ error: 'This route is not in the role matrix' });
    if ('apiKey' in access) return;
    const token = request.cookies[SESSION_COOKIE];
    if ('public' in access) {
      // Only the API's public routes look at the session (`me`); the page and its files never do.
      if (token && url.startsWith('/api/v1/')) request.user = await sessions.get(token);
      return;
    }
    request.user = token ? await sessions.get(token) : null;
    if (!request.user) return reply.code(401).send({ error: 'Login required' });
    // A deployment serves one district: an account of another district reads none of its people.
    if (request.user.districtCode !== districtCode) return reply.code(403).send({ error: 'This account belongs to another district' });
    if (!access.roles.includes(request.user.role)) {
      return reply.code(403).send({ error: `Role ${request.user.role} may not use ${request.method} ${url}` });
    }
  });
}
