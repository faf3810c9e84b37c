/**
 * Runs the funding plan's integer programme (domain/funding/optimise.ts) with HiGHS (the npm package
 * `highs`, WebAssembly): exact settings (zero relative and absolute MIP gap), quiet, single-threaded.
 * `solveWithHighs` runs on the calling thread (tests, the bench); `solveInWorker` (solve-in-worker.ts)
 * runs it in a worker thread so that a plan never blocks the HTTP server.
 */
import highsModule, { type Highs, type InitOptions } from 'highs';
import { type Counts, type LpRunner, type SolveModel, solveLexicographic } from '../../domain/funding/optimise.ts';

// The package's types are CommonJS-shaped; under ESM its default export is the loader itself.
const highsLoader = highsModule as unknown as (options?: InitOptions) => Promise<Highs>;
let loaded: Promise<Highs> | undefined;

/** The options every solve uses: zero gap, so "Optimal" means proved optimal. */
export const HIGHS_OPTIONS = {
  mip_rel_gap: 0,
  mip_abs_gap: 0,
  output_flag: false,
  log_to_console: false,
  random_seed: 0,
} as const;

/** Solves one LP-format model; throws unless HiGHS proves it optimal. */
export async function highsRunner(): Promise<LpRunner> {
  loaded ??= highsLoader();
  const highs = await loaded;
  return (lp: string) => {
    const result = highs.solve(lp, HIGHS_OPTIONS);
    if (result.Status !== 'Optimal') throw new Error(`HiGHS did not prove the plan optimal: ${result.Status}`);
    const values: Record<string, number> = {};
    for (const [name, column] of Object.entries(result.Columns)) values[name] = (column as { Primal: number }).Primal;
    return values;
  };
}

/** The plan's counts per group and programme: greatest weight, then least cost, checked. */
export async function solveWithHighs(model: SolveModel): Promise<Counts> {
  return solveLexicographic(model, await highsRunner());
}
