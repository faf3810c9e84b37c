/**
 * The composition root: every service of the application, built once, here, for `serve`, the command
 * line and the tests. Modules get what they use from here and build none of each other's services;
 * buildServer (src/http/server.ts) only puts routes on what it is given.
 *
 * Building is cheap and starts nothing; `start` begins the background work (the counter's mirror and
 * open cases), and `close` ends it and writes what is buffered. The database is the caller's
 * (`openApp`), closed after `close`.
 */
import path from 'node:path';
import { sessionGraceMs } from '../config.ts';
import type { SessionLookup } from '../http/auth.ts';
import { RefreshingCache } from '../http/refreshing-cache.ts';
import { AuditBuffer, tokenHash, userForSessionHash } from '../modules/access/index.ts';
import { CaseOpener } from '../modules/cases/index.ts';
import { type ComplaintsOptions, ComplaintsService } from '../modules/complaints/index.ts';
import { CoverageService, snapshotOnImport } from '../modules/coverage/index.ts';
import { type BpjsConfig, type EligibilityOptions, EligibilityService, readBpjsConfig } from '../modules/eligibility/index.ts';
import { ApiKeyGuard } from '../modules/fhir/index.ts';
import { confirmActivations, FundingService } from '../modules/funding/index.ts';
import { ScorecardService } from '../modules/quality/index.ts';
import { FacilityImportQueue, ImportJobs } from '../modules/registry/index.ts';
import { EventLoopLateness, type GiveWay } from '../workers/give-way.ts';
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
  /** What background steps await to give way to the counter (with `giveWay: true`), else undefined. */
  giveWay: GiveWay | undefined;

  /** Complaints: the clock, the holiday list and the escalation timer. */
  complaints: ComplaintsService;
  /** Funding plans on the current data (the candidates of the last data and date kept in memory). */
  funding: FundingService;
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
  /**
   * Where the counter's audit and case writers journal what the database has not taken (serve only: one
   * serving process per journal directory, so no command-line process gets one).
   */
  journal?: { dir: string; maxBytes: number } | null;
  /**
   * Imports and mirror rebuilds give way to the counter checks this process answers while its event loop
   * runs late (workers/give-way.ts): for `serve`; a command-line import has nobody to give way to.
   */
  giveWay?: boolean;

  /** The clock and the escalation interval; from the environment when not given. */
  complaints?: ComplaintsOptions;
}

export function compose(app: AppContext, options: ComposeOptions = {}): Services {
  const districtCode = app.district.district.code;
  const coverage = new CoverageService(app.db, app.district);
  const journal = (file: string) => options.journal && { path: path.join(options.journal.dir, file), maxBytes: options.journal.maxBytes };
  const audit = new AuditBuffer(app.db, { journal: journal('audit.jsonl') });
  const cases = new CaseOpener(app.db, districtCode, { journal: journal('cases.jsonl') });
  const bpjs = options.bpjs === undefined ? readBpjsConfig() : options.bpjs;
  const lateness = options.giveWay ? new EventLoopLateness() : null;
  const giveWay = lateness?.giveWay;
  const eligibility = new EligibilityService(app, { ...options.eligibility, bpjs, cases, audit, giveWay });
  // After an import this process committed: the dashboard's figures and the counter's mirror follow it.
  // In the commit's transaction, the coverage snapshot from the SQL join of the batches.
  const jobs = new ImportJobs(
    app,
    () => {
      coverage.invalidate();
      // Sent funding cases whose person a new peserta extract shows AKTIF become active.
      void confirmActivations(app.db, districtCode).catch(() => undefined);
      void eligibility.refresh().catch(() => undefined); // retried every few seconds
    },
    snapshotOnImport(app.db.kind),
    giveWay,
  );
  // A logout, and a session an admin ends, are forgotten at once; a session ended elsewhere (expired, user
  // removed) is refused within a minute. Keyed by the token's hash, as the database keeps it.
  // While the database is away, a session read before is accepted for SMART_JKN_SESSION_GRACE_MINUTES.
  const sessionCache = new RefreshingCache((hash) => userForSessionHash(app.db, hash), {
    freshMs: 30_000,
    staleMs: 30_000,
    graceMs: sessionGraceMs(),
    maxKeys: 10_000,
  });
  const sessions: SessionLookup = {
    get: (token) => sessionCache.get(tokenHash(token)),
    forget: (token) => sessionCache.forget(tokenHash(token)),
    forgetHash: (hash) => sessionCache.forget(hash),
  };
  const apiKeys = new ApiKeyGuard(app.db, districtCode);
  const complaints = new ComplaintsService(app.db, { districtCode, timeZone: app.district.timeZone }, options.complaints);
  const funding = new FundingService(app, coverage);
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
    giveWay,
    complaints,
    funding,
    scorecards,
    facilityImports,
    start: () =>
      (started ??= eligibility.start().then(() => {
        complaints.start();
      })),
    async close() {
      await complaints.close();
      await jobs.idle();
      await facilityImports.idle();
      await eligibility.close();
      await Promise.all([cases.flush(), audit.flush()]);
      lateness?.close();
    },
  };
}
