/**
 * Batches written behind the answer (the counter's audit records and cases), written so that none is
 * lost when the database goes away:
 *
 * - batches are written one at a time, in the order they were queued; a failed write is retried with
 *   exponential backoff (capped), never skipped, and never rejects into the caller's lap;
 * - each batch has an id, claimed in `written_batch` in the same transaction as its rows: a batch
 *   retried after a lost answer (the COMMIT went through, its reply did not) or replayed from the
 *   journal is written once;
 * - once a write has failed, every batch not yet written is appended to a journal file (fsync'ed) for
 *   as long as the writes keep failing. The journal is replayed at the next start (`recover`), and
 *   emptied each time everything queued is in the database;
 * - the journal is bounded (`maxBytes`). When it is full, later batches are kept in memory only: they
 *   are still written when the database comes back, but a crash meanwhile loses them. That is said
 *   loudly (the log, `state().journalFull`, and so the health report), never silently.
 *
 * A batch the database refuses for another reason than being away (a bug in the rows) is retried like
 * any other and holds back the ones behind it: order and nothing dropped come first, and the health
 * report's `lastError` says what to fix. Each process needs a journal file of its own.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Sql } from './client.ts';

export interface JournalOptions {
  /** The journal file (its directory is made when first needed). */
  path: string;
  maxBytes: number;
}

export interface DurableQueueOptions<B, R> {
  /** Names the queue in logs and errors, e.g. 'audit'. */
  name: string;
  db: Pick<Database, 'transaction'>;
  /** Writes one batch's rows, inside the transaction that claimed its id. */
  write(tx: Sql, batch: B): Promise<R>;
  /**
   * After the commit: `result` is what `write` returned, or null when the batch had been written
   * before (a retry or a replay). A failure here is logged, not retried: the rows are in.
   */
  after?(batch: B, result: R | null): Promise<void>;
  /** The batch as one line of text (no newline) for the journal, and back. */
  encode(batch: B): string;
  decode(text: string): B;
  journal?: JournalOptions | null;
  /** Retry delays: the first, doubled after each failure up to the cap. */
  backoff?: { firstMs: number; maxMs: number };
  /** See SLOW_WRITE_MS. */
  slowWriteMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface QueueState {
  /** Rows queued and not yet known to be in the database. */
  backlogRows: number;
  /** Whether the last write failed (and the queue is retrying). */
  failing: boolean;
  lastError: string | null;
  journalBytes: number;
  /** The journal reached its bound (or could not be written): newer batches are in memory only. */
  journalFull: boolean;
}

export class FlushTimeoutError extends Error {
  constructor(name: string, rows: number, lastError: string | null) {
    super(
      `${rows} ${name} rows are not yet in the database${lastError ? ` (last error: ${lastError})` : ''}; ` +
        'they are kept and written when it answers again',
    );
    this.name = 'FlushTimeoutError';
  }
}

interface Queued<B> {
  id: string;
  batch: B;
  rows: number;
  journaled: boolean;
  /** Resolves the flushes waiting for this batch. */
  waiters: (() => void)[];
}

/** Batch ids older than this are pruned from `written_batch` (a journal is replayed at the next start). */
const KEEP_IDS_MS = 30 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
/** While writes fail, the log says so again this often. */
const REMIND_MS = 30_000;
const DEFAULT_BACKOFF = { firstMs: 100, maxMs: 2_000 };
/**
 * A write not answered after this long (a connection that hangs rather than fails) counts as failing:
 * what is queued is journaled. The write is still awaited, not started again beside it, to keep the order.
 */
const SLOW_WRITE_MS = 10_000;

/** An id that sorts by time: 15 digits of milliseconds, then a random part. */
const idPrefix = (ms: number) => String(ms).padStart(15, '0');
const newBatchId = () => `${idPrefix(Date.now())}-${randomUUID()}`;

const defaultLog = (level: string, message: string) => process.stderr.write(`smart-jkn ${level}: ${message}\n`);

export class DurableQueue<B, R = void> {
  private readonly queue: Queued<B>[] = [];
  private backlogRows = 0;
  private pumping = false;
  private attempt = 0;
  private failing = false;
  private failingSince = 0;
  private lastError: string | null = null;
  private lastReminder = 0;
  private lastPrune = 0;
  private sleeping: { timer: NodeJS.Timeout; wake(): void } | null = null;
  private closed = false;
  /** Journal operations run one after another, in the order they were asked for. */
  private journalOps: Promise<void> = Promise.resolve();
  private file: FileHandle | null = null;
  private journalBytes = 0;
  private journalFull = false;
  /** Whether the journal may hold something (an append was asked for since it was last emptied). */
  private journalUsed = false;
  private readonly backoff: { firstMs: number; maxMs: number };
  private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;

  constructor(private readonly options: DurableQueueOptions<B, R>) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.log = options.log ?? defaultLog;
  }

  /** Queues a batch of `rows` rows; it is written after every batch queued before it. */
  push(batch: B, rows: number): void {
    if (this.closed) {
      // Only a request still in flight at shutdown: say so rather than throw from a timer.
      this.log('error', `${this.options.name}: ${rows} rows queued after the queue was closed are LOST`);
      return;
    }
    this.queue.push({ id: newBatchId(), batch, rows, journaled: false, waiters: [] });
    this.backlogRows += rows;
    if (this.failing) this.journalPending();
    this.pump();
  }

  /**
   * Resolves when every batch queued so far is in the database. While the database is away it waits,
   * up to `timeoutMs`, then rejects with a FlushTimeoutError; the batches stay queued.
   */
  flush(timeoutMs = 10_000): Promise<void> {
    const last = this.queue.at(-1);
    if (!last) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        last.waiters.splice(last.waiters.indexOf(done), 1);
        reject(new FlushTimeoutError(this.options.name, this.backlogRows, this.lastError));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      last.waiters.push(done);
    });
  }

  state(): QueueState {
    return { backlogRows: this.backlogRows, failing: this.failing, lastError: this.lastError, journalBytes: this.journalBytes, journalFull: this.journalFull };
  }

  /**
   * Reads the journal a previous run left (a crash, or a stop while the database was away) and queues
   * its batches ahead of anything queued since; they are written as soon as the database answers.
   * Returns them (the case opener puts their ids back in its map). A line cut short by a crash is dropped.
   */
  async recover(): Promise<B[]> {
    const journal = this.options.journal;
    if (!journal) return [];
    let text: string;
    try {
      text = await readFile(journal.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const recovered: Queued<B>[] = [];
    let validBytes = 0;
    let at = 0;
    for (let end = text.indexOf('\n'); end !== -1; at = end + 1, end = text.indexOf('\n', at)) {
      try {
        const entry = JSON.parse(text.slice(at, end)) as { id: string; rows: number; batch: string };
        recovered.push({ id: entry.id, rows: entry.rows, batch: this.options.decode(entry.batch), journaled: true, waiters: [] });
        validBytes += Buffer.byteLength(text.slice(at, end + 1));
      } catch {
        break; // a line cut short: nothing after it was written whole either
      }
    }
    // Before everything queued so far, except a batch being written now.
    this.queue.splice(this.pumping && this.queue.length > 0 ? 1 : 0, 0, ...recovered);
    for (const queued of recovered) this.backlogRows += queued.rows;
    await this.enqueueJournalOp(async () => {
      const file = await this.openJournal();
      const { size } = await file.stat();
      if (size !== validBytes) await file.truncate(validBytes); // the cut line must not prefix the next entry
      this.journalBytes = validBytes;
    });
    this.journalUsed = validBytes > 0;
    if (recovered.length > 0) {
      const rows = recovered.reduce((sum, q) => sum + q.rows, 0);
      this.log('warn', `${this.options.name}: replaying ${rows} rows (${recovered.length} batches) from the journal ${journal.path}`);
      this.pump();
    }
    return recovered.map((q) => q.batch);
  }

  /**
   * Waits up to `timeoutMs` for what is queued to be written; what is still waiting then is in the
   * journal (as far as its bound allows) when this resolves. Later pushes are refused.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    try {
      await this.flush(timeoutMs);
    } catch {
      this.journalPending();
    }
    this.closed = true;
    this.wake();
    await this.journalOps;
    const left = this.backlogRows;
    if (left > 0) {
      const kept =
        this.options.journal && !this.journalFull
          ? `kept in the journal ${this.options.journal.path}`
          : 'and NOT all of them are kept: the journal is full or there is none; a restart loses them';
      this.log('error', `${this.options.name}: ${left} rows not written at close, ${kept}`);
    }
    await this.file?.close();
    this.file = null;
  }

  /** Retries at once rather than after the current backoff (e.g. the database is seen back). */
  wake(): void {
    this.sleeping?.wake();
  }

  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void this.run();
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const head = this.queue[0];
      const slowMs = this.options.slowWriteMs ?? SLOW_WRITE_MS;
      const slow = setTimeout(() => {
        this.failed(new Error(`a write has not answered for ${slowMs / 1000} s`));
        this.journalPending();
      }, slowMs);
      slow.unref();
      let failure: { error: unknown } | null = null;
      try {
        await this.writeOne(head);
      } catch (error) {
        failure = { error };
      } finally {
        clearTimeout(slow);
      }
      if (failure) {
        this.failed(failure.error);
        this.journalPending();
        const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.attempt++);
        await this.sleep(delay);
        continue;
      }
      // By identity: a recover() meanwhile puts the journal's batches in front of it.
      this.queue.splice(this.queue.indexOf(head), 1);
      this.backlogRows -= head.rows;
      for (const done of head.waiters) done();
      if (this.failing) {
        this.log('info', `${this.options.name}: the database answers again after ${Math.round((Date.now() - this.failingSince) / 1000)} s; writing the backlog`);
        this.failing = false;
      }
      this.attempt = 0;
      this.lastError = null;
      if (this.queue.length === 0 && this.journalUsed) void this.enqueueJournalOp(() => this.emptyJournal());
    }
    // Here, in the same step as the loop's last check, not a tick later: a batch pushed in between would
    // find the pump still running and wait for the next push.
    this.pumping = false;
  }

  private async writeOne(head: Queued<B>): Promise<void> {
    const { write, after } = this.options;
    const now = Date.now();
    const pruneBefore = now - this.lastPrune > PRUNE_EVERY_MS ? idPrefix(now - KEEP_IDS_MS) : null;
    const outcome = await this.options.db.transaction(async (tx) => {
      const claimed = await tx.query('INSERT INTO written_batch (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id', [head.id]);
      if (claimed.length === 0) return { result: null };
      if (pruneBefore !== null) await tx.query('DELETE FROM written_batch WHERE id < $1', [pruneBefore]);
      return { result: await write(tx, head.batch) };
    });
    if (pruneBefore !== null) this.lastPrune = now;
    if (after) {
      await after(head.batch, outcome.result).catch((error: unknown) =>
        this.log('warn', `${this.options.name}: written, but the step after it failed: ${(error as Error).message}`),
      );
    }
  }

  private failed(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    const now = Date.now();
    if (!this.failing) {
      this.failing = true;
      this.failingSince = now;
      this.lastReminder = now;
      this.log('error', `${this.options.name}: a write failed (${this.lastError}); retrying, nothing is dropped`);
    } else if (now - this.lastReminder >= REMIND_MS) {
      this.lastReminder = now;
      this.log('error', `${this.options.name}: writes still failing for ${Math.round((now - this.failingSince) / 1000)} s, ${this.backlogRows} rows waiting (${this.lastError})`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      // The journal holds what is waiting: a retry alone does not keep the process alive.
      timer.unref();
      this.sleeping = { timer, wake };
    });
  }

  /** Appends every queued batch not yet in the journal (in queue order), then fsyncs. */
  private journalPending(): void {
    if (!this.options.journal) return;
    this.journalUsed = true;
    void this.enqueueJournalOp(async () => {
      if (this.journalFull) return;
      const lines: string[] = [];
      let bytes = 0;
      const taken: Queued<B>[] = [];
      for (const queued of this.queue) {
        if (queued.journaled) continue;
        const line = `${JSON.stringify({ id: queued.id, rows: queued.rows, batch: this.options.encode(queued.batch) })}\n`;
        const size = Buffer.byteLength(line);
        if (this.journalBytes + bytes + size > this.options.journal!.maxBytes) {
          this.journalFull = true;
          this.log(
            'error',
            `${this.options.name}: the journal ${this.options.journal!.path} is full (${this.journalBytes + bytes} of ${this.options.journal!.maxBytes} bytes); ` +
              'newer rows are kept in memory only until the database answers, and a crash before then loses them',
          );
          break;
        }
        lines.push(line);
        bytes += size;
        taken.push(queued);
      }
      if (lines.length === 0) return;
      const file = await this.openJournal();
      await file.appendFile(lines.join(''));
      await file.sync();
      this.journalBytes += bytes;
      for (const queued of taken) queued.journaled = true;
    });
  }

  /** Empties the journal once everything in it is in the database. */
  private async emptyJournal(): Promise<void> {
    if (this.queue.some((q) => q.journaled) || !this.file) return;
    await this.file.truncate(0);
    await this.file.sync();
    this.journalBytes = 0;
    this.journalUsed = false;
    if (this.journalFull) this.log('info', `${this.options.name}: the journal is empty again`);
    this.journalFull = false;
  }

  private async openJournal(): Promise<FileHandle> {
    if (this.file) return this.file;
    const file = this.options.journal!.path;
    await mkdir(path.dirname(file), { recursive: true });
    this.file = await open(file, 'a+');
    this.journalBytes = (await stat(file)).size;
    return this.file;
  }

  /** Runs `op` after the journal operations before it; a failure is logged and counts as a full journal. */
  private enqueueJournalOp(op: () => Promise<void>): Promise<void> {
    this.journalOps = this.journalOps.then(op).catch((error: unknown) => {
      this.journalFull = true;
      this.log('error', `${this.options.name}: the journal ${this.options.journal?.path} cannot be written: ${(error as Error).message}`);
    });
    return this.journalOps;
  }
}
