/**
 * The complaints module's service, built once by the composition root: the district, the clock (the
 * real one, or the test clock), the holiday list (a table an admin replaces, cached here), and the
 * escalation timer that `start` begins and `close` stops.
 */
import type { Database } from '../../db/client.ts';
import { DEFAULT_SLA_DAYS, slaRunning, type SlaTable } from '../../domain/quality/complaints.ts';
import { type Holiday, type SlaColour, slaColour } from '../../domain/quality/working-days.ts';
import { loadHolidays, type ComplaintRow } from './complaint-repository.ts';
import { escalateOverdue } from './escalate-overdue.ts';

export type Clock = () => Date;

/** Every minute by default; SMART_JKN_ESCALATION_INTERVAL_MS changes it. */
export const ESCALATION_INTERVAL_MS = 60_000;

/**
 * The clock: real time, moved by SMART_JKN_TEST_CLOCK_OFFSET_MS milliseconds only when NODE_ENV is
 * `test` (so that a test can let an SLA lapse); anywhere else the variable is ignored.
 */
export function configuredClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const offset = env.NODE_ENV === 'test' ? Number(env.SMART_JKN_TEST_CLOCK_OFFSET_MS ?? 0) : 0;
  if (!Number.isFinite(offset)) throw new Error(`SMART_JKN_TEST_CLOCK_OFFSET_MS: not a number of milliseconds: ${env.SMART_JKN_TEST_CLOCK_OFFSET_MS}`);
  return offset === 0 ? () => new Date() : () => new Date(Date.now() + offset);
}

export function configuredEscalationInterval(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SMART_JKN_ESCALATION_INTERVAL_MS?.trim();
  if (!raw) return ESCALATION_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100) throw new Error(`SMART_JKN_ESCALATION_INTERVAL_MS: must be a whole number of milliseconds ≥ 100, got ${raw}`);
  return ms;
}

/** Public requests per client address and minute (@fastify/rate-limit). */
export const PUBLIC_LIMITS = { file: 10, track: 60, write: 20 } as const;
export type PublicLimits = { file: number; track: number; write: number };

export interface ComplaintsOptions {
  /** Tests raise them; the server uses PUBLIC_LIMITS. */
  publicLimits?: PublicLimits;
  clock?: Clock;
  /** Milliseconds between escalation runs; 0 starts no timer (tests run escalateOverdue themselves). */
  escalationIntervalMs?: number;
  sla?: SlaTable;
}

export class ComplaintsService {
  readonly districtCode: string;
  readonly timeZone: string;
  readonly now: Clock;
  readonly sla: SlaTable;
  readonly publicLimits: PublicLimits;
  private holidayList: Holiday[] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly intervalMs: number;

  constructor(
    readonly db: Database,
    district: { districtCode: string; timeZone: string },
    options: ComplaintsOptions = {},
  ) {
    this.districtCode = district.districtCode;
    this.timeZone = district.timeZone;
    this.now = options.clock ?? configuredClock();
    this.sla = options.sla ?? DEFAULT_SLA_DAYS;
    this.publicLimits = options.publicLimits ?? PUBLIC_LIMITS;
    this.intervalMs = options.escalationIntervalMs ?? configuredEscalationInterval();
  }

  async holidays(): Promise<Holiday[]> {
    return (this.holidayList ??= await loadHolidays(this.db));
  }

  /** After an admin replaced the list. */
  holidaysChanged(list: Holiday[]): void {
    this.holidayList = list;
  }

  /** HIJAU / KUNING / MERAH now, or at the answer when the clock has stopped. */
  slaOf(c: Pick<ComplaintRow, 'status' | 'receivedAt' | 'dueAt' | 'answeredAt' | 'resolvedAt' | 'updatedAt'>): SlaColour {
    const at = slaRunning(c.status) ? this.now() : (c.answeredAt ?? c.resolvedAt ?? c.updatedAt);
    return slaColour(c.receivedAt, c.dueAt, at);
  }

  /** One escalation pass now (the timer's work; tests call it). */
  escalate() {
    const run = escalateOverdue(this);
    const tracked: Promise<unknown> = run
      .catch(() => undefined)
      .finally(() => {
        if (this.running === tracked) this.running = null;
      });
    this.running = tracked;
    return run;
  }

  /** Escalates once at once, then on the timer (unref'd: it keeps no process alive). */
  start(): void {
    if (this.timer || this.intervalMs === 0) return;
    const tick = () => {
      if (this.running) return;
      void this.escalate().catch((error) => console.error('complaint escalation failed:', error));
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
