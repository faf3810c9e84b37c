/**
 * Audit records for the hot path (every counter check), written in batches with one COPY every
 * quarter second, so the audit write never limits how many checks a server answers. The batches go
 * through a DurableQueue: retried in order while the database is away, journaled to disk meanwhile,
 * never dropped. This is the one documented exception to "the audit record in the change's transaction".
 */
import type { Database } from '../../db/client.ts';
import { CopyText } from '../../db/copy-text.ts';
import { DurableQueue, type JournalOptions, type QueueState } from '../../db/durable-queue.ts';
import type { AuditEntry } from './audit.ts';

const FLUSH_MS = 250;
const COLUMNS = ['district_code', 'at', 'user_id', 'username', 'action', 'subject', 'detail', 'ip'];

export interface BufferOptions {
  journal?: JournalOptions | null;
  backoff?: { firstMs: number; maxMs: number };
}

export class AuditBuffer {
  /** The buffered rows as bytes, not strings: see CopyText. */
  private readonly rows = new CopyText(64 * 1024);
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly queue: DurableQueue<Uint8Array>;

  constructor(db: Pick<Database, 'transaction'>, options: BufferOptions = {}) {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    this.queue = new DurableQueue({
      name: 'audit',
      db,
      // A copy: on the embedded database the bytes are moved to its thread, and a retry needs them again.
      write: (tx, csv) => tx.copyCsv('audit_event', COLUMNS, csv.slice()),
      encode: (csv) => decoder.decode(csv),
      decode: (text) => encoder.encode(text),
      journal: options.journal,
      backoff: options.backoff,
    });
  }

  add(entry: AuditEntry): void {
    // Written as bytes: at the counter's rate, the line and its quoting as strings were a tenth of what
    // each check left for the young-generation collector.
    this.rows.csvLine([
      entry.districtCode,
      new Date().toISOString(),
      entry.userId === undefined || entry.userId === null ? null : String(entry.userId),
      entry.username ?? null,
      entry.action,
      entry.subject ?? null,
      JSON.stringify(entry.detail ?? {}),
      entry.ip ?? null,
    ]);
    this.count++;
    this.timer ??= setTimeout(() => this.queueBuffered(), FLUSH_MS);
  }

  /** Resolves when what is buffered is in the database; see DurableQueue.flush for `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void> {
    this.queueBuffered();
    return this.queue.flush(timeoutMs);
  }

  /** Replays the journal a previous run left. */
  async recover(): Promise<void> {
    await this.queue.recover();
  }

  state(): QueueState {
    const state = this.queue.state();
    return { ...state, backlogRows: state.backlogRows + this.count };
  }

  /** Writes what is buffered, or journals it when the database does not answer within `timeoutMs`. */
  async close(timeoutMs?: number): Promise<void> {
    this.queueBuffered();
    await this.queue.close(timeoutMs);
  }

  private queueBuffered(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.count === 0) return;
    this.queue.push(this.rows.take(), this.count);
    this.count = 0;
  }
}
