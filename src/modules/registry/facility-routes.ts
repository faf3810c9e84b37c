/**
 * HTTP: upload a `faskes` or `kunjungan` file (multipart field "file"). Answered as the other imports
 * are: 202 with a job id that GET /api/v1/jobs/:id follows (the job row is read from the `job` table).
 * Static routes, so Fastify takes them before POST /api/v1/imports/:source.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from '../access/index.ts';
import { FACILITY_SOURCES, type FacilitySource } from './facility-sources.ts';
import { importFacilityFile } from './import-facility-file.ts';

/** Runs one facility import at a time per process; `idle` resolves when the queue is empty (tests). */
export class FacilityImportQueue {
  private queue: Promise<void> = Promise.resolve();
  idle(): Promise<void> {
    return this.queue;
  }
  run(work: () => Promise<void>): void {
    this.queue = this.queue.then(work, work);
  }
}

export function facilityImportRoutes(server: FastifyInstance, app: AppContext, queue: FacilityImportQueue, onCommitted: () => void = () => undefined) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;
  for (const source of FACILITY_SOURCES) {
    api.post(`/api/v1/imports/${source}`, {
      schema: {
        tags: ['imports'],
        summary: `Upload a ${source} CSV file (multipart field "file"); returns a background job`,
        querystring: z.object({ skipInvalid: z.enum(['true', 'false']).default('false') }),
      },
      handler: async (request, reply) => {
        const file = await request.file();
        if (!file) return reply.code(400).send({ error: 'multipart field "file" is missing' });
        const dir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-upload-'));
        const filePath = path.join(dir, 'upload.csv');
        await pipeline(file.file, createWriteStream(filePath));
        if (file.file.truncated) return reply.code(413).send({ error: 'file is larger than the upload limit' });
        const actor = actorOf(request);
        const id = randomUUID();
        const kind = `import:${source}`;
        await app.db.query(`INSERT INTO job (id, district_code, kind, status, created_by) VALUES ($1, $2, $3, 'queued', $4)`, [id, districtCode, kind, actor.username]);
        const fileName = file.filename || `${source}.csv`;
        queue.run(() => runJob(app, id, source as FacilitySource, { filePath, fileName, skipInvalid: request.query.skipInvalid === 'true', actor }, onCommitted));
        return reply.code(202).send({ jobId: id });
      },
    });
  }
}

async function runJob(
  app: AppContext,
  id: string,
  source: FacilitySource,
  args: { filePath: string; fileName: string; skipInvalid: boolean; actor: ReturnType<typeof actorOf> },
  onCommitted: () => void,
): Promise<void> {
  await app.db.query(`UPDATE job SET status = 'running' WHERE id = $1`, [id]);
  let status = 'failed';
  let message: string | null = null;
  let result: unknown = null;
  let progress = { bytesRead: 0, totalBytes: 0, rows: 0 };
  try {
    const r = await importFacilityFile(app.db, {
      source,
      filePath: args.filePath,
      fileName: args.fileName,
      skipInvalid: args.skipInvalid,
      district: app.district,
      actor: args.actor,
      auditDetail: { fileName: args.fileName },
    });
    status = r.status === 'rejected' ? 'rejected' : 'succeeded';
    progress = { bytesRead: 0, totalBytes: 0, rows: r.rowsTotal };
    result = {
      batchId: r.batchId,
      source: r.source,
      status: r.status,
      dataPer: null,
      rowsTotal: r.rowsTotal,
      rowsValid: r.rowsValid,
      rowsInvalid: r.rowsInvalid,
      errors: r.issues,
      errorsTotal: r.issuesTotal,
      errorsTruncated: r.issuesTruncated,
    };
    if (r.status !== 'rejected') onCommitted();
  } catch (error) {
    message = (error as Error).message;
  } finally {
    await rm(path.dirname(args.filePath), { recursive: true, force: true });
    await app.db
      .query(`UPDATE job SET status = $2, progress = $3, message = $4, result = $5, finished_at = now() WHERE id = $1`, [
        id,
        status,
        JSON.stringify(progress),
        message,
        JSON.stringify(result),
      ])
      .catch(() => undefined);
  }
}
