/**
 * Funding plans on the current data (formats.md, "Funding plan"): the candidates (candidate-repository.ts),
 * the exact optimiser (domain/funding/optimise.ts) solved in a worker thread, and the projection of the
 * coverage report as if every assigned person became active. `smart-jkn plan` and `POST /api/v1/plans`
 * both call `plan`, so they return the same plan.
 *
 * The candidates of the last (batches, date) are kept in memory: the plan page recomputes the plan as
 * the office changes budgets and weights, and the data change only with an import.
 */
import type { AppContext } from '../../app/context.ts';
import { buildCoverageReport, toContractReport, type CoverageRow } from '../../domain/coverage.ts';
import { isoDateIn } from '../../domain/format.ts';
import { type Candidate, eligibilityTest, weightOf } from '../../domain/funding/candidates.ts';
import { type Assignment, type FundingPlan, optimise, type ProgrammeExplanation } from '../../domain/funding/optimise.ts';
import type { Programmes } from '../../domain/funding/programmes.ts';
import { projectCells } from '../../domain/funding/projection.ts';
import type { UhcAwardStatus } from '../../domain/uhc-award.ts';
import type { CoverageService } from '../coverage/index.ts';
import { type CurrentBatches, currentBatches, readCandidates } from './candidate-repository.ts';
import { startSolveWorker } from './solve-in-worker.ts';

/** The Plan JSON of formats.md, key order as there. */
export interface PlanJson {
  asOf: string | null;
  date: string;
  horizonMonths: number;
  candidates: number;
  objective: FundingPlan['objective'];
  programs: FundingPlan['programs'];
  funders: FundingPlan['funders'];
  assignments: Assignment[];
  projection: { total: CoverageRow; rows: CoverageRow[]; uhcAward: UhcAwardStatus };
}

export interface PlanOutcome {
  plan: PlanJson;
  /** Which quota or budget binds, per programme (not part of the contract's JSON). */
  explanations: ProgrammeExplanation[];
  /** The district's coverage report now, for the page's before/after. */
  current: { total: CoverageRow; rows: CoverageRow[]; uhcAward: UhcAwardStatus };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FundingService {
  private cached: { key: string; batches: CurrentBatches; candidates: Candidate[] } | null = null;
  private loading: { key: string; promise: Promise<{ batches: CurrentBatches; candidates: Candidate[] }> } | null = null;

  constructor(
    private readonly app: AppContext,
    private readonly coverage: CoverageService,
  ) {}

  /** Today in the district's time zone: the default plan date. */
  today(): string {
    return isoDateIn(new Date(), this.app.district.timeZone);
  }

  static isDate(text: string): boolean {
    return DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
  }

  /** The candidates on `date` (NIK order), from memory when the current batches have not changed. */
  async candidates(date: string): Promise<{ batches: CurrentBatches; candidates: Candidate[] }> {
    const batches = await currentBatches(this.app.db, this.app.district.district.code);
    const key = `${batches.penduduk}:${batches.peserta}:${batches.dtsen}:${batches.prioritas}:${date}`;
    if (this.cached?.key === key) return this.cached;
    if (this.loading?.key === key) return this.loading.promise;
    const promise = readCandidates(this.app.db, batches, date).then((candidates) => {
      this.cached = { key, batches, candidates };
      return this.cached;
    });
    this.loading = { key, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.key === key) this.loading = null;
    }
  }

  async plan(programmes: Programmes, date: string): Promise<PlanOutcome> {
    // Started first: its start-up (tsx, HiGHS) overlaps reading and grouping the candidates.
    const worker = startSolveWorker();
    let result: FundingPlan;
    let batches: CurrentBatches;
    let candidates: Candidate[];
    try {
      ({ batches, candidates } = await this.candidates(date));
      result = await optimise(programmes, candidates, (model) => worker.solve(model));
    } finally {
      await worker.stop();
    }
    const { district, kecamatan, desa } = this.app.district;
    const { asOf, cells } = await this.coverage.current();
    const byNik = new Map<string, Candidate>();
    for (const c of candidates) byNik.set(c.nik, c);
    const routeOf = new Map(programmes.programs.map((p) => [p.code, p.route]));
    const moves = result.assignments.map((a) => ({ candidate: byNik.get(a.nik)!, route: routeOf.get(a.program)! }));
    const projected = toContractReport(buildCoverageReport(projectCells(cells, moves), district, kecamatan, desa, 'kecamatan', asOf));
    const now = toContractReport(buildCoverageReport(cells, district, kecamatan, desa, 'kecamatan', asOf));
    const plan: PlanJson = {
      asOf: batches.asOf ?? asOf,
      date,
      horizonMonths: result.horizonMonths,
      candidates: result.candidates,
      objective: result.objective,
      programs: result.programs,
      funders: result.funders,
      assignments: result.assignments,
      projection: { total: projected.total, rows: projected.rows, uhcAward: projected.uhcAward },
    };
    return { plan, explanations: result.explanations.programs, current: { total: now.total, rows: now.rows, uhcAward: now.uhcAward } };
  }

  /** Per programme, how many candidates its rules match (and of those, how many have a weight above 0). */
  async matchCounts(programmes: Programmes, date: string): Promise<{ candidates: number; programs: { code: string; matching: number; weighted: number }[] }> {
    const { candidates } = await this.candidates(date);
    const programs = programmes.programs.map((p) => {
      const test = eligibilityTest(p);
      let matching = 0;
      let weighted = 0;
      for (const c of candidates) {
        if (!test(c)) continue;
        matching++;
        if (weightOf(c, programmes.weights) > 0) weighted++;
      }
      return { code: p.code, matching, weighted };
    });
    return { candidates: candidates.length, programs };
  }
}
