/**
 * The composition root: every service of the application, built once, here, for `serve`, the command
 * line and the tests. Modules get what they use from here and build none of each other's services;
 * buildServer (src/http/server.ts) only puts routes on what it is given.
 *
 * Building is cheap and starts nothing; `start` begins the background work (the counter's mirror and
 * open cases), and `close` ends it and writes what is buffered. The database is the caller's
 * (`openApp`), closed after `close`.
 */
import type { SessionLookup } from '../http/auth.ts';
import { RefreshingCache } from '../http/refreshing-cache.ts';
import { AuditBuffer, tokenHash, userForSessionHash } from '../modules/access/index.ts';
import { CaseOpener } from '../modules/cases/index.ts';
import { CoverageService } from '../modules/coverage/index.ts';
import { type BpjsConfig, type EligibilityOptions, EligibilityService, readBpjsConfig } from '../modules/eligibility/index.ts';
import { ApiKeyGuard } from '../modules/fhir/index.ts';
import { FacilityImportQueue, ImportJobs } from '../modules/registry/index.ts';
import { ScorecardService } from '../modules/quality/index.ts';
import type { AppContext } from './context.ts';

export interface Services {
  app: AppContext;
  coverage: CoverageService;
  /** The counter's buffered audit records (the one documented exception to "audit in the change's transaction"). */
  audit: AuditBuffer;
  cases: CaseOpener;
  eligibility: EligibilityService;
  jobs: ImportJobs;
  /** Sessions by token, read from the database at most every half minute, then in the background. */
  sessions: SessionLookup;
  apiKeys: ApiKeyGuard;
  /** Facility scorecards (issue 15). */
  scorecards: ScorecardService;
  /** The faskes and kunjungan uploads, one at a time. */
  facilityImports: FacilityImportQueue;
  start(): Promise<void>;
  /** Waits for the import under way, stops the background work and writes what is buffered. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  /** Live BPJS for the counter check; read from the environment when not given (null: the mirror alone). */
  bpjs?: BpjsConfig | null;
  eligibility?: Omit<EligibilityOptions, 'cases' | 'audit' | 'bpjs'>;
}

export function compose(app: AppContext, options: ComposeOptions = {}): Services {
  const districtCode = app.district.district.code;
  const coverage = new CoverageService(app.db, app.district);
  const audit = new AuditBuffer(app.db);
  const cases = new CaseOpener(app.db, districtCode);
  const bpjs = options.bpjs === undefined ? readBpjsConfig() : options.bpjs;
  const eligibility = new EligibilityService(app, { ...options.eligibility, bpjs, cases, audit });
  // After an import this process committed: the dashboard's figures and the counter's mirror follow it.
  const jobs = new ImportJobs(app, () => {
    coverage.invalidate();
    void eligibility.refresh().catch(() => undefined);
  });
  // A logout, and a session an admin ends, are forgotten at once; a session ended elsewhere (expired, user
  // removed) is refused within a minute. Keyed by the token's hash, as the database keeps it.
  const sessionCache = new RefreshingCache((hash) => userForSessionHash(app.db, hash), { freshMs: 30_000, staleMs: 30_000, maxKeys: 10_000 });
  const sessions: SessionLookup = {
    get: (token) => sessionCache.get(tokenHash(token)),
    forget: (token) => sessionCache.forget(tokenHash(token)),
    forgetHash: (hash) => sessionCache.forget(hash),
  };
  const apiKeys = new ApiKeyGuard(app.db, districtCode);
  const scorecards = new ScorecardService(app.db, app.district);
  const facilityImports = new FacilityImportQueue();
  let started: Promise<void> | null = null;
  return {
    app,
    coverage,
    audit,
    cases,
    eligibility,
    jobs,
    sessions,
    apiKeys,
    scorecards,
    facilityImports,
    start: () => (started ??= eligibility.start()),
    async close() {
      await jobs.idle();
      await facilityImports.idle();
      await eligibility.close();
      await Promise.all([cases.flush(), audit.flush()]);
    },
  };
}
