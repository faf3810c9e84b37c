/** HTTP: each office's worklist of membership cases (overdue first), a case with its history, and moving it on. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { CASE_STATUSES, isOpen } from '../../domain/case-workflow.ts';
import { actorOf, currentUser, officeOfRole, recordAudit } from '../access/index.ts';
import type { CaseOpener } from './case-opener.ts';
import { findCase, worklist } from './case-repository.ts';
import { CaseNotFoundError, CaseTransitionError, moveCase } from './move-case.ts';

const OFFICES = ['dinkes', 'dinsos', 'disnaker', 'disdukcapil'] as const;

export function caseRoutes(server: FastifyInstance, app: AppContext, opener: CaseOpener) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  /** Dinas Sosial and Disnaker work their own cases; Tim SMART JKN (dinkes) and admin look at any office's. */
  const officeFor = (request: FastifyRequest, asked: string | undefined) => officeOfRole(currentUser(request).role) ?? asked ?? null;

  api.get('/api/v1/cases', {
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
    schema: {
      tags: ['cases'],
      summary: 'Move a case: open → in_progress → done | rejected',
      params: z.object({ id: z.string().uuid() }),
      body: z.object({ to: z.enum(CASE_STATUSES), note: z.string().max(2000).nullish() }),
    },
    handler: async (request, reply) => {
      try {
        const { to, note } = request.body;
        return await moveCase(app.db, opener, { districtCode, id: request.params.id, to, note: note ?? null }, actorOf(request));
      } catch (error) {
        if (error instanceof CaseNotFoundError) return reply.code(404).send({ error: error.message });
        if (error instanceof CaseTransitionError) return reply.code(409).send({ error: error.message });
        throw error;
      }
    },
  });
}
