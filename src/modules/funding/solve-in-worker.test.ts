import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../../domain/funding/candidates.ts';
import { optimise } from '../../domain/funding/optimise.ts';
import { DEFAULT_PROGRAMMES } from '../../domain/funding/programmes.ts';
import { solveWithHighs } from './highs-solver.ts';
import { solveInWorker, startSolveWorker } from './solve-in-worker.ts';

function person(i: number): Candidate {
  return {
    nik: `52030141019${String(i).padStart(5, '0')}`,
    membership: i % 3 ? 'NONAKTIF' : 'TIDAK_TERDAFTAR',
    segment: i % 3 ? 'PBPU' : null,
    reason: i % 3 ? (i % 2 ? 'TUNGGAKAN' : 'PBI_DINONAKTIFKAN') : null,
    arrearsMonths: i % 3 ? i % 26 : 0,
    kelas: i % 3 ? 3 : null,
    desil: i % 4 ? (i % 10) + 1 : null,
    miskinEkstrem: i % 7 === 0,
    age: i % 90,
    sex: i % 2 ? 'L' : 'P',
    kecamatan: '52.03.01',
    desa: '52.03.01.2001',
    prioritas: new Set(i % 5 === 0 ? ['KRONIS'] : []),
  };
}

test('the worker gives the same plan as the in-process solve', async () => {
  const candidates = Array.from({ length: 400 }, (_, i) => person(i));
  const programmes = { ...DEFAULT_PROGRAMMES, budgets: { APBD: 20_000_000, BAZNAS: 2_000_000, DBHCHT: 5_000_000, CSR: 1_000_000 } };
  const inWorker = await optimise(programmes, candidates, solveInWorker);
  const here = await optimise(programmes, candidates, solveWithHighs);
  assert.deepEqual(inWorker, here);
  assert.ok(inWorker.objective.people > 0 && inWorker.objective.people < candidates.length);
  // Started ahead, while the candidates are grouped.
  const worker = startSolveWorker();
  assert.deepEqual(await optimise(programmes, candidates, worker.solve), here);
});

test('a worker started for a plan that is abandoned can be stopped', async () => {
  await startSolveWorker().stop();
});

test('a solver error in the worker is an error here', async () => {
  await assert.rejects(solveInWorker({ funders: [], budgets: [], quotas: [0], groups: [{ count: -1, weight: 1, options: [{ programme: 0, cost: [] }] }] }));
});
