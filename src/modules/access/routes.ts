/** HTTP: login/logout/me, users (admin) and the audit log (admin). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { currentUser, SESSION_COOKIE } from '../../http/auth.ts';
import { AUDIT_COUNT_AHEAD, recordAudit, searchAudit } from './audit.ts';
import { endSessions, NotAllowedError, SessionNotFoundError } from './end-sessions.ts';
import { LoginThrottle } from './login-throttle.ts';
import { ROLES } from './roles.ts';
import { addUser, createSession, endSession, findUser, listSessions, listUsers, SESSION_HOURS, UserInputError, verifyLogin } from './users.ts';

export interface AccessOptions {
  /** Failed logins per username and client address (a fresh one with the contract's limits when not given). */
  throttle?: LoginThrottle;
  /** The address the app is served at; an https one makes the session cookie Secure on every answer. */
  publicUrl?: string | null;
}

/** `flushAudit` writes the batched audit records (counter checks) so a search sees them. */
export function accessRoutes(
  server: FastifyInstance,
  app: AppContext,
  sessions: { forget(token: string): void; forgetHash(tokenHash: string): void },
  flushAudit: () => Promise<void>,
  options: AccessOptions = {},
) {
  const throttle = options.throttle ?? new LoginThrottle();
  const httpsPublicUrl = options.publicUrl?.toLowerCase().startsWith('https://') ?? false;
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { db, district } = app;
  const districtCode = district.district.code;
  const timeZone = district.timeZone;
  const me = (user: ReturnType<typeof currentUser>) => ({
    username: user.username,
    role: user.role,
    facilityCode: user.facilityCode,
    districtCode,
    districtName: district.district.name,
  });

  api.post('/api/v1/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: 'Log in; sets the session cookie',
      body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    },
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const attempt = { districtCode, username: username.slice(0, 100), ip: request.ip };
      // Throttled before the password is checked: the right one is refused too until the window has passed.
      const retryAfter = throttle.retryAfterSeconds(username, request.ip);
      if (retryAfter > 0) {
        await recordAudit(db, { ...attempt, action: 'login.throttled', detail: { retryAfterSeconds: retryAfter } });
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({ error: `Too many failed logins for this username from this address: try again in ${retryAfter} s` });
      }
      const verified = await verifyLogin(db, username, password);
      const user = verified?.districtCode === districtCode ? verified : null;
      if (!user) {
        throttle.failed(username, request.ip);
        await recordAudit(db, { ...attempt, action: 'login.failed' });
        return reply.code(401).send({ error: 'Wrong username or password' });
      }
      throttle.succeeded(username, request.ip);
      const token = await db.transaction(async (tx) => {
        const created = await createSession(tx, user.id, request.ip);
        await recordAudit(tx, { ...attempt, userId: user.id, username: user.username, action: 'login' });
        return created;
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        // request.protocol is https behind a trusted proxy that says so (X-Forwarded-Proto), not behind any other.
        secure: httpsPublicUrl || request.protocol === 'https',
        maxAge: SESSION_HOURS * 3600,
      });
      return { user: me(user) };
    },
  });

  api.post('/api/v1/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'End the session' },
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await endSession(db, token);
        sessions.forget(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/auth/me', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'The logged-in user, or 401' },
    handler: async (request, reply) => (request.user ? me(request.user) : reply.code(401).send({ error: 'Login required' })),
  });

  api.get('/api/v1/users', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Users of this district' },
    handler: async () => ({ items: await listUsers(db, districtCode) }),
  });

  api.post('/api/v1/users', {
    config: { permission: 'users.manage' },
    schema: {
      tags: ['users'],
      summary: 'Add a user',
      body: z.object({
        username: z.string(),
        password: z.string(),
        role: z.enum(ROLES),
        facilityCode: z.string().nullish(),
      }),
    },
    handler: async (request, reply) => {
      try {
        const user = await addUser(db, { ...request.body, districtCode });
        const actor = currentUser(request);
        await recordAudit(db, {
          districtCode,
          userId: actor.id,
          username: actor.username,
          action: 'user.add',
          subject: user.username,
          detail: { role: user.role, facilityCode: user.facilityCode },
          ip: request.ip,
        });
        return reply.code(201).send(user);
      } catch (error) {
        if (error instanceof UserInputError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    },
  });

  const userParams = z.object({ id: z.coerce.number().int().positive() });
  const sessionParams = userParams.extend({ sessionId: z.coerce.number().int().positive() });
  const endAndForget = async (request: FastifyRequest, userId: number, sessionId?: number) => {
    try {
      const ended = await endSessions(db, { districtCode, actor: currentUser(request), userId, sessionId, ip: request.ip });
      // After the commit: this server refuses the ended sessions at once.
      for (const hash of ended) sessions.forgetHash(hash);
      return { ended: ended.length };
    } catch (error) {
      if (error instanceof SessionNotFoundError) throw Object.assign(new Error(error.message), { statusCode: 404 });
      if (error instanceof NotAllowedError) throw Object.assign(new Error(error.message), { statusCode: 403 });
      throw error;
    }
  };

  api.get('/api/v1/users/:id/sessions', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: "A user's live sessions: when created, until when, from which address", params: userParams },
    handler: async (request, reply) => {
      const user = await findUser(db, districtCode, request.params.id);
      if (!user) return reply.code(404).send({ error: `user: no user ${request.params.id} in this district` });
      return { items: await listSessions(db, user.id) };
    },
  });

  api.delete('/api/v1/users/:id/sessions', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: "End all of a user's sessions (audited); this server refuses them at once", params: userParams },
    handler: async (request) => endAndForget(request, request.params.id),
  });

  api.delete('/api/v1/users/:id/sessions/:sessionId', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'End one session of a user (audited); this server refuses it at once', params: sessionParams },
    handler: async (request) => endAndForget(request, request.params.id, request.params.sessionId),
  });

  api.get('/api/v1/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: `Search the audit log, newest first. The total counts matches up to ${AUDIT_COUNT_AHEAD.toLocaleString('en-US')} beyond the page asked for; past that it is a lower bound (totalIsAtLeast)`,
      querystring: z.object({
        action: z.string().optional(),
        username: z.string().optional(),
        nik: z.string().regex(/^\d{16}$/, '16 digits').optional(),
        facility: z.string().optional(),
        from: z.string().date().optional(),
        to: z.string().date().optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    handler: async (request) => {
      const { nik, ...rest } = request.query;
      await flushAudit();
      return searchAudit(db, { districtCode, timeZone, ...rest, subject: nik });
    },
  });
}
