/**
 * HTTP: funding plans and the programmes file (formats.md, "Funding plan"). `POST /api/v1/plans` takes
 * the programmes file as its body and answers the Plan JSON, as `smart-jkn plan` prints it; a malformed
 * file is a 400 with every usage error (`errors: [{ path, reason }]`) and nothing is written.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { explainCandidate } from '../../domain/funding/optimise.ts';
import { DEFAULT_PROGRAMMES } from '../../domain/funding/programmes.ts';
import { parseNik } from '../../domain/nik.ts';
import { actorOf, recordAudit } from '../access/index.ts';
import { FUNDING_CASE_STATUSES } from '../../domain/funding/plan-case-workflow.ts';
import { listCases } from './case-repository.ts';
import { FundingService, type PlanJson } from './funding-service.ts';
import { FundingCaseMoveError, moveFundingCases } from './move-funding-cases.ts';
import { OFFICE_FILES, officeFile } from './office-files.ts';
import { exportPlan } from './plan-export.ts';
import { findPlan, findProgrammes, listPlans } from './programmes-repository.ts';
import { savePlan } from './save-plan.ts';
import { ProgrammesInputError, programmesOrThrow, saveProgrammes } from './save-programmes.ts';

const dateQuery = z.object({
  date: z
    .string()
    .refine((d) => FundingService.isDate(d), 'a date YYYY-MM-DD')
    .optional(),
});

function usageErrors(reply: FastifyReply, error: unknown) {
  if (error instanceof ProgrammesInputError) return reply.code(400).send({ error: 'the programmes file is malformed', errors: error.errors });
  throw error;
}

export function fundingRoutes(server: FastifyInstance, app: AppContext, funding: FundingService) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  api.post('/api/v1/plans', {
    schema: {
      tags: ['funding'],
      summary: 'Compute a funding plan on the current data; the body is the programmes file (formats.md). Every read is audited',
      querystring: dateQuery.extend({
        // The page leaves the (long) list of assignments out while the office changes the inputs.
        assignments: z.enum(['true', 'false']).default('true'),
      }),
    },
    handler: async (request, reply) => {
      let programmes;
      try {
        programmes = programmesOrThrow(request.body);
      } catch (error) {
        return usageErrors(reply, error);
      }
      const date = request.query.date ?? funding.today();
      const outcome = await funding.plan(programmes, date);
      const actor = actorOf(request);
      await recordAudit(app.db, {
        districtCode,
        userId: actor.userId,
        username: actor.username,
        action: 'plan.compute',
        subject: `plan:${date}`,
        detail: { objective: outcome.plan.objective, assignments: request.query.assignments === 'true' ? outcome.plan.assignments.length : 0 },
        ip: actor.ip,
      });
      if (request.query.assignments === 'true') return outcome.plan;
      const { assignments: _left, ...rest } = outcome.plan;
      return { ...rest, assignments: [], explanations: outcome.explanations, current: outcome.current };
    },
  });

  api.post('/api/v1/plans/saved', {
    schema: {
      tags: ['funding'],
      summary: 'Save a plan as an immutable version: its inputs, its result, who and when',
      body: z.object({ programmes: z.unknown().optional(), date: z.string().refine((d) => FundingService.isDate(d), 'a date YYYY-MM-DD').optional(), name: z.string().max(200).optional() }),
    },
    handler: async (request, reply) => {
      const { programmes, date, name } = request.body;
      try {
        const saved = await savePlan(
          app.db,
          funding,
          { districtCode, programmes: programmes ?? (await findProgrammes(app.db, districtCode)).programmes, date: date ?? funding.today(), name: name?.trim() || null },
          actorOf(request),
        );
        return reply.code(201).send(saved);
      } catch (error) {
        return usageErrors(reply, error);
      }
    },
  });

  api.get('/api/v1/plans/saved', {
    schema: { tags: ['funding'], summary: 'Saved plans, newest first (no people)' },
    handler: async () => ({ items: await listPlans(app.db, districtCode) }),
  });

  api.get('/api/v1/plans/saved/:id', {
    schema: {
      tags: ['funding'],
      summary: 'One saved plan: its inputs and its result (the Plan JSON); every read is audited',
      params: z.object({ id: z.coerce.number().int().positive() }),
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, districtCode, request.params.id);
      if (!plan) return reply.code(404).send({ error: 'no such plan' });
      const actor = actorOf(request);
      await recordAudit(app.db, { districtCode, userId: actor.userId, username: actor.username, action: 'plan.read', subject: `plan:${plan.id}`, detail: {}, ip: actor.ip });
      return plan;
    },
  });

  api.get('/api/v1/plans/saved/:id/export', {
    schema: {
      tags: ['funding'],
      summary: 'A saved plan as Excel (beneficiaries with NIK masked), PDF (summary) or CSV (assignments)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      querystring: z.object({ format: z.enum(['xlsx', 'pdf', 'csv']).default('xlsx'), lang: z.enum(['id', 'en']).default('id') }),
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, districtCode, request.params.id);
      if (!plan) return reply.code(404).send({ error: 'no such plan' });
      const actor = actorOf(request);
      await recordAudit(app.db, {
        districtCode,
        userId: actor.userId,
        username: actor.username,
        action: 'plan.export',
        subject: `plan:${plan.id}`,
        detail: { format: request.query.format },
        ip: actor.ip,
      });
      const file = await exportPlan(plan.result as never, request.query.format, request.query.lang);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="plan-${plan.id}-${file.fileName}"`)
        .send(file.body);
    },
  });

  api.get('/api/v1/funding-cases', {
    schema: {
      tags: ['funding'],
      summary: 'Funding cases (one per person a saved plan assigns), NIK masked, with counts per status',
      querystring: z.object({
        planId: z.coerce.number().int().positive().optional(),
        status: z.enum(FUNDING_CASE_STATUSES).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    handler: async (request) => listCases(app.db, districtCode, request.query),
  });

  api.post('/api/v1/funding-cases/transition', {
    schema: {
      tags: ['funding'],
      summary: 'Move one or many funding cases (bulk approve, send, reject with a reason, expire); the proposer never approves',
      body: z
        .object({
          ids: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
          /** Bulk: every case of a saved plan in a status. */
          planId: z.number().int().positive().optional(),
          from: z.enum(FUNDING_CASE_STATUSES).optional(),
          to: z.enum(['approved', 'sent', 'rejected', 'expired']),
          reason: z.string().max(500).optional(),
        })
        .refine((b) => (b.ids !== undefined) !== (b.planId !== undefined && b.from !== undefined), 'give either ids, or planId and from'),
    },
    handler: async (request, reply) => {
      try {
        const { ids, planId, from, to, reason } = request.body;
        const plan = planId !== undefined && from !== undefined ? { planId, status: from } : undefined;
        return await moveFundingCases(app.db, { districtCode, ids, plan, to, reason: reason ?? null }, actorOf(request));
      } catch (error) {
        if (error instanceof FundingCaseMoveError) return reply.code(error.statusCode).send({ error: error.message, refused: error.refused });
        throw error;
      }
    },
  });

  api.get('/api/v1/plans/saved/:id/explain/:nik', {
    schema: {
      tags: ['funding'],
      summary: "Why a person got the programme a saved plan gave them: weight components and every eligible programme with its cost (the person as the current data show them on the plan's date); audited",
      params: z.object({ id: z.coerce.number().int().positive(), nik: z.string() }),
    },
    handler: async (request, reply) => {
      const parsed = parseNik(request.params.nik);
      if (!parsed.ok) return reply.code(400).send({ error: `nik: ${parsed.reason}` });
      const plan = await findPlan(app.db, districtCode, request.params.id);
      if (!plan) return reply.code(404).send({ error: 'no such plan' });
      const actor = actorOf(request);
      await recordAudit(app.db, { districtCode, userId: actor.userId, username: actor.username, action: 'plan.explain', subject: `nik:${parsed.value.nik}`, detail: { plan: plan.id }, ip: actor.ip });
      const { candidates } = await funding.candidates(plan.date);
      const candidate = candidates.find((c) => c.nik === parsed.value.nik);
      if (!candidate) return reply.code(404).send({ error: 'not a candidate on the current data (active, not a resident, or a data correction)' });
      return explainCandidate(candidate, plan.programmes, plan.result as PlanJson);
    },
  });

  api.get('/api/v1/plans/saved/:id/files/:office', {
    schema: {
      tags: ['funding'],
      summary: "The file an office sends for a saved plan's approved and sent cases, as Excel: BPJS (PBPU Pemda registration list) or Dinas Sosial (PBI proposal list); audited",
      params: z.object({ id: z.coerce.number().int().positive(), office: z.enum(OFFICE_FILES) }),
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, districtCode, request.params.id);
      if (!plan) return reply.code(404).send({ error: 'no such plan' });
      const file = await officeFile(app.db, app.district, plan.id, request.params.office);
      const actor = actorOf(request);
      await recordAudit(app.db, {
        districtCode,
        userId: actor.userId,
        username: actor.username,
        action: 'plan.office_file',
        subject: `plan:${plan.id}`,
        detail: { office: request.params.office, people: file.people },
        ip: actor.ip,
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  });

  api.get('/api/v1/programmes', {
    schema: { tags: ['funding'], summary: 'The programmes file saved in the application (the defaults until one is saved), and the defaults' },
    handler: async () => ({ ...(await findProgrammes(app.db, districtCode)), defaults: DEFAULT_PROGRAMMES }),
  });

  api.put('/api/v1/programmes', {
    schema: {
      tags: ['funding'],
      summary: 'Save the programmes file (edited in the page, or imported: `?via=import`); 400 names every malformed field',
      querystring: z.object({ via: z.enum(['edit', 'import']).default('edit') }),
    },
    handler: async (request, reply) => {
      try {
        return await saveProgrammes(app.db, { districtCode, programmes: request.body, via: request.query.via }, actorOf(request));
      } catch (error) {
        return usageErrors(reply, error);
      }
    },
  });

  api.get('/api/v1/programmes/export', {
    schema: { tags: ['funding'], summary: 'The saved programmes file as a JSON download (formats.md)' },
    handler: async (_request, reply) => {
      const { programmes } = await findProgrammes(app.db, districtCode);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="programmes.json"')
        .send(`${JSON.stringify(programmes, null, 2)}\n`);
    },
  });

  api.post('/api/v1/programmes/match-count', {
    schema: {
      tags: ['funding'],
      summary: 'How many candidates each programme of the body (a programmes file) matches, before saving; 400 names every malformed field',
      querystring: dateQuery,
    },
    handler: async (request, reply) => {
      try {
        const programmes = programmesOrThrow(request.body);
        return await funding.matchCounts(programmes, request.query.date ?? funding.today());
      } catch (error) {
        return usageErrors(reply, error);
      }
    },
  });
}
