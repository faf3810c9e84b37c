/**
 * Bench `plan`: the exact funding-plan optimiser (src/domain/funding/optimise.ts) on 300,000 candidates
 * and the 7 default programmes (DEFAULT_PROGRAMMES, with budgets that bind).
 *
 * By default the candidates are SYNTHETIC, built in memory from a seeded RNG with plausible shares (a
 * third not registered, arrears 0–40 months, desil, 1 % miskin ekstrem, chronic illness, pregnancy,
 * disability). With `--from-demo DIR` they are the demo district's own, read through the plan's real
 * candidate query (src/modules/funding/candidate-repository.ts: one join of the current penduduk,
 * peserta, dtsen and prioritas batches, then toCandidate), from the embedded database in DIR made by
 * `smart-jkn --data-dir DIR demo --scale 1` (or from DATABASE_URL when set); the query is timed too.
 *
 * Phases, each the median of `--runs` runs:
 * - group: weights, eligibility, grouping into identical candidates (the model), the candidates in NIK
 *   order as the query returns them; also measured with them shuffled (the optimiser then sorts them);
 * - solve: HiGHS on this thread, the three stages (greatest weight, least cost, tie-break), zero gap, checked;
 * - solve in a worker: the same, in a worker thread started for the plan (start-up included), and the
 *   whole plan with the worker started before the grouping (`startSolveWorker`), overlapping its start-up;
 * - expand: the groups back to 300,000 people, the NIK-ordered assignments, the sums and explanations.
 * Baseline, same run, same candidates: a greedy allocation (by weight, first eligible programme that
 * still fits), the simple method the optimiser replaces. Goal: group + solve + expand < 1 s.
 *
 *   node --import tsx bench/plan.ts [--candidates 300000] [--runs 3] [--seed 2026] [--from-demo DIR] [--date YYYY-MM-DD]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Candidate, costOf, eligibilityTest, weightOf } from '../src/domain/funding/candidates.ts';
import { expandPlan, groupCandidates, verifyCounts } from '../src/domain/funding/optimise.ts';
import { DEFAULT_PROGRAMMES, type PrioritasCategory, type Programmes } from '../src/domain/funding/programmes.ts';
import { INACTIVE_REASONS } from '../src/domain/membership.ts';
import { createRng } from '../src/modules/demo/generate-rng.ts';
import { highsRunner, solveWithHighs } from '../src/modules/funding/highs-solver.ts';
import { solveInWorker, startSolveWorker } from '../src/modules/funding/solve-in-worker.ts';
import { openApp } from '../src/app/context.ts';
import { databaseConfig } from '../src/config.ts';
import { currentBatches, readCandidates } from '../src/modules/funding/candidate-repository.ts';
import { fmt, log, machineLine, median, printTable } from './support/cli.ts';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '2026' },
    'from-demo': { type: 'string' },
    date: { type: 'string', default: '2026-01-15' },
  },
});
let count = Number(values.candidates);
const runs = Number(values.runs);

function syntheticCandidates(n: number, seed: number): Candidate[] {
  const rng = createRng(seed, 'plan-bench');
  const reasons = INACTIVE_REASONS.filter((r) => r !== 'MENINGGAL' && r !== 'DATA_GANDA');
  const out: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    const registered = rng.chance(0.65);
    const reason = registered ? rng.weighted(reasons.map((r) => [r, r === 'TUNGGAKAN' ? 6 : r === 'PBI_DINONAKTIFKAN' ? 3 : 1] as const)) : null;
    const kecamatan = `52.03.${String(1 + rng.int(21)).padStart(2, '0')}`;
    const prioritas = new Set<PrioritasCategory>();
    if (rng.chance(0.06)) prioritas.add('KRONIS');
    if (rng.chance(0.015)) prioritas.add('HAMIL');
    if (rng.chance(0.02)) prioritas.add('DISABILITAS');
    out.push({
      // Unique and ascending, as the candidate query returns them (ORDER BY nik).
      nik: `5203${String(i).padStart(12, '0')}`,
      membership: registered ? 'NONAKTIF' : 'TIDAK_TERDAFTAR',
      segment: registered ? (reason === 'PBI_DINONAKTIFKAN' ? 'PBI_APBN' : reason === 'PPU_BERHENTI' ? 'PPU_BU' : rng.chance(0.8) ? 'PBPU' : 'BP') : null,
      reason,
      arrearsMonths: reason === 'TUNGGAKAN' ? rng.int(41) : 0,
      kelas: registered ? rng.weighted([[3, 8], [2, 1.5], [1, 0.5]] as const) : null,
      desil: rng.chance(0.7) ? 1 + rng.int(10) : null,
      miskinEkstrem: rng.chance(0.01),
      age: rng.int(90),
      sex: rng.chance(0.5) ? 'L' : 'P',
      kecamatan,
      desa: `${kecamatan}.${String(2001 + rng.int(15))}`,
      prioritas,
    });
  }
  return out;
}

/** The baseline: by weight (then NIK), each to the first eligible programme that still fits. */
function greedy(programmes: Programmes, candidates: readonly Candidate[]): { people: number; weight: number } {
  const left = { ...programmes.budgets };
  const quota = programmes.programs.map((p) => p.quota ?? Infinity);
  const tests = programmes.programs.map(eligibilityTest);
  const order = candidates.map((c) => ({ c, w: weightOf(c, programmes.weights) })).sort((a, b) => b.w - a.w || (a.c.nik < b.c.nik ? -1 : 1));
  let people = 0;
  let weight = 0;
  for (const { c, w } of order) {
    if (w === 0) continue;
    for (let p = 0; p < programmes.programs.length; p++) {
      const programme = programmes.programs[p];
      if (quota[p] === 0 || !tests[p](c)) continue;
      const cost = costOf(c, programme, programmes.horizonMonths);
      if (Object.entries(cost).some(([f, r]) => r > left[f])) continue;
      for (const [f, r] of Object.entries(cost)) left[f] -= r;
      quota[p]--;
      people++;
      weight += w;
      break;
    }
  }
  return { people, weight };
}

/** The value, the wall time and this thread's CPU time (ms): on a shared machine the CPU time is the steadier figure. */
const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number, number]> => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return [value, performance.now() - start, (used.user + used.system) / 1000];
};
const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;

const programmes: Programmes = {
  ...DEFAULT_PROGRAMMES,
  // Budgets that bind (the default's APBD pays for about 3,300 people a year; DBH CHT for 1,100).
  budgets: { APBD: 1_500_000_000, BAZNAS: 252_000_000, DBHCHT: 500_000_000, CSR: 60_000_000 },
};

/** The demo district's candidates through the real query, with its time and memory. */
async function demoCandidates(dataDir: string): Promise<{ candidates: Candidate[]; queryMs: number; source: string }> {
  const app = await openApp(databaseConfig({ dataDir }), { holder: { command: 'bench plan' } });
  try {
    const batches = await currentBatches(app.db, app.district.district.code);
    if (batches.penduduk === null) throw new Error(`no population in ${dataDir}: run smart-jkn --data-dir ${dataDir} demo --scale 1 first`);
    const start = performance.now();
    const candidates = await readCandidates(app.db, batches, values.date!);
    return { candidates, queryMs: performance.now() - start, source: `${app.db.kind} database (${process.env.DATABASE_URL ? 'DATABASE_URL' : dataDir})` };
  } finally {
    await app.close();
  }
}

let candidates: Candidate[];
let origin = 'synthetic candidates';
if (values['from-demo'] !== undefined) {
  log(`reading the demo district's candidates (candidate query) from ${values['from-demo']}`);
  const found = await demoCandidates(values['from-demo']);
  candidates = found.candidates;
  count = candidates.length;
  origin = `the demo district's candidates from the ${found.source}, candidate query ${fmt.ms(found.queryMs)} (${fmt.int(count)} candidates on ${values.date})`;
} else {
  log(`building ${fmt.int(count)} synthetic candidates`);
  candidates = syntheticCandidates(count, Number(values.seed));
}
const rssBefore = process.memoryUsage().rss;
const [, loadMs] = await time(() => highsRunner());

const shuffled = [...candidates];
{
  const rng = createRng(Number(values.seed), 'plan-bench-shuffle');
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
}

/** A harder variant: arrears paid for every month (up to 24), more distinct weights, so many more groups. */
const harder: Programmes = {
  ...programmes,
  budgets: { ...programmes.budgets, CSR: 500_000_000 },
  weights: { base: 2, miskinEkstrem: 5, balita: 1, lansia: 2, kronis: 3, hamil: 3, disabilitas: 2 },
  programs: programmes.programs.map((p) =>
    p.code === 'TUNGGAKAN_CSR' ? { ...p, monthly: { APBD: 1000 }, eligible: [{ field: 'reason', in: ['TUNGGAKAN'] }] } : p,
  ),
};

let heapPeak = 0;
let goalMet = true;
process.stdout.write(`\nCandidates: ${origin}\n`);
process.stdout.write(`\n${machineLine()}; load average at the end of the candidates' build ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
for (const [label, instance] of [
  ['the default programmes', programmes],
  ['a harder variant (arrears up to 24 months, more weights)', harder],
] as const) {
  const phases = { shuffled: [] as number[], group: [] as number[], solve: [] as number[], worker: [] as number[], expand: [] as number[], greedy: [] as number[], ahead: [] as number[] };
  const cpu = { shuffled: [] as number[], group: [] as number[], solve: [] as number[], expand: [] as number[], greedy: [] as number[] };
  let summary = '';
  for (let run = 0; run < runs; run++) {
    log(`${label}: run ${run + 1} of ${runs}`);
    const [, shuffledMs, shuffledCpu] = await time(() => groupCandidates(instance, shuffled));
    const [grouping, groupMs, groupCpu] = await time(() => groupCandidates(instance, candidates));
    const [raw, solveMs, solveCpu] = await time(() => solveWithHighs(grouping.model));
    const [fromWorker, workerMs] = await time(() => solveInWorker(grouping.model));
    // The whole plan with the worker started first, so its start-up overlaps the grouping.
    const [, aheadMs] = await time(async () => {
      const solver = startSolveWorker();
      const again = groupCandidates(instance, candidates);
      return expandPlan(instance, again, verifyCounts(again.model, await solver.solve(again.model)));
    });
    phases.ahead.push(aheadMs);
    const [plan, expandMs, expandCpu] = await time(() => expandPlan(instance, grouping, verifyCounts(grouping.model, raw)));
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    if (JSON.stringify(fromWorker) !== JSON.stringify(raw)) throw new Error('the worker and this thread disagree');
    const [baseline, greedyMs, greedyCpu] = await time(() => greedy(instance, candidates));
    if (baseline.weight > plan.objective.weight) throw new Error('greedy found more weight than the exact plan');
    phases.shuffled.push(shuffledMs);
    phases.group.push(groupMs);
    phases.solve.push(solveMs);
    phases.worker.push(workerMs);
    phases.expand.push(expandMs);
    phases.greedy.push(greedyMs);
    cpu.shuffled.push(shuffledCpu);
    cpu.group.push(groupCpu);
    cpu.solve.push(solveCpu);
    cpu.expand.push(expandCpu);
    cpu.greedy.push(greedyCpu);
    const variables = grouping.model.groups.reduce((s, g) => s + g.options.length, 0);
    summary =
      `${fmt.int(count)} candidates → ${fmt.int(grouping.model.groups.length)} groups, ${fmt.int(variables)} integer variables; ` +
      `plan: ${fmt.int(plan.objective.people)} people, weight ${fmt.int(plan.objective.weight)}, Rp ${fmt.int(plan.objective.cost)}; ` +
      `greedy: ${fmt.int(baseline.people)} people, weight ${fmt.int(baseline.weight)}`;
  }
  const group = median(phases.group);
  const solve = median(phases.solve);
  const worker = median(phases.worker);
  const expand = median(phases.expand);
  const total = group + solve + expand;
  const greedyMs = median(phases.greedy);
  goalMet &&= total < 1000;
  const c = (name: keyof typeof cpu) => fmt.ms(median(cpu[name]));
  const cpuTotal = median(cpu.group) + median(cpu.solve) + median(cpu.expand);
  printTable(
    `Funding plan, ${label}: ${summary} (median of ${runs}; load average now ${os.loadavg()[0].toFixed(1)})`,
    ['phase', 'time', 'CPU (this thread)', 'time vs greedy baseline'],
    [
      ['group (model), candidates in NIK order', fmt.ms(group), c('group'), fmt.ratio(group / greedyMs)],
      ['group, candidates shuffled (sort included)', fmt.ms(median(phases.shuffled)), c('shuffled'), fmt.ratio(median(phases.shuffled) / greedyMs)],
      ['solve, this thread (3 stages, checked)', fmt.ms(solve), c('solve'), fmt.ratio(solve / greedyMs)],
      ['solve in a worker (start-up included)', fmt.ms(worker), '', fmt.ratio(worker / greedyMs)],
      ['expand (people, sums, explanations)', fmt.ms(expand), c('expand'), fmt.ratio(expand / greedyMs)],
      ['plan = group + solve + expand', fmt.ms(total), fmt.ms(cpuTotal), fmt.ratio(total / greedyMs)],
      ['plan with the solve in a worker', fmt.ms(group + worker + expand), '', fmt.ratio((group + worker + expand) / greedyMs)],
      ['plan, worker started before grouping (measured)', fmt.ms(median(phases.ahead)), '', fmt.ratio(median(phases.ahead) / greedyMs)],
      ['baseline: greedy allocation', fmt.ms(greedyMs), c('greedy'), '1.00×'],
    ],
  );
}
process.stdout.write(`\nHiGHS load (once per process): ${fmt.ms(loadMs)}\n`);
const usage = process.resourceUsage();
printTable('Memory', ['measure', 'value'], [
  ['RSS with the candidates, before planning', mb(rssBefore)],
  ['RSS after the runs', mb(process.memoryUsage().rss)],
  ['peak RSS of the process', fmt.mb(usage.maxRSS)],
  ['heap used after a plan (peak seen)', mb(heapPeak)],
]);
process.stdout.write(`\nGoal: plan under 1 s (group + solve + expand, wall time), both instances: ${fmt.goal(goalMet)}\n`);
