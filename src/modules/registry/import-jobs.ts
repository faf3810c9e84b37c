/**
 * Imports started from the web run as background jobs, one at a time per process (the embedded
 * database runs one query at a time anyway); the page polls their progress.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AppContext } from '../../app/context.ts';
import type { User } from '../access/index.ts';
import type { GiveWay } from '../../workers/give-way.ts';
import { type ImportCommitListener, type ImportProgress, type ImportResult, importFile } from './import-file.ts';
import type { Source } from './sources.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: ImportProgress;
  message: string | null;
  result: {
    batchId: number;
    source: Source;
    status: ImportResult['status'];
    dataPer: string | null;
    rowsTotal: number;
    rowsValid: number;
    rowsInvalid: number;
    errors: ImportResult['issues'];
    errorsTotal: number;
    errorsTruncated: boolean;
  } | null;
}

export class ImportJobs {
  private readonly jobs = new Map<string, JobView>();
  private queue: Promise<void> = Promise.resolve();

  /**
   * `onCommit` runs in each import's commit (importFile); `onCommitted` after it, for a batch that is
   * now current or history. `giveWay`: the server's counter comes first (workers/give-way.ts).
   */
  constructor(
    private readonly app: AppContext,
    private readonly onCommitted: () => void,
    private readonly onCommit: ImportCommitListener,
    private readonly giveWay?: GiveWay,
  ) {}

  /** Queues the import of an uploaded file; the file is deleted when the job ends. */
  async start(args: { source: Source; filePath: string; fileName: string; skipInvalid: boolean; user: User }): Promise<string> {
    const id = randomUUID();
    const job: JobView = {
      id,
      kind: `import:${args.source}`,
      status: 'queued',
      progress: { bytesRead: 0, totalBytes: 0, rows: 0 },
      message: null,
      result: null,
    };
    this.jobs.set(id, job);
    await this.app.db.query(
      `INSERT INTO job (id, district_code, kind, status, created_by) VALUES ($1, $2, $3, 'queued', $4)`,
      [id, this.app.district.district.code, job.kind, args.user.username],
    );
    // `run` reports its failures on the job; nothing it throws may stop the jobs behind it.
    this.queue = this.queue.then(() => this.run(job, args)).catch(() => undefined);
    return id;
  }

  async get(id: string): Promise<JobView | null> {
    const live = this.jobs.get(id);
    if (live) return live;
    const [row] = await this.app.db.query<JobView & Record<string, unknown>>(
      'SELECT id, kind, status, progress, message, result FROM job WHERE id = $1 AND district_code = $2',
      [id, this.app.district.district.code],
    );
    return row ?? null;
  }

  /** Resolves when every queued job has finished (for tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: JobView, args: Parameters<ImportJobs['start']>[0]): Promise<void> {
    const { db, district } = this.app;
    job.status = 'running';
    try {
      const result = await importFile(db, {
        source: args.source,
        filePath: args.filePath,
        fileName: args.fileName,
        skipInvalid: args.skipInvalid,
        username: args.user.username,
        district,
        audit: { userId: args.user.id, username: args.user.username, detail: { fileName: args.fileName, via: 'web' } },
        onCommit: this.onCommit,
        giveWay: this.giveWay,
        onProgress: (progress) => {
          job.progress = progress;
        },
      });
      job.progress = { ...job.progress, bytesRead: job.progress.totalBytes, rows: result.rowsTotal };
      job.status = result.status === 'rejected' ? 'rejected' : 'succeeded';
      job.result = {
        batchId: result.batchId,
        source: result.source,
        status: result.status,
        dataPer: result.dataPer,
        rowsTotal: result.rowsTotal,
        rowsValid: result.rowsValid,
        rowsInvalid: result.rowsInvalid,
        errors: result.issues,
        errorsTotal: result.issuesTotal,
        errorsTruncated: result.issuesTruncated,
      };
      if (result.status !== 'rejected') this.onCommitted();
    } catch (error) {
      job.status = 'failed';
      job.message = (error as Error).message;
    } finally {
      await rm(args.filePath, { force: true }).catch(() => undefined);
      await db
        .query(`UPDATE job SET status = $2, progress = $3, message = $4, result = $5, finished_at = now() WHERE id = $1`, [
          job.id,
          job.status,
          JSON.stringify(job.progress),
          job.message,
          JSON.stringify(job.result),
        ])
        .catch(() => undefined);
      this.jobs.delete(job.id);
    }
  }
}
