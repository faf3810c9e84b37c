/**
 * Opens cases from counter checks without making the desk wait for the database. The case id is decided
 * at once — one open case per person and route, from an in-memory map of open cases — and the rows are
 * written in one transaction a moment later. On the embedded database an import can hold the only
 * connection for seconds; the answer at the desk must not wait for that.
 *
 * Across processes (several app servers on one PostgreSQL) the unique index on open cases decides: a row
 * that loses the race is not written and the map takes the winner's id.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '../../db/client.ts';
import { DurableQueue, type QueueState } from '../../db/durable-queue.ts';
import type { CaseToOpen } from '../../domain/eligibility.ts';
import type { BufferOptions } from '../access/audit-buffer.ts';

const FLUSH_MS = 100;
const OPEN = `status IN ('open', 'in_progress')`;

interface PendingCase {
  id: string;
  nik: string;
  decision: CaseToOpen;
  username: string | null;
  facilityCode: string | null;
}

const keyOf = (nik: string, route: string) => `${nik}:${route}`;

export class CaseOpener {
  private readonly openIds = new Map<string, string>();
  private pending: PendingCase[] = [];
  private timer: NodeJS.Timeout | null = null;
  private loaded: Promise<void> | null = null;
  /** Written in order, retried and journaled while the database is away (DurableQueue). */
  private readonly queue: DurableQueue<PendingCase[], Set<string>>;

  constructor(
    private readonly db: Database,
    private readonly districtCode: string,
    options: BufferOptions = {},
  ) {
    this.queue = new DurableQueue({
      name: 'cases',
      db,
      write: (tx, batch) => this.write(tx, batch),
      after: (batch, written) => this.adoptWinners(written === null ? batch : batch.filter((c) => !written.has(c.id))),
      encode: (batch) => JSON.stringify(batch),
      decode: (text) =>
        (JSON.parse(text) as PendingCase[]).map((c) => ({
          ...c,
          decision: { ...c.decision, openedAt: new Date(c.decision.openedAt), dueAt: new Date(c.decision.dueAt) },
        })),
      journal: options.journal,
      backoff: options.backoff,
    });
  }

  /**
   * Replays the journal a previous run left; its cases count as open (they are written before any
   * case opened from now on), so a check meanwhile gets the same id.
   */
  async recover(): Promise<void> {
    for (const batch of await this.queue.recover()) for (const c of batch) this.openIds.set(keyOf(c.nik, c.decision.route), c.id);
  }

  /** Reads the open cases once; checks before it finishes still get one case each (the index decides). */
  load(): Promise<void> {
    this.loaded ??= this.db
      .query<{ id: string; nik: string; route: string }>(
        `SELECT id, nik, route FROM membership_case WHERE district_code = $1 AND ${OPEN}`,
        [this.districtCode],
      )
      .then((rows) => {
        for (const row of rows) {
          const key = keyOf(row.nik, row.route);
          if (!this.openIds.has(key)) this.openIds.set(key, row.id);
        }
      });
    return this.loaded;
  }

  /** The id of the person's open case on this route, opening it when there is none. */
  open(args: { nik: string; decision: CaseToOpen; username: string | null; facilityCode: string | null }): string {
    const key = keyOf(args.nik, args.decision.route);
    const existing = this.openIds.get(key);
    if (existing) return existing;
    const id = randomUUID();
    this.openIds.set(key, id);
    this.pending.push({ id, ...args });
    this.timer ??= setTimeout(() => this.queuePending(), FLUSH_MS);
    return id;
  }

  /** A case left the worklist (done or rejected): the next check on that route opens a new one. */
  closed(nik: string, route: string, id: string): void {
    const key = keyOf(nik, route);
    if (this.openIds.get(key) === id) this.openIds.delete(key);
  }

  /** Resolves when the cases opened so far are in the database; see DurableQueue.flush for `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void> {
    this.queuePending();
    return this.queue.flush(timeoutMs);
  }

  state(): QueueState {
    const state = this.queue.state();
    return { ...state, backlogRows: state.backlogRows + this.pending.length };
  }

  /** Writes what is pending, or journals it when the database does not answer within `timeoutMs`. */
  async close(timeoutMs?: number): Promise<void> {
    this.queuePending();
    await this.queue.close(timeoutMs);
  }

  private queuePending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    this.queue.push(this.pending, this.pending.length);
    this.pending = [];
  }

  /** The ids of the cases written (the others lost to a case another process opened first). */
  private async write(tx: Sql, batch: PendingCase[]): Promise<Set<string>> {
    const column = <T>(pick: (c: PendingCase) => T) => batch.map(pick);
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO membership_case (district_code, id, nik, route, owner_office, status, basis, opened_at, due_at, opened_by, facility_code, updated_at)
       SELECT $1, id, nik, route, office, 'open', basis, opened, due, who, facility, opened
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])
         AS c(id, nik, route, office, basis, opened, due, who, facility)
       ON CONFLICT (district_code, nik, route) WHERE ${OPEN} DO NOTHING
       RETURNING id`,
      [
        this.districtCode,
        column((c) => c.id),
        column((c) => c.nik),
        column((c) => c.decision.route),
        column((c) => c.decision.ownerOffice),
        column((c) => c.decision.basis),
        column((c) => c.decision.openedAt.toISOString()),
        column((c) => c.decision.dueAt.toISOString()),
        column((c) => c.username),
        column((c) => c.facilityCode),
      ],
    );
    const ids = new Set(rows.map((r) => r.id));
    const opened = batch.filter((c) => ids.has(c.id));
    if (opened.length > 0) {
      await tx.query(
        `INSERT INTO case_event (district_code, case_id, at, username, from_status, to_status, note)
         SELECT $1, id, at, who, NULL, 'open', note FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[]) AS e(id, at, who, note)`,
        [
          this.districtCode,
          opened.map((c) => c.id),
          opened.map((c) => c.decision.openedAt.toISOString()),
          opened.map((c) => c.username),
          opened.map((c) => (c.facilityCode ? `counter check at ${c.facilityCode}` : 'counter check')),
        ],
      );
    }
    return ids;
  }

  /** Another process opened the same cases first (or, on a replay, maybe this one): point the map at the ids written. */
  private async adoptWinners(lost: PendingCase[]): Promise<void> {
    if (lost.length === 0) return;
    const rows = await this.db.query<{ id: string; nik: string; route: string }>(
      `SELECT id, nik, route FROM membership_case WHERE district_code = $1 AND nik = ANY($2::text[]) AND ${OPEN}`,
      [this.districtCode, lost.map((c) => c.nik)],
    );
    for (const row of rows) this.openIds.set(keyOf(row.nik, row.route), row.id);
  }
}
