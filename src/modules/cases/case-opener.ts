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
import type { Database } from '../../db/client.ts';
import type { CaseToOpen } from '../../domain/eligibility.ts';

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
  private writing: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly districtCode: string,
  ) {}

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
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    return id;
  }

  /** A case left the worklist (done or rejected): the next check on that route opens a new one. */
  closed(nik: string, route: string, id: string): void {
    const key = keyOf(nik, route);
    if (this.openIds.get(key) === id) this.openIds.delete(key);
  }

  /** Writes the cases opened so far; resolves when they are in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => (batch.length > 0 ? this.write(batch) : undefined));
    return this.writing;
  }

  private async write(batch: PendingCase[]): Promise<void> {
    const column = <T>(pick: (c: PendingCase) => T) => batch.map(pick);
    const written = await this.db.transaction(async (tx) => {
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
    });
    const lost = batch.filter((c) => !written.has(c.id));
    if (lost.length > 0) await this.adoptWinners(lost);
  }

  /** Another process opened the same cases first: point the map at its ids. */
  private async adoptWinners(lost: PendingCase[]): Promise<void> {
    const rows = await this.db.query<{ id: string; nik: string; route: string }>(
      `SELECT id, nik, route FROM membership_case WHERE district_code = $1 AND nik = ANY($2::text[]) AND ${OPEN}`,
      [this.districtCode, lost.map((c) => c.nik)],
    );
    for (const row of rows) this.openIds.set(keyOf(row.nik, row.route), row.id);
  }
}
