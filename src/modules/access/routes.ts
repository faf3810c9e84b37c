/** HTTP: login/logout/me, users (admin) and the audit log (admin). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { addUser, UserInputError } from './add-user.ts';
import { AUDIT_COUNT_AHEAD, searchAudit } from './audit.ts';
import { endSessions, SessionNotFoundError } from './end-sessions.ts';
import { logIn } from './log-in.ts';
import { LoginThrottle } from './login-throttle.ts';
import { actorOf, currentUser, SESSION_COOKIE } from './request-user.ts';
import { ROLES } from './roles.ts';
import { endSession, findUser, listSessions, listUsers, SESSION_HOURS } from './users.ts';

export interface AccessOptions {
  /** Failed logins per username and client address (a fresh one with the contract's limits when not given). */
  throttle?: LoginThrottle;
  /** The address the app is served at; an https one makes the session cookie Secure on every answer. */
  publicUrl?: string | null;
}

/** `audit` is the counter's buffered audit: flushed before a search, so the search sees every check. */
export function accessRoutes(
  server: FastifyInstance,
  app: AppContext,
  sessions: { forget(token: string): void; forgetHash(tokenHash: string): void },
  audit: { flush(): Promise<void> },
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
    schema: {
      tags: ['auth'],
      summary: 'Log in; sets the session cookie',
      body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    },
    handler: async (request, reply) => {
      const result = await logIn(db, throttle, { ...request.body, districtCode, ip: request.ip });
      if (result.outcome === 'throttled') {
        return reply
          .code(429)
          .header('retry-after', String(result.retryAfterSeconds))
          .send({ error: `Too many failed logins for this username from this address: try again in ${result.retryAfterSeconds} s` });
      }
      if (result.outcome === 'failed') return reply.code(401).send({ error: 'Wrong username or password' });
      const { user, token } = result;
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
    schema: { tags: ['auth'], summary: 'The logged-in user, or 401' },
    handler: async (request, reply) => (request.user ? me(request.user) : reply.code(401).send({ error: 'Login required' })),
  });

  api.get('/api/v1/users', {
    schema: { tags: ['users'], summary: 'Users of this district' },
    handler: async () => ({ items: await listUsers(db, districtCode) }),
  });

  api.post('/api/v1/users', {
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
        const user = await addUser(db, { ...request.body, districtCode }, actorOf(request));
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
      const ended = await endSessions(db, { districtCode, actor: actorOf(request), userId, sessionId });
      // After the commit: this server refuses the ended sessions at once.
      for (const hash of ended) sessions.forgetHash(hash);
      return { ended: ended.length };
    } catch (error) {
      if (error instanceof SessionNotFoundError) throw Object.assign(new Error(error.message), { statusCode: 404 });
      throw error;
    }
  };

  api.get('/api/v1/users/:id/sessions', {
    schema: { tags: ['users'], summary: "A user's live sessions: when created, until when, from which address", params: userParams },
    handler: async (request, reply) => {
      const user = await findUser(db, districtCode, request.params.id);
      if (!user) return reply.code(404).send({ error: `user: no user ${request.params.id} in this district` });
      return { items: await listSessions(db, user.id) };
    },
  });

  api.delete('/api/v1/users/:id/sessions', {
    schema: { tags: ['users'], summary: "End all of a user's sessions (audited); this server refuses them at once", params: userParams },
    handler: async (request) => endAndForget(request, request.params.id),
  });

  api.delete('/api/v1/users/:id/sessions/:sessionId', {
    schema: { tags: ['users'], summary: 'End one session of a user (audited); this server refuses it at once', params: sessionParams },
    handler: async (request) => endAndForget(request, request.params.id, request.params.sessionId),
  });

  api.get('/api/v1/audit', {
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
      await audit.flush();
      return searchAudit(db, { districtCode, timeZone, ...rest, subject: nik });
    },
  });
}
