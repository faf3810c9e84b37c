/** HTTP: upload an import file (streamed to disk, then a background job), job progress, history. */
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { currentUser } from '../access/index.ts';
import { listBatches, listIssues } from './batch-repository.ts';
import type { ImportJobs } from './import-jobs.ts';
import { SOURCES } from './sources.ts';
import { describeIssue } from '../../domain/row-issues.ts';

/** Rejected rows are worded in the interface's language (Bahasa Indonesia unless asked otherwise). */
const languageQuery = z.object({ lang: z.enum(['id', 'en']).default('id') });

export function registryRoutes(server: FastifyInstance, app: AppContext, jobs: ImportJobs) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  api.post('/api/v1/imports/:source', {
    schema: {
      tags: ['imports'],
      summary: 'Upload a penduduk, peserta or dtsen CSV file (multipart field "file"); returns a background job',
      params: z.object({ source: z.enum(SOURCES) }),
      querystring: z.object({ skipInvalid: z.enum(['true', 'false']).default('false') }),
    },
    handler: async (request, reply) => {
      const file = await request.file();
      if (!file) return reply.code(400).send({ error: 'multipart field "file" is missing' });
      const dir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-upload-'));
      const filePath = path.join(dir, 'upload.csv');
      await pipeline(file.file, createWriteStream(filePath));
      if (file.file.truncated) return reply.code(413).send({ error: 'file is larger than the upload limit' });
      const jobId = await jobs.start({
        source: request.params.source,
        filePath,
        fileName: file.filename || `${request.params.source}.csv`,
        skipInvalid: request.query.skipInvalid === 'true',
        user: currentUser(request),
      });
      return reply.code(202).send({ jobId });
    },
  });

  api.get('/api/v1/jobs/:id', {
    schema: {
      tags: ['imports'],
      summary: 'Status and progress of a background job',
      params: z.object({ id: z.string().uuid() }),
      querystring: languageQuery,
    },
    handler: async (request, reply) => {
      const job = await jobs.get(request.params.id);
      if (!job) return reply.code(404).send({ error: 'no such job' });
      if (!job.result) return job;
      const errors = job.result.errors.map(({ line, column, ...issue }) => ({
        line,
        column,
        reason: describeIssue(issue, request.query.lang),
      }));
      return { ...job, result: { ...job.result, errors } };
    },
  });

  api.get('/api/v1/imports', {
    schema: { tags: ['imports'], summary: 'Import history, newest first' },
    handler: async () => ({ items: await listBatches(app.db, districtCode) }),
  });

  api.get('/api/v1/imports/:id/issues', {
    schema: {
      tags: ['imports'],
      summary: 'Every rejected row of an import (line, column, reason), paged',
      params: z.object({ id: z.coerce.number().int().positive() }),
      querystring: languageQuery.extend({
        offset: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(10_000).default(1000),
      }),
    },
    handler: async (request) => {
      const { offset, limit, lang } = request.query;
      const rows = await listIssues(app.db, districtCode, request.params.id, offset, limit);
      return { items: rows.map((row) => ({ line: row.line, column: row.column, reason: describeIssue(row, lang) })) };
    },
  });
}
