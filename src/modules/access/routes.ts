/** HTTP: login/logout/me, users (admin) and the audit log (admin). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { addUser, UserInputError } from './add-user.ts';
import { AUDIT_COUNT_AHEAD, searchAudit } from './audit.ts';
import { logIn } from './log-in.ts';
import { actorOf, currentUser, SESSION_COOKIE } from './request-user.ts';
import { ROLES } from './roles.ts';
import { endSession, listUsers, SESSION_HOURS } from './users.ts';

/** `audit` is the counter's buffered audit: flushed before a search, so the search sees every check. */
export function accessRoutes(
  server: FastifyInstance,
  app: AppContext,
  sessions: { forget(token: string): void },
  audit: { flush(): Promise<void> },
) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { db, district } = app;
  const districtCode = district.district.code;
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
      const session = await logIn(db, { ...request.body, districtCode, ip: request.ip });
      if (!session) return reply.code(401).send({ error: 'Wrong username or password' });
      const { user, token } = session;
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
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
      return searchAudit(db, { districtCode, ...rest, subject: nik });
    },
  });
}
