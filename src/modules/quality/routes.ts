/**
 * HTTP: facility scorecards (the contract JSON, the page's view, the trend, office files, the monthly
 * evaluation PDF) and the non-specialist diagnoses. A faskes user gets only its own facility's CARD
 * (scope `facility` in the role matrix); every other role that may see them gets the district's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { actorOf, currentUser } from '../access/index.ts';
import { loadDiagnoses } from './diagnosis-repository.ts';
import { evaluationReport, exportScorecards } from './export.ts';
import { replaceNonSpecialistDiagnoses } from './replace-diagnoses.ts';
import type { ScorecardService } from './scorecard-service.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');
const monthQuery = z.object({ month: month.optional() });

/** The facility a faskes user is narrowed to: its own (none = a code no facility has). */
function ownFacility(request: FastifyRequest): string | undefined {
  const user = currentUser(request);
  return user.role === 'faskes' ? (user.facilityCode ?? '\u0000none') : undefined;
}

const diagnosis = z.object({
  number: z.number().int().positive(),
  name: z.string().min(1),
  codes: z.array(z.string()).min(1),
  nameSource: z.enum(['S', 'I']).default('I'),
  codeSource: z.enum(['S', 'I']).default('I'),
  note: z.string().optional(),
});

export function qualityRoutes(server: FastifyInstance, app: AppContext, scorecards: ScorecardService) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;
  const files = { districtName: app.district.district.name, timeZone: app.district.timeZone };

  api.get('/api/v1/scorecards', {
    schema: { tags: ['scorecards'], summary: 'Facility scorecards of a month, exactly as formats.md defines the JSON', querystring: monthQuery },
    handler: async (request) => scorecards.report(request.query.month ?? (await scorecards.latestMonth()), ownFacility(request)),
  });

  api.get('/api/v1/scorecards/view', {
    schema: { tags: ['scorecards'], summary: 'Scorecards with KBK projection, rank, kecamatan and last month, for the pages', querystring: monthQuery },
    handler: async (request) => scorecards.view(request.query.month ?? (await scorecards.latestMonth()), ownFacility(request)),
  });

  api.get('/api/v1/scorecards/trend', {
    schema: {
      tags: ['scorecards'],
      summary: 'A trend per month: each facility’s indicators and KBK score, and the share of referrals leaving the district',
      querystring: monthQuery.extend({ months: z.coerce.number().int().min(1).max(24).default(6) }),
    },
    handler: async (request) => ({
      points: await scorecards.trend(request.query.month ?? (await scorecards.latestMonth()), request.query.months, ownFacility(request)),
    }),
  });

  api.get('/api/v1/scorecards/export', {
    schema: { tags: ['scorecards'], summary: 'Scorecards as CSV, Excel or PDF', querystring: monthQuery.extend({ format: z.enum(['csv', 'xlsx', 'pdf']) }) },
    handler: async (request, reply) => {
      const m = request.query.month ?? (await scorecards.latestMonth());
      const only = ownFacility(request);
      const file = await exportScorecards(await scorecards.report(m, only), await scorecards.view(m, only), request.query.format, files);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
    },
  });

  api.get('/api/v1/scorecards/evaluation', {
    schema: { tags: ['scorecards'], summary: 'The monthly evaluation report (PDF, Indonesian) for the Bupati’s meeting', querystring: monthQuery },
    handler: async (request, reply) => {
      const m = request.query.month ?? (await scorecards.latestMonth());
      const view = await scorecards.view(m);
      const file = await evaluationReport(view, await scorecards.overdueComplaints(new Date()), {
        ...files,
        facilityNames: new Map(view.rows.map((r) => [r.kode, r.nama])),
      });
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
    },
  });

  api.get('/api/v1/reference/non-specialist-diagnoses', {
    schema: { tags: ['reference'], summary: 'The non-specialist diagnoses used for RRNS (built-in until an admin replaces them)' },
    handler: async () => loadDiagnoses(app.db, districtCode),
  });

  api.put('/api/v1/reference/non-specialist-diagnoses', {
    schema: { tags: ['reference'], summary: 'Replace the list of non-specialist diagnoses (checked; audited)', body: z.object({ items: z.array(diagnosis) }) },
    handler: async (request, reply) => {
      try {
        return await replaceNonSpecialistDiagnoses(app.db, districtCode, request.body.items, actorOf(request));
      } catch (error) {
        if (error instanceof Error && 'problems' in error) return reply.code(400).send({ error: error.message, problems: (error as { problems: string[] }).problems });
        throw error;
      }
    },
  });
}
