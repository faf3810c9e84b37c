/**
 * `GET /api/health`: whether the database answers and what the counter's buffered writers still hold.
 * `degraded` while the database is away, a writer's last write failed, or a journal is full; the
 * counter keeps answering from its mirror meanwhile. The probe is bounded and read at most once a second,
 * so the route stays as cheap as it was (the benches use it as the bare route).
 */
import type { AppContext } from '../app/context.ts';
import type { EligibilityService } from '../modules/eligibility/eligibility-service.ts';

const PROBE_TIMEOUT_MS = 1_000;
const PROBE_EVERY_MS = 1_000;

export function healthReport(app: AppContext, eligibility: Pick<EligibilityService, 'writers'>) {
  let probed: { at: number; up: Promise<boolean> } | null = null;
  const databaseUp = () => {
    const now = Date.now();
    if (!probed || now - probed.at >= PROBE_EVERY_MS) probed = { at: now, up: app.db.probe(PROBE_TIMEOUT_MS) };
    return probed.up;
  };
  return async () => {
    const up = await databaseUp();
    const { audit, cases } = eligibility.writers();
    const journalFull = audit.journalFull || cases.journalFull;
    const degraded = !up || audit.failing || cases.failing || journalFull;
    return {
      status: degraded ? 'degraded' : 'ok',
      district: app.district.district.code,
      timeZone: app.district.timeZone,
      backend: app.db.kind,
      database: up ? 'up' : 'down',
      auditBacklog: audit.backlogRows,
      caseBacklog: cases.backlogRows,
      journalBytes: audit.journalBytes + cases.journalBytes,
      journalFull,
      lastError: audit.lastError ?? cases.lastError,
    };
  };
}
