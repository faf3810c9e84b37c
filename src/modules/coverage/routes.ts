/** HTTP: coverage figures, trend, data-quality findings (person lists audited) and office exports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { currentUser, recordAudit } from '../access/index.ts';
import type { CoverageService } from './coverage-service.ts';
import { exportCoverage } from './export.ts';
import { FINDING_KINDS, listFindingPersons } from './findings-repository.ts';

const levelQuery = z.object({
  level: z.enum(['kabupaten', 'kecamatan', 'desa']).default('kecamatan'),
  parent: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}$/, 'a kecamatan code like 52.03.01')
    .optional(),
});

export function coverageRoutes(server: FastifyInstance, app: AppContext, coverage: CoverageService) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  api.get('/api/v1/coverage', {
    schema: {
      tags: ['coverage'],
      summary: 'Coverage and active rate for the district and each kecamatan or desa, with the UHC Award category',
      querystring: levelQuery,
    },
    handler: async (request, reply) =>
      reply.type('application/json; charset=utf-8').send(await coverage.reportAsJson(request.query.level, request.query.parent)),
  });

  api.get('/api/v1/coverage/trend', {
    schema: { tags: ['coverage'], summary: 'District figures for every imported membership extract, oldest first' },
    handler: async () => ({ points: await coverage.trend() }),
  });

  api.get('/api/v1/coverage/findings', {
    schema: { tags: ['coverage'], summary: 'Data-quality finding counts of the current snapshot' },
    handler: async () => {
      const { asOf, counts } = await coverage.findings();
      return { asOf, counts };
    },
  });

  api.get('/api/v1/coverage/findings/:kind', {
    schema: {
      tags: ['coverage'],
      summary: 'The people behind a finding (NIK masked); every read is written to the audit log',
      params: z.object({ kind: z.enum(FINDING_KINDS) }),
      querystring: z.object({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    handler: async (request) => {
      const { snapshot } = await coverage.findings();
      if (!snapshot) return { total: 0, items: [] };
      const { page, pageSize } = request.query;
      const result = await listFindingPersons(app.db, snapshot, request.params.kind, page, pageSize);
      const user = currentUser(request);
      await recordAudit(app.db, {
        districtCode,
        userId: user.id,
        username: user.username,
        action: 'person.read',
        subject: `findings:${request.params.kind}`,
        detail: { page, pageSize, persons: result.items.length, asOf: snapshot.asOf },
        ip: request.ip,
      });
      const desaName = (code: string | null) => (code ? (app.district.byCode.get(code)?.name ?? null) : null);
      return { total: result.total, items: result.items.map((item) => ({ ...item, desaName: desaName(item.desaCode) })) };
    },
  });

  api.get('/api/v1/coverage/export', {
    schema: {
      tags: ['coverage'],
      summary: 'The coverage report as CSV, Excel or PDF',
      querystring: levelQuery.extend({
        format: z.enum(['csv', 'xlsx', 'pdf']),
        lang: z.enum(['id', 'en']).default('id'),
      }),
    },
    handler: async (request, reply) => {
      const { level, parent, format, lang } = request.query;
      const report = await coverage.report(level, parent);
      const file = await exportCoverage(report, format, { districtName: app.district.district.name, timeZone: app.district.timeZone, language: lang });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  });
}
