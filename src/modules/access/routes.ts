/** HTTP: login/logout/me, users (admin) and the audit log (admin). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { currentUser, SESSION_COOKIE } from '../../http/auth.ts';
import { AUDIT_COUNT_AHEAD, recordAudit, searchAudit } from './audit.ts';
import { ROLES } from './roles.ts';
import { addUser, createSession, endSession, listUsers, SESSION_HOURS, UserInputError, verifyLogin } from './users.ts';

/** `flushAudit` writes the batched audit records (counter checks) so a search sees them. */
export function accessRoutes(
  server: FastifyInstance,
  app: AppContext,
  sessions: { forget(token: string): void },
  flushAudit: () => Promise<void>,
) {
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
      const verified = await verifyLogin(db, request.body.username, request.body.password);
      const user = verified?.districtCode === districtCode ? verified : null;
      await recordAudit(db, {
        districtCode,
        userId: user?.id,
        username: user?.username ?? request.body.username.slice(0, 100),
        action: user ? 'login' : 'login.failed',
        ip: request.ip,
      });
      if (!user) return reply.code(401).send({ error: 'Wrong username or password' });
      const token = await createSession(db, user.id);
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
