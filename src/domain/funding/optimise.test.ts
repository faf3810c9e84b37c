import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { solveWithHighs } from '../../modules/funding/highs-solver.ts';
import { type Candidate, costOf, isEligible, weightOf } from './candidates.ts';
import { explainCandidate, type FundingPlan, groupCandidates, optimise, verifyCounts } from './optimise.ts';
import { type Condition, type PrioritasCategory, type Programme, type Programmes, parseProgrammes } from './programmes.ts';

let serial = 0;
function candidate(over: Partial<Candidate> = {}): Candidate {
  serial++;
  return {
    nik: `5203011${String(serial).padStart(9, '0')}`,
    membership: 'NONAKTIF',
    segment: 'PBPU',
    reason: 'TUNGGAKAN',
    arrearsMonths: 0,
    kelas: 3,
    desil: null,
    miskinEkstrem: false,
    age: 30,
    sex: 'L',
    kecamatan: '52.03.01',
    desa: '52.03.01.2001',
    prioritas: new Set(),
    ...over,
  };
}

function programme(over: Partial<Programme> & { code: string }): Programme {
  return { route: 'PBPU_PEMDA', quota: null, monthly: {}, arrears: {}, eligible: [], ...over };
}

function file(programs: Programme[], budgets: Record<string, number>, weights: Partial<Programmes['weights']> = {}, horizonMonths = 12): Programmes {
  return {
    horizonMonths,
    budgets,
    weights: { base: 1, miskinEkstrem: 0, balita: 0, lansia: 0, kronis: 0, hamil: 0, disabilitas: 0, ...weights },
    programs,
  };
}

const plan = (p: Programmes, c: Candidate[]) => optimise(p, c, solveWithHighs);

/** Every plan by exhaustive enumeration: the best (weight, then cost, then the programmes' positions in the file). */
function bruteForce(p: Programmes, candidates: Candidate[]): { weight: number; cost: number; order: number } {
  const options = candidates.map((c) => [-1, ...p.programs.flatMap((prog, i) => (isEligible(c, prog) ? [i] : []))]);
  let best = { weight: 0, cost: 0, order: 0 };
  const choice = new Array<number>(candidates.length).fill(-1);
  const walk = (i: number) => {
    if (i === candidates.length) {
      const people = new Array<number>(p.programs.length).fill(0);
      const spent: Record<string, number> = {};
      let weight = 0;
      let cost = 0;
      let order = 0;
      choice.forEach((prog, j) => {
        if (prog < 0) return;
        people[prog]++;
        order += prog;
        weight += weightOf(candidates[j], p.weights);
        for (const [f, r] of Object.entries(costOf(candidates[j], p.programs[prog], p.horizonMonths))) {
          spent[f] = (spent[f] ?? 0) + r;
          cost += r;
        }
      });
      if (p.programs.some((prog, k) => prog.quota !== null && people[k] > prog.quota)) return;
      if (Object.entries(spent).some(([f, r]) => r > p.budgets[f])) return;
      if (weight > best.weight || (weight === best.weight && (cost < best.cost || (cost === best.cost && order < best.order)))) {
        best = { weight, cost, order };
      }
      return;
    }
    for (const o of options[i]) {
      choice[i] = o;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}

/** Budgets and quotas hold, rupiah are whole, the sums agree with the assignments. */
function assertFeasible(p: Programmes, candidates: Candidate[], result: FundingPlan) {
  const byNik = new Map(candidates.map((c) => [c.nik, c]));
  const spent: Record<string, number> = {};
  const people: Record<string, number> = {};
  let weight = 0;
  const niks = result.assignments.map((a) => a.nik);
  assert.deepEqual(niks, [...niks].sort(), 'assignments are ordered by NIK');
  assert.equal(new Set(niks).size, niks.length, 'at most one programme per candidate');
  for (const a of result.assignments) {
    const c = byNik.get(a.nik)!;
    const prog = p.programs.find((x) => x.code === a.program)!;
    assert.ok(isEligible(c, prog), `${a.nik} is eligible for ${a.program}`);
    assert.deepEqual(a.cost, costOf(c, prog, p.horizonMonths));
    assert.equal(a.weight, weightOf(c, p.weights));
    people[a.program] = (people[a.program] ?? 0) + 1;
    weight += a.weight;
    for (const [f, r] of Object.entries(a.cost)) {
      assert.ok(Number.isInteger(r), 'rupiah are whole');
      spent[f] = (spent[f] ?? 0) + r;
    }
  }
  for (const prog of p.programs) if (prog.quota !== null) assert.ok((people[prog.code] ?? 0) <= prog.quota, `${prog.code} within its quota`);
  for (const f of result.funders) {
    assert.equal(f.spent, spent[f.funder] ?? 0);
    assert.ok(Number.isInteger(f.spent) && f.spent <= f.budget, `${f.funder} within its budget`);
  }
  assert.equal(result.objective.weight, weight);
  assert.equal(result.objective.people, result.assignments.length);
  assert.equal(result.objective.cost, Object.values(spent).reduce((s, r) => s + r, 0));
}

describe('optimiser against brute force', () => {
  const conditions: Condition[] = [
    { field: 'membership', in: ['NONAKTIF', 'TIDAK_TERDAFTAR'] },
    { field: 'membership', eq: 'TIDAK_TERDAFTAR' },
    { field: 'reason', in: ['TUNGGAKAN'] },
    { field: 'reason', in: ['PBI_DINONAKTIFKAN', null] },
    { field: 'arrearsMonths', max: 6 },
    { field: 'arrearsMonths', min: 4 },
    { field: 'desil', max: 5 },
    { field: 'kelas', in: [3, null] },
    { field: 'miskinEkstrem', eq: true },
    { field: 'age', min: 60 },
    { field: 'prioritas', has: 'KRONIS' },
  ];
  const share = fc.constantFrom(0, 1000, 2500, 16800, 21000, 35000, 37800);
  const funders = ['APBD', 'CSR'];
  const arbCandidate = fc
    .record({
      registered: fc.boolean(),
      reason: fc.constantFrom('TUNGGAKAN', 'PBI_DINONAKTIFKAN', 'PPU_BERHENTI', 'LAINNYA', null),
      arrearsMonths: fc.integer({ min: 0, max: 30 }),
      kelas: fc.constantFrom(1, 2, 3),
      desil: fc.constantFrom(null, 1, 3, 5, 7, 10),
      miskinEkstrem: fc.boolean(),
      age: fc.constantFrom(2, 30, 65),
      prioritas: fc.subarray(['KRONIS', 'HAMIL', 'DISABILITAS'] as PrioritasCategory[]),
    })
    .map((r) =>
      candidate({
        membership: r.registered ? 'NONAKTIF' : 'TIDAK_TERDAFTAR',
        segment: r.registered ? 'PBPU' : null,
        reason: r.registered ? r.reason : null,
        arrearsMonths: r.registered ? r.arrearsMonths : 0,
        kelas: r.registered ? r.kelas : null,
        desil: r.desil,
        miskinEkstrem: r.miskinEkstrem,
        age: r.age,
        prioritas: new Set(r.prioritas),
      }),
    );
  const arbInstance = fc
    .record({
      funderCount: fc.integer({ min: 1, max: 2 }),
      horizonMonths: fc.integer({ min: 1, max: 24 }),
      programs: fc.array(
        fc.record({
          quota: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
          monthly: fc.tuple(share, share),
          arrears: fc.tuple(share, share),
          eligible: fc.subarray(conditions, { maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      budgets: fc.tuple(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 3_000_000 })),
      weights: fc.record({
        base: fc.integer({ min: 0, max: 3 }),
        miskinEkstrem: fc.integer({ min: 0, max: 4 }),
        balita: fc.integer({ min: 0, max: 2 }),
        lansia: fc.integer({ min: 0, max: 2 }),
        kronis: fc.integer({ min: 0, max: 3 }),
        hamil: fc.integer({ min: 0, max: 2 }),
        disabilitas: fc.integer({ min: 0, max: 2 }),
      }),
      candidates: fc.array(arbCandidate, { minLength: 0, maxLength: 7 }),
    })
    .map((r) => {
      const used = funders.slice(0, r.funderCount);
      const shares = (pair: [number, number]) => Object.fromEntries(used.map((f, i) => [f, pair[i]]).filter(([, v]) => v !== 0));
      const p: Programmes = {
        horizonMonths: r.horizonMonths,
        budgets: Object.fromEntries(used.map((f, i) => [f, r.budgets[i]])),
        weights: r.weights,
        programs: r.programs.map((x, i) => ({ code: `P${i}`, route: 'PBPU_PEMDA', quota: x.quota, monthly: shares(x.monthly), arrears: shares(x.arrears), eligible: x.eligible })),
      };
      return { p, candidates: r.candidates };
    });

  test('random small instances: the same weight, cost and tie-break as exhaustive enumeration, within budgets and quotas', async () => {
    await fc.assert(
      fc.asyncProperty(arbInstance, async ({ p, candidates }) => {
        const result = await plan(p, candidates);
        assertFeasible(p, candidates, result);
        const best = bruteForce(p, candidates);
        const order = result.assignments.reduce((s, a) => s + p.programs.findIndex((x) => x.code === a.program), 0);
        assert.deepEqual({ weight: result.objective.weight, cost: result.objective.cost, order }, best);
      }),
      { numRuns: 300, seed: 1414 },
    );
  });

  test('random small instances: the same plan whatever the candidates order', async () => {
    await fc.assert(
      fc.asyncProperty(arbInstance, async ({ p, candidates }) => {
        const a = await plan(p, candidates);
        const b = await plan(p, [...candidates].reverse());
        assert.deepEqual(b, a);
      }),
      { numRuns: 60, seed: 77 },
    );
  });
});

describe('hand-made instances', () => {
  test('the example programmes file of formats.md', async () => {
    const parsed = parseProgrammes({
      horizonMonths: 12,
      budgets: { APBD: 1_500_000_000, BAZNAS: 252_000_000, CSR: 60_000_000 },
      weights: { base: 1, miskinEkstrem: 3, balita: 1, lansia: 1, kronis: 2, hamil: 2, disabilitas: 1 },
      programs: [
        { code: 'PEMDA', route: 'PBPU_PEMDA', quota: null, monthly: { APBD: 37800 }, eligible: [{ field: 'membership', in: ['NONAKTIF', 'TIDAK_TERDAFTAR'] }] },
        { code: 'SSI', route: 'PBPU_PEMDA', quota: 1000, monthly: { BAZNAS: 21000, APBD: 16800 }, eligible: [{ field: 'miskinEkstrem', eq: true }] },
        { code: 'TUNGGAKAN_CSR', route: 'BAYAR_TUNGGAKAN', quota: null, arrears: { CSR: 35000 }, eligible: [{ field: 'reason', in: ['TUNGGAKAN'] }, { field: 'arrearsMonths', max: 6 }] },
        { code: 'USULAN_PBI', route: 'USULAN_PBI', quota: 500, eligible: [{ field: 'desil', max: 5 }] },
      ],
    });
    assert.ok(parsed.ok);
    const poor = candidate({ membership: 'TIDAK_TERDAFTAR', segment: null, reason: null, kelas: null, miskinEkstrem: true });
    const arrears = candidate({ arrearsMonths: 3 });
    const desil = candidate({ membership: 'TIDAK_TERDAFTAR', segment: null, reason: null, kelas: null, desil: 2, age: 70 });
    const long = candidate({ arrearsMonths: 30 });
    const result = await plan(parsed.value, [poor, arrears, desil, long]);
    // SSI and PEMDA both cost 37,800 a month in all: a tie, broken by the file's order (PEMDA first).
    assert.deepEqual(result.assignments, [
      { nik: poor.nik, program: 'PEMDA', weight: 4, cost: { APBD: 453_600 } },
      { nik: arrears.nik, program: 'TUNGGAKAN_CSR', weight: 1, cost: { CSR: 105_000 } },
      { nik: desil.nik, program: 'USULAN_PBI', weight: 2, cost: {} },
      { nik: long.nik, program: 'PEMDA', weight: 1, cost: { APBD: 453_600 } },
    ]);
    assert.deepEqual(result.objective, { weight: 8, people: 4, cost: 453_600 + 105_000 + 453_600 });
    assert.deepEqual(result.programs[1], { code: 'SSI', route: 'PBPU_PEMDA', people: 0, weight: 0, cost: { BAZNAS: 0, APBD: 0 } });
    assert.deepEqual(result.funders, [
      { funder: 'APBD', budget: 1_500_000_000, spent: 453_600 * 2 },
      { funder: 'BAZNAS', budget: 252_000_000, spent: 0 },
      { funder: 'CSR', budget: 60_000_000, spent: 105_000 },
    ]);
    // With SSI listed first, the tie goes to SSI; with APBD short, SSI saves APBD money and is chosen anyway.
    const ssiFirst = { ...parsed.value, programs: [parsed.value.programs[1], parsed.value.programs[0], ...parsed.value.programs.slice(2)] };
    assert.equal((await plan(ssiFirst, [poor, arrears, desil, long])).assignments[0].program, 'SSI');
    const short = { ...parsed.value, budgets: { ...parsed.value.budgets, APBD: 201_600 + 453_600 } };
    const tight = await plan(short, [poor, arrears, desil, long]);
    assert.deepEqual(tight.assignments.map((a) => a.program), ['SSI', 'TUNGGAKAN_CSR', 'USULAN_PBI', 'PEMDA']);
  });

  test('greedy by weight is wrong: one heavy person would take the whole budget of two lighter ones', async () => {
    // Budget 24: A (weight 3) costs 12 + 12 months of arrears = 24; B and C (weight 2 each) cost 12 each. Greedy takes A (3); the best is B + C (4).
    const a = candidate({ arrearsMonths: 12, prioritas: new Set(['KRONIS']) });
    const b = candidate();
    const c = candidate();
    const expensive = file([programme({ code: 'P', monthly: { APBD: 1 }, arrears: { APBD: 1 } })], { APBD: 24 }, { base: 2, kronis: 1 });
    const result = await plan(expensive, [a, b, c]);
    assert.deepEqual(result.assignments.map((x) => x.nik), [b.nik, c.nik]);
    assert.deepEqual(result.objective, { weight: 4, people: 2, cost: 24 });
  });

  test('greedy by weight per rupiah is wrong: the cheapest ratio leaves budget unused', async () => {
    // Budget 10: A weight 1 cost 1 (ratio 1), B weight 9 cost 10 (ratio 0.9). Greedy by ratio takes A, then B no longer fits: 1. Best: B: 9.
    const p = file([programme({ code: 'P', arrears: { APBD: 1 } })], { APBD: 10 }, { base: 1, miskinEkstrem: 8 });
    const a = candidate({ arrearsMonths: 1 });
    const b = candidate({ arrearsMonths: 10, miskinEkstrem: true });
    const result = await plan(p, [a, b]);
    assert.deepEqual(result.assignments.map((x) => x.nik), [b.nik]);
    assert.deepEqual(result.objective, { weight: 9, people: 1, cost: 10 });
  });

  test('ties in weight are broken by the least cost', async () => {
    // Two programmes for the same people: the cheaper one is chosen; of two people of equal weight, the cheaper.
    const p = file(
      [
        programme({ code: 'MAHAL', monthly: { APBD: 37_800 } }),
        programme({ code: 'MURAH', monthly: { APBD: 21_000 }, quota: 1 }),
      ],
      { APBD: 37_800 * 12 + 21_000 * 12 },
    );
    const x = candidate();
    const y = candidate();
    const result = await plan(p, [x, y]);
    assert.equal(result.objective.people, 2);
    assert.equal(result.objective.cost, 37_800 * 12 + 21_000 * 12);
    const one = await plan(file([programme({ code: 'T', arrears: { CSR: 35_000 } })], { CSR: 35_000 * 5 }), [candidate({ arrearsMonths: 5 }), candidate({ arrearsMonths: 2 })]);
    assert.deepEqual(one.objective, { weight: 1, people: 1, cost: 70_000 });
  });

  test('a zero-cost route is used up to its quota before paid programmes', async () => {
    const p = file(
      [programme({ code: 'PEMDA', monthly: { APBD: 37_800 } }), programme({ code: 'USULAN_PBI', route: 'USULAN_PBI', quota: 1, eligible: [{ field: 'desil', max: 5 }] })],
      { APBD: 37_800 * 12 * 10 },
    );
    const poor = candidate({ desil: 2 });
    const other = candidate({ desil: null });
    const result = await plan(p, [poor, other]);
    assert.deepEqual(
      result.assignments.map((a) => [a.nik, a.program]),
      [
        [poor.nik, 'USULAN_PBI'],
        [other.nik, 'PEMDA'],
      ],
    );
    assert.deepEqual(result.funders, [{ funder: 'APBD', budget: 37_800 * 120, spent: 37_800 * 12 }]);
  });

  test('explanations: the binding quota and budget, and a person\'s components and alternatives', async () => {
    const p = file(
      [programme({ code: 'SSI', quota: 1, monthly: { BAZNAS: 21_000, APBD: 16_800 }, eligible: [{ field: 'miskinEkstrem', eq: true }] }), programme({ code: 'PEMDA', monthly: { APBD: 37_800 } })],
      { BAZNAS: 252_000_000, APBD: 37_800 * 12 + 16_800 * 12 + 1 },
      { base: 1, miskinEkstrem: 3 },
    );
    const people = [candidate({ miskinEkstrem: true }), candidate({ miskinEkstrem: true }), candidate({ miskinEkstrem: true })];
    const result = await plan(p, people);
    assert.equal(result.objective.people, 2);
    const [ssi, pemda] = result.explanations.programs;
    assert.deepEqual(ssi.quota, { quota: 1, people: 1, binds: true });
    assert.equal(ssi.unassignedEligible, 1);
    assert.deepEqual(pemda.budgets, [{ funder: 'APBD', remaining: 1, nextCost: 37_800 * 12, binds: true }]);
    assert.equal(pemda.quota.binds, false);
    const why = explainCandidate(people[0], p, result);
    assert.deepEqual(why.components, [
      { flag: 'base', weight: 1 },
      { flag: 'miskinEkstrem', weight: 3 },
    ]);
    assert.equal(why.weight, 4);
    assert.deepEqual(why.eligible, [
      { code: 'SSI', cost: { BAZNAS: 252_000, APBD: 201_600 } },
      { code: 'PEMDA', cost: { APBD: 453_600 } },
    ]);
    assert.equal(why.program, result.assignments[0].nik === people[0].nik ? result.assignments[0].program : null);
  });

  test('nobody eligible, no candidates, weight 0: an empty plan', async () => {
    const p = file([programme({ code: 'P', monthly: { APBD: 1 }, eligible: [{ field: 'age', min: 200 }] })], { APBD: 100 });
    assert.deepEqual((await plan(p, [candidate()])).objective, { weight: 0, people: 0, cost: 0 });
    assert.deepEqual((await plan(p, [])).assignments, []);
    const zero = file([programme({ code: 'P' })], {}, { base: 0 });
    assert.equal((await plan(zero, [candidate()])).objective.people, 0);
  });

  test('identical candidates are grouped: one group, expanded in NIK order and programme order', async () => {
    const p = file([programme({ code: 'A', quota: 2 }), programme({ code: 'B' })], {});
    const people = [candidate(), candidate(), candidate(), candidate()].reverse();
    const grouping = groupCandidates(p, people);
    assert.equal(grouping.model.groups.length, 1);
    assert.equal(grouping.model.groups[0].count, 4);
    const result = await plan(p, people);
    const niks = people.map((c) => c.nik).sort();
    assert.equal(result.assignments.length, 4);
    assert.deepEqual(result.assignments.map((a) => a.nik), niks);
  });

  test('a repeated NIK is refused', () => {
    const c = candidate();
    assert.throws(() => groupCandidates(file([programme({ code: 'P' })], {}), [c, { ...c }]), /more than once/);
  });

  test('the check before trusting the solver refuses fractions, quotas and budgets exceeded', () => {
    const p = file([programme({ code: 'P', quota: 1, monthly: { APBD: 10 } })], { APBD: 240 });
    const { model } = groupCandidates(p, [candidate(), candidate(), candidate()]);
    assert.throws(() => verifyCounts(model, [[0.5]]), /not a whole number/);
    assert.throws(() => verifyCounts(model, [[2]]), /quota/);
    assert.throws(() => verifyCounts(model, [[-1]]), /negative/);
    const noQuota = groupCandidates(file([programme({ code: 'P', monthly: { APBD: 10 } })], { APBD: 240 }), [candidate(), candidate(), candidate()]).model;
    assert.throws(() => verifyCounts(noQuota, [[3]]), /budget/);
    assert.throws(() => verifyCounts(noQuota, [[4]]), /has 3/);
    assert.deepEqual(verifyCounts(noQuota, [[2.0000001]]), [[2]]);
  });

  test('deterministic: the same input gives an identical plan', async () => {
    const p = file(
      [programme({ code: 'A', quota: 3, monthly: { APBD: 100 } }), programme({ code: 'B', monthly: { APBD: 100 } }), programme({ code: 'C', arrears: { CSR: 50 } })],
      { APBD: 100 * 12 * 5, CSR: 1000 },
      { base: 1, kronis: 2 },
    );
    const people = Array.from({ length: 12 }, (_, i) => candidate({ arrearsMonths: i % 4, prioritas: new Set(i % 3 ? [] : ['KRONIS']) }));
    const first = await plan(p, people);
    for (let i = 0; i < 3; i++) assert.deepEqual(await plan(p, people), first);
    assert.equal(JSON.stringify(await plan(p, people)), JSON.stringify(first));
  });
});
