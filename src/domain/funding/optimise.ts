/**
 * The exact funding-plan optimiser (formats.md, "Funding plan"): the greatest total weight, then the
 * least total cost, within every funder's budget and every programme's quota, each candidate in at most
 * one programme it is eligible for. Deterministic: the same input gives the same plan, whatever the
 * order of the candidates.
 *
 * Method:
 * 1. Group identical candidates (the same eligible programmes, weight and cost per funder) and count
 *    them; a candidate of weight 0, or eligible for nothing, is never assigned (it adds no weight).
 * 2. An integer programme over one variable per (group, eligible programme), solved in stages by a
 *    MIP solver (HiGHS, given as `LpRunner`, with zero gap): the greatest weight W*, then the least
 *    cost C* with weight ≥ W*, then, to break the remaining ties the same way every time, earlier
 *    programmes of the file first with weight ≥ W* and cost ≤ C* (`Stage`). Every objective has integer
 *    coefficients (the cost divided by the gcd of its coefficients), so zero gap means exact.
 * 3. The answer is checked here, integrality and every constraint, before it is trusted.
 * 4. Groups are expanded back to people: within a group, NIKs in ascending order, given to the group's
 *    programmes in programme order.
 *
 * Pure: the solver is passed in (src/modules/funding runs HiGHS, in-process or in a worker).
 */
import { type Candidate, costOf, eligibilityTest, isEligible, MAX_ARREARS_MONTHS, programmeFunders, type WeightComponent, weightComponents, weightOf } from './candidates.ts';
import type { Programmes, Route } from './programmes.ts';

/** The integer programme, plain data (it is posted to the solver's worker). */
export interface SolveModel {
  funders: string[];
  budgets: number[];
  /** Per programme; null = no limit. */
  quotas: (number | null)[];
  groups: ModelGroup[];
}

export interface ModelGroup {
  count: number;
  weight: number;
  /** The programmes the group is eligible for, in programme order, each with its cost per funder (index of `funders`). */
  options: { programme: number; cost: number[] }[];
}

/** How many people of each group go to each of its options: `counts[g][k]`. */
export type Counts = number[][];

/** The candidates grouped, with the integer programme over the groups. */
export interface Grouping {
  model: SolveModel;
  /** Candidates sorted by NIK. */
  sorted: readonly Candidate[];
  /** Per group, the indices into `sorted` of its members, ascending (NIK order). */
  members: number[][];
  /** Per sorted candidate, its weight. */
  weights: Int32Array;
}

export function groupCandidates(programmes: Programmes, candidates: readonly Candidate[]): Grouping {
  const { programs, horizonMonths, budgets } = programmes;
  const funders = Object.keys(budgets);
  const funderIndex = new Map(funders.map((f, i) => [f, i]));
  const hasArrears = programs.map((p) => Object.values(p.arrears).some((share) => share > 0));
  const tests = programs.map(eligibilityTest);
  const sorted = sortByNik(candidates);
  const weights = new Int32Array(sorted.length);
  const byKey = new Map<number | string, { eligible: number[]; weight: number; months: number; members: number[] }>();
  const eligible: number[] = [];
  // The key of a group: a number (exact below 2^53) for up to 20 programmes, else a text.
  const weightSpan = Object.values(programmes.weights).reduce((s, w) => s + w, 0) + 1;
  const numericKey = 2 ** programs.length * (MAX_ARREARS_MONTHS + 1) * weightSpan <= Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < sorted.length; i++) {
    const candidate = sorted[i];
    const weight = weightOf(candidate, programmes.weights);
    weights[i] = weight;
    if (weight === 0) continue;
    eligible.length = 0;
    let mask = 0;
    let arrears = false;
    for (let p = 0; p < programs.length; p++) {
      if (tests[p](candidate)) {
        eligible.push(p);
        mask += 2 ** p;
        arrears ||= hasArrears[p];
      }
    }
    if (eligible.length === 0) continue;
    // The cost depends on the arrears only through a programme with arrears shares.
    const months = arrears ? Math.min(candidate.arrearsMonths, MAX_ARREARS_MONTHS) : 0;
    const key = numericKey ? (mask * (MAX_ARREARS_MONTHS + 1) + months) * weightSpan + weight : `${eligible.join(',')}|${months}|${weight}`;
    let group = byKey.get(key);
    if (!group) {
      group = { eligible: [...eligible], weight, months, members: [] };
      byKey.set(key, group);
    }
    group.members.push(i);
  }
  // A canonical order of the groups, so the model does not depend on the candidates' order.
  const groups = [...byKey.values()].sort(
    (a, b) => compareLists(a.eligible, b.eligible) || a.weight - b.weight || a.months - b.months,
  );
  return {
    sorted,
    weights,
    members: groups.map((g) => g.members),
    model: {
      funders,
      budgets: funders.map((f) => budgets[f]),
      quotas: programs.map((p) => p.quota),
      groups: groups.map((g) => ({
        count: g.members.length,
        weight: g.weight,
        options: g.eligible.map((p) => {
          const cost = new Array<number>(funders.length).fill(0);
          const perFunder = costOf({ arrearsMonths: g.months }, programs[p], horizonMonths);
          for (const [funder, rupiah] of Object.entries(perFunder)) cost[funderIndex.get(funder)!] = rupiah;
          return { programme: p, cost };
        }),
      })),
    },
  };
}

/**
 * The candidates in NIK order. The candidate query returns them so (ORDER BY nik), which is checked in
 * one pass; any other order is sorted. A repeated NIK is an error.
 */
export function sortByNik(candidates: readonly Candidate[]): readonly Candidate[] {
  let ordered = true;
  for (let i = 1; i < candidates.length && ordered; i++) ordered = candidates[i - 1].nik < candidates[i].nik;
  const sorted = ordered ? candidates : [...candidates].sort((a, b) => (a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].nik === sorted[i - 1].nik) throw new Error(`candidate NIK ${sorted[i].nik} is given more than once`);
  }
  return sorted;
}

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const variable = (g: number, k: number) => `x${g}_${k}`;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * One solve of the lexicographic objective:
 * - `weight`: maximise the total weight;
 * - `cost`: minimise the total cost (divided by `costScale`, the gcd of the cost coefficients), with
 *   the total weight at least `minWeight`;
 * - `order`: minimise the sum of the programmes' positions in the file (earlier programmes first), with
 *   the weight at least `minWeight` and the cost at most `maxCost`. This only breaks ties between
 *   plans that are equal in weight and cost (e.g. SSI and PEMDA both cost 37,800 a month).
 */
export type Stage =
  | { kind: 'weight' }
  | { kind: 'cost'; minWeight: number; costScale: number }
  | { kind: 'order'; minWeight: number; maxCost: number | null; costScale: number };

/** The model of one stage in CPLEX LP format. */
export function lpText(model: SolveModel, stage: Stage): string {
  const lines: string[] = [];
  const terms = (pick: (group: ModelGroup, k: number) => number, only?: (programme: number) => boolean) => {
    const out: string[] = [];
    model.groups.forEach((group, g) =>
      group.options.forEach((option, k) => {
        if (only && !only(option.programme)) return;
        const coefficient = pick(group, k);
        if (coefficient !== 0) out.push(`${out.length ? '+ ' : ''}${coefficient} ${variable(g, k)}`);
      }),
    );
    return out;
  };
  const row = (name: string, body: string[], sense: string, bound: number) => {
    if (body.length) lines.push(` ${name}:`, ...body.map((t) => `  ${t}`), `  ${sense} ${bound}`);
  };
  const objective = (sense: string, body: string[]) => lines.push(sense, ' obj:', ...(body.length ? body : [`0 ${variable(0, 0)}`]).map((t) => `  ${t}`));
  const weightTerms = terms((group) => group.weight);
  const costTerms = () => terms((group, k) => group.options[k].cost.reduce((sum, c) => sum + c, 0) / (stage.kind === 'weight' ? 1 : stage.costScale));
  if (stage.kind === 'weight') objective('Maximize', weightTerms);
  else if (stage.kind === 'cost') objective('Minimize', costTerms());
  else objective('Minimize', terms((group, k) => group.options[k].programme));
  lines.push('Subject To');
  if (stage.kind !== 'weight') row('w', weightTerms, '>=', stage.minWeight);
  if (stage.kind === 'order' && stage.maxCost !== null) row('c', costTerms(), '<=', stage.maxCost / stage.costScale);
  model.groups.forEach((group, g) => row(`g${g}`, group.options.map((_, k) => `${k ? '+ ' : ''}${variable(g, k)}`), '<=', group.count));
  model.quotas.forEach((quota, p) => {
    if (quota !== null) row(`q${p}`, terms(() => 1, (programme) => programme === p), '<=', quota);
  });
  model.funders.forEach((_, f) => row(`b${f}`, terms((group, k) => group.options[k].cost[f]), '<=', model.budgets[f]));
  lines.push('Bounds');
  model.groups.forEach((group, g) => group.options.forEach((_, k) => lines.push(` 0 <= ${variable(g, k)} <= ${group.count}`)));
  lines.push('General');
  model.groups.forEach((group, g) => group.options.forEach((_, k) => lines.push(` ${variable(g, k)}`)));
  lines.push('End');
  return lines.join('\n');
}

/** Solves one LP-format model and returns each column's primal value by name; throws unless proved optimal. */
export type LpRunner = (lp: string) => Record<string, number> | Promise<Record<string, number>>;

/**
 * Solves the model lexicographically: the greatest weight, then the least cost, then (ties only)
 * earlier programmes first. Each stage's answer is checked, and must keep the previous stages' optimum.
 */
export async function solveLexicographic(model: SolveModel, run: LpRunner): Promise<Counts> {
  if (model.groups.length === 0) return [];
  const solve = async (stage: Stage) => {
    const counts = verifyCounts(model, read(model, await run(lpText(model, stage))));
    return { counts, ...totals(model, counts) };
  };
  const first = await solve({ kind: 'weight' });
  let costScale = 0;
  for (const group of model.groups) for (const option of group.options) costScale = gcd(costScale, option.cost.reduce((s, c) => s + c, 0));
  let best = first;
  if (costScale > 0 && first.cost > 0) {
    best = await solve({ kind: 'cost', minWeight: first.weight, costScale });
    if (best.weight !== first.weight) throw new Error(`the solver's stages disagree on the greatest weight (${first.weight}, then ${best.weight})`);
    if (best.cost > first.cost) throw new Error(`the solver's least cost ${best.cost} is above a cost already found (${first.cost})`);
  }
  if (!model.groups.some((group) => group.options.some((option) => option.programme > 0))) return best.counts;
  const last = await solve({ kind: 'order', minWeight: best.weight, maxCost: costScale > 0 ? best.cost : null, costScale: costScale || 1 });
  if (last.weight !== best.weight || last.cost !== best.cost) {
    throw new Error(`the solver's tie-break changed the optimum (weight ${best.weight} → ${last.weight}, cost ${best.cost} → ${last.cost})`);
  }
  return last.counts;
}

function read(model: SolveModel, values: Record<string, number>): number[][] {
  return model.groups.map((group, g) => group.options.map((_, k) => values[variable(g, k)] ?? 0));
}

/** Total weight and cost of the counts. */
function totals(model: SolveModel, counts: Counts): { weight: number; cost: number } {
  let weight = 0;
  let cost = 0;
  model.groups.forEach((group, g) =>
    group.options.forEach((option, k) => {
      weight += group.weight * counts[g][k];
      for (const c of option.cost) cost += c * counts[g][k];
    }),
  );
  return { weight, cost };
}

/**
 * Rounds the solver's values and checks them before they are trusted: integral (within 1e-6), and
 * every constraint (group sizes, quotas, budgets) in exact integer arithmetic. Throws when violated.
 */
export function verifyCounts(model: SolveModel, values: number[][]): Counts {
  const counts: Counts = [];
  const perProgramme = new Array<number>(model.quotas.length).fill(0);
  const spent = new Array<number>(model.funders.length).fill(0);
  if (values.length !== model.groups.length) throw new Error(`the solver answered ${values.length} groups, not ${model.groups.length}`);
  model.groups.forEach((group, g) => {
    let taken = 0;
    counts.push(
      group.options.map((option, k) => {
        const value = values[g]?.[k];
        const n = Math.round(value);
        if (!Number.isFinite(value) || Math.abs(value - n) > 1e-6) throw new Error(`the solver's ${variable(g, k)} = ${value} is not a whole number`);
        if (n < 0) throw new Error(`the solver's ${variable(g, k)} = ${n} is negative`);
        taken += n;
        perProgramme[option.programme] += n;
        option.cost.forEach((c, f) => (spent[f] += c * n));
        return n;
      }),
    );
    if (taken > group.count) throw new Error(`the solver assigns ${taken} people of group ${g}, which has ${group.count}`);
  });
  model.quotas.forEach((quota, p) => {
    if (quota !== null && perProgramme[p] > quota) throw new Error(`the solver exceeds programme ${p}'s quota (${perProgramme[p]} > ${quota})`);
  });
  model.funders.forEach((funder, f) => {
    if (spent[f] > model.budgets[f]) throw new Error(`the solver exceeds ${funder}'s budget (${spent[f]} > ${model.budgets[f]})`);
    if (!Number.isSafeInteger(spent[f])) throw new Error(`${funder}'s spending ${spent[f]} is not an exact whole number`);
  });
  return counts;
}

export interface Assignment {
  nik: string;
  program: string;
  weight: number;
  /** Rupiah per funder the programme names (frozen: shared by the assignments of identical candidates). */
  cost: Readonly<Record<string, number>>;
}

export interface ProgrammeResult {
  code: string;
  route: Route;
  people: number;
  weight: number;
  cost: Record<string, number>;
}

/** Why a programme took no more people: its quota, or a funder's budget that one more person would exceed. */
export interface ProgrammeExplanation {
  code: string;
  /** Candidates of weight > 0 eligible for the programme and assigned nowhere. */
  unassignedEligible: number;
  quota: { quota: number | null; people: number; binds: boolean };
  /**
   * Per funder of the programme: what is left of its budget, what the cheapest unassigned eligible
   * candidate would cost it, and whether that is more than what is left.
   */
  budgets: { funder: string; remaining: number; nextCost: number | null; binds: boolean }[];
}

export interface FundingPlan {
  horizonMonths: number;
  /** Every candidate given, assigned or not. */
  candidates: number;
  objective: { weight: number; people: number; cost: number };
  programs: ProgrammeResult[];
  funders: { funder: string; budget: number; spent: number }[];
  /** Every assigned candidate, ordered by NIK. */
  assignments: Assignment[];
  explanations: { programs: ProgrammeExplanation[] };
}

/** Expands the checked counts back to people and sums the plan up. */
export function expandPlan(programmes: Programmes, grouping: Grouping, counts: Counts): FundingPlan {
  const { model, sorted, members, weights } = grouping;
  const { programs } = programmes;
  const assigned = new Int32Array(sorted.length).fill(-1);
  const groupOf = new Int32Array(sorted.length).fill(-1);
  model.groups.forEach((group, g) => {
    let next = 0;
    group.options.forEach((option, k) => {
      for (let n = 0; n < counts[g][k]; n++) assigned[members[g][next++]] = option.programme;
    });
    for (const i of members[g]) groupOf[i] = g;
  });

  const programmeFunderNames = programs.map((p) => programmeFunders(p));
  const costs = model.groups.map((group) => {
    const byProgramme = new Map<number, Record<string, number>>();
    for (const option of group.options) {
      const cost: Record<string, number> = {};
      for (const funder of programmeFunderNames[option.programme]) cost[funder] = option.cost[model.funders.indexOf(funder)];
      // Shared by every assignment of the group to this programme.
      byProgramme.set(option.programme, Object.freeze(cost));
    }
    return byProgramme;
  });

  const results: ProgrammeResult[] = programs.map((p, i) => ({
    code: p.code,
    route: p.route,
    people: 0,
    weight: 0,
    cost: Object.fromEntries(programmeFunderNames[i].map((f) => [f, 0])),
  }));
  const spent = new Map(model.funders.map((f) => [f, 0]));
  const assignments: Assignment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const p = assigned[i];
    if (p < 0) continue;
    const cost = costs[groupOf[i]].get(p)!;
    assignments.push({ nik: sorted[i].nik, program: programs[p].code, weight: weights[i], cost });
    const result = results[p];
    result.people++;
    result.weight += weights[i];
    for (const funder in cost) {
      result.cost[funder] += cost[funder];
      spent.set(funder, spent.get(funder)! + cost[funder]);
    }
  }

  const funders = model.funders.map((funder, f) => ({ funder, budget: model.budgets[f], spent: spent.get(funder)! }));
  const objective = {
    weight: results.reduce((s, r) => s + r.weight, 0),
    people: assignments.length,
    cost: funders.reduce((s, f) => s + f.spent, 0),
  };
  return {
    horizonMonths: programmes.horizonMonths,
    candidates: sorted.length,
    objective,
    programs: results,
    funders,
    assignments,
    explanations: { programs: explainProgrammes(programmes, grouping, counts, results, funders) },
  };
}

function explainProgrammes(
  programmes: Programmes,
  { model }: Grouping,
  counts: Counts,
  results: ProgrammeResult[],
  funders: FundingPlan['funders'],
): ProgrammeExplanation[] {
  return programmes.programs.map((programme, p) => {
    let unassignedEligible = 0;
    const next = new Array<number | null>(model.funders.length).fill(null);
    model.groups.forEach((group, g) => {
      const left = group.count - counts[g].reduce((s, n) => s + n, 0);
      const option = group.options.find((o) => o.programme === p);
      if (left === 0 || !option) return;
      unassignedEligible += left;
      option.cost.forEach((c, f) => (next[f] = next[f] === null ? c : Math.min(next[f]!, c)));
    });
    const people = results[p].people;
    return {
      code: programme.code,
      unassignedEligible,
      quota: { quota: programme.quota, people, binds: programme.quota !== null && people >= programme.quota },
      budgets: programmeFunders(programme).map((funder) => {
        const f = model.funders.indexOf(funder);
        const remaining = funders[f].budget - funders[f].spent;
        const nextCost = unassignedEligible ? next[f] : null;
        return { funder, remaining, nextCost, binds: nextCost !== null && nextCost > remaining };
      }),
    };
  });
}

/** Runs the whole optimiser: group, solve (`solveWithHighs`, `startSolveWorker().solve`: weight, cost, tie-break), check, expand. */
export async function optimise(programmes: Programmes, candidates: readonly Candidate[], solve: (model: SolveModel) => Promise<number[][]>): Promise<FundingPlan> {
  const grouping = groupCandidates(programmes, candidates);
  const counts = verifyCounts(grouping.model, await solve(grouping.model));
  return expandPlan(programmes, grouping, counts);
}

/** Why one person got (or did not get) a programme: the weight's components and the eligible alternatives. */
export interface PersonExplanation {
  nik: string;
  weight: number;
  components: WeightComponent[];
  program: string | null;
  /** Every programme whose conditions hold for the person, with its cost, the assigned one included. */
  eligible: { code: string; cost: Record<string, number> }[];
}

export function explainCandidate(candidate: Candidate, programmes: Programmes, plan: Pick<FundingPlan, 'assignments'>): PersonExplanation {
  const assignment = findAssignment(plan.assignments, candidate.nik);
  return {
    nik: candidate.nik,
    weight: weightOf(candidate, programmes.weights),
    components: weightComponents(candidate, programmes.weights),
    program: assignment?.program ?? null,
    eligible: programmes.programs
      .filter((p) => isEligible(candidate, p))
      .map((p) => ({ code: p.code, cost: costOf(candidate, p, programmes.horizonMonths) })),
  };
}

/** The assignment of a NIK, by binary search over the NIK-ordered assignments. */
export function findAssignment(assignments: readonly Assignment[], nik: string): Assignment | null {
  let lo = 0;
  let hi = assignments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = assignments[mid].nik;
    if (at === nik) return assignments[mid];
    if (at < nik) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
