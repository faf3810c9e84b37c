/** HTTP: each office's worklist of membership cases (overdue first), a case with its history, and moving it on. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { CASE_STATUSES, isOpen } from '../../domain/case-workflow.ts';
import { currentUser } from '../../http/auth.ts';
import { recordAudit } from '../access/audit.ts';
import { officeOfRole } from '../access/roles.ts';
import type { CaseOpener } from './case-opener.ts';
import { CaseTransitionError, findCase, moveCase, worklist } from './case-repository.ts';

const OFFICES = ['dinkes', 'dinsos', 'disnaker', 'disdukcapil'] as const;

export function caseRoutes(server: FastifyInstance, app: AppContext, opener: CaseOpener) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  /** Dinas Sosial and Disnaker work their own cases; Tim SMART JKN (dinkes) and admin look at any office's. */
  const officeFor = (request: FastifyRequest, asked: string | undefined) => officeOfRole(currentUser(request).role) ?? asked ?? null;

  api.get('/api/v1/cases', {
    config: { permission: 'cases.read' },
    schema: {
      tags: ['cases'],
      summary: "An office's cases, the earliest due (overdue) first; NIKs masked",
      querystring: z.object({
        office: z.enum(OFFICES).optional(),
        status: z.enum(['open', 'closed', 'all']).default('open'),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    handler: async (request) => {
      await opener.flush();
      const { status, page, pageSize } = request.query;
      const statuses = CASE_STATUSES.filter((s) => status === 'all' || (status === 'open') === isOpen(s));
      const office = officeFor(request, request.query.office);
      return { office, ...(await worklist(app.db, { districtCode, office, statuses, page, pageSize })) };
    },
  });

  api.get('/api/v1/cases/:id', {
    config: { permission: 'cases.read' },
    schema: { tags: ['cases'], summary: 'One case with its history (NIK masked); the read is audited', params: z.object({ id: z.string().uuid() }) },
    handler: async (request, reply) => {
      await opener.flush();
      const found = await findCase(app.db, districtCode, request.params.id);
      const office = officeFor(request, undefined);
      if (!found || (office !== null && found.ownerOffice !== office)) return reply.code(404).send({ error: 'No such case' });
      const user = currentUser(request);
      await recordAudit(app.db, {
        districtCode,
        userId: user.id,
        username: user.username,
        action: 'person.read',
        subject: `case:${found.id}`,
        ip: request.ip,
      });
      return found;
    },
  });

  api.post('/api/v1/cases/:id/transition', {
    config: { permission: 'cases.write' },
    schema: {
      tags: ['cases'],
      summary: 'Move a case: open → in_progress → done | rejected',
      params: z.object({ id: z.string().uuid() }),
      body: z.object({ to: z.enum(CASE_STATUSES), note: z.string().max(2000).nullish() }),
    },
    handler: async (request, reply) => {
      await opener.flush();
      const user = currentUser(request);
      const office = officeFor(request, undefined);
      const found = await findCase(app.db, districtCode, request.params.id);
      if (!found || (office !== null && found.ownerOffice !== office)) return reply.code(404).send({ error: 'No such case' });
      try {
        const { nik, route } = await moveCase(app.db, {
          districtCode,
          id: found.id,
          to: request.body.to,
          username: user.username,
          note: request.body.note ?? null,
        });
        if (!isOpen(request.body.to)) opener.closed(nik, route, found.id);
      } catch (error) {
        if (error instanceof CaseTransitionError) return reply.code(409).send({ error: error.message });
        throw error;
      }
      await recordAudit(app.db, {
        districtCode,
        userId: user.id,
        username: user.username,
        action: 'case.move',
        subject: `case:${found.id}`,
        detail: { from: found.status, to: request.body.to },
        ip: request.ip,
      });
      return findCase(app.db, districtCode, found.id);
    },
  });
}
