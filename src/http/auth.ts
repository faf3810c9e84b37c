/**
 * Sessions and permissions for `/api/v1`. Every route there declares `config.permission` or
 * `config.public`; a route that declares neither is refused, so nothing is open by accident.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessionGraceMs } from '../config.ts';
import type { Database } from '../db/client.ts';
import { can, type Permission } from '../modules/access/roles.ts';
import { type User, userForSession } from '../modules/access/users.ts';
import { RefreshingCache } from './refreshing-cache.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    public?: boolean;
  }
  interface FastifyRequest {
    user: User | null;
  }
}

export const SESSION_COOKIE = 'smartjkn_session';

export function registerAuth(server: FastifyInstance, db: Database, districtCode: string) {
  // A session is read from the database at most every half minute, and then in the background: requests
  // do not queue behind an import. A logout is forgotten at once; a session ended elsewhere (expired,
  // user removed) is refused within a minute.
  // While the database is away, a session read before is accepted for SMART_JKN_SESSION_GRACE_MINUTES.
  const sessions = new RefreshingCache((token) => userForSession(db, token), {
    freshMs: 30_000,
    staleMs: 30_000,
    graceMs: sessionGraceMs(),
    maxKeys: 10_000,
  });

  server.decorateRequest('user', null);
  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const config = request.routeOptions.config;
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await sessions.get(token) : null;
    if (config.public) return;
    if (!request.user) return reply.code(401).send({ error: 'Login required' });
    // A deployment serves one district: an account of another district reads none of its people.
    if (request.user.districtCode !== districtCode) return reply.code(403).send({ error: 'This account belongs to another district' });
    if (!config.permission) return reply.code(403).send({ error: 'This route has no permission set' });
    if (!can(request.user.role, config.permission)) {
      return reply.code(403).send({ error: `Role ${request.user.role} may not use this (${config.permission})` });
    }
  });

  return {
    forget(token: string) {
      sessions.forget(token);
    },
  };
}

export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new Error('route reached without a user: missing permission config');
  return request.user;
}
