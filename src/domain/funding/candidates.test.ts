import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ageOn, type Candidate, conditionHolds, costOf, isCandidate, isEligible, prioritasOn, toCandidate, weightComponents, weightOf } from './candidates.ts';
import type { Condition, Weights } from './programmes.ts';

const unregistered: Candidate = {
  nik: '5203014101900001',
  membership: 'TIDAK_TERDAFTAR',
  segment: null,
  reason: null,
  arrearsMonths: 0,
  kelas: null,
  desil: null,
  miskinEkstrem: false,
  age: 34,
  sex: 'P',
  kecamatan: '52.03.01',
  desa: '52.03.01.2001',
  prioritas: new Set(),
};
const inArrears: Candidate = { ...unregistered, membership: 'NONAKTIF', segment: 'PBPU', reason: 'TUNGGAKAN', arrearsMonths: 30, kelas: 3, desil: 4 };

const WEIGHTS: Weights = { base: 1, miskinEkstrem: 3, balita: 1, lansia: 1, kronis: 2, hamil: 2, disabilitas: 1 };

describe('conditions', () => {
  const holds = (c: Candidate, condition: Condition) => conditionHolds(c, condition);

  test('a null field fails eq, min and max', () => {
    for (const condition of [{ field: 'desil', eq: 4 }, { field: 'desil', min: 1 }, { field: 'desil', max: 10 }, { field: 'kelas', max: 3 }, { field: 'segment', eq: 'PBPU' }] as Condition[]) {
      assert.equal(holds(unregistered, condition), false, JSON.stringify(condition));
      assert.equal(holds(inArrears, condition), true, JSON.stringify(condition));
    }
  });

  test('a null field fails in unless null is listed', () => {
    assert.equal(holds(unregistered, { field: 'reason', in: ['TUNGGAKAN'] }), false);
    assert.equal(holds(unregistered, { field: 'reason', in: ['TUNGGAKAN', null] }), true);
    assert.equal(holds(inArrears, { field: 'reason', in: ['PBI_DINONAKTIFKAN', null] }), false);
    assert.equal(holds(unregistered, { field: 'desil', in: [null] }), true);
  });

  test('min and max are inclusive; eq on booleans, codes; has on prioritas', () => {
    assert.equal(holds(inArrears, { field: 'arrearsMonths', min: 30 }), true);
    assert.equal(holds(inArrears, { field: 'arrearsMonths', max: 29 }), false);
    assert.equal(holds(inArrears, { field: 'age', max: 34 }), true);
    assert.equal(holds(inArrears, { field: 'miskinEkstrem', eq: false }), true);
    assert.equal(holds(inArrears, { field: 'miskinEkstrem', eq: true }), false);
    assert.equal(holds(inArrears, { field: 'kecamatan', eq: '52.03.01' }), true);
    assert.equal(holds(inArrears, { field: 'membership', in: ['NONAKTIF'] }), true);
    assert.equal(holds(inArrears, { field: 'prioritas', has: 'KRONIS' }), false);
    assert.equal(holds({ ...inArrears, prioritas: new Set(['KRONIS']) }, { field: 'prioritas', has: 'KRONIS' }), true);
  });

  test('every condition of a programme must hold; no condition means everyone', () => {
    const programme = { code: 'T', route: 'BAYAR_TUNGGAKAN' as const, quota: null, monthly: {}, arrears: {}, eligible: [{ field: 'reason', in: ['TUNGGAKAN'] }, { field: 'arrearsMonths', max: 6 }] as Condition[] };
    assert.equal(isEligible(inArrears, programme), false);
    assert.equal(isEligible({ ...inArrears, arrearsMonths: 6 }, programme), true);
    assert.equal(isEligible(unregistered, { ...programme, eligible: [] }), true);
  });
});

describe('weight', () => {
  test('base plus each flag that holds', () => {
    assert.equal(weightOf(unregistered, WEIGHTS), 1);
    const everything = { ...unregistered, age: 4, miskinEkstrem: true, prioritas: new Set(['KRONIS', 'HAMIL', 'DISABILITAS'] as const) };
    assert.equal(weightOf(everything, WEIGHTS), 1 + 3 + 1 + 2 + 2 + 1);
    assert.deepEqual(weightComponents({ ...unregistered, age: 60 }, WEIGHTS), [
      { flag: 'base', weight: 1 },
      { flag: 'lansia', weight: 1 },
    ]);
  });

  test('the weight is the sum of its components', () => {
    const people = [unregistered, inArrears, { ...unregistered, age: 3, miskinEkstrem: true, prioritas: new Set(['HAMIL'] as const) }, { ...inArrears, age: 70, prioritas: new Set(['KRONIS', 'DISABILITAS'] as const) }];
    for (const c of people) assert.equal(weightOf(c, WEIGHTS), weightComponents(c, WEIGHTS).reduce((s, x) => s + x.weight, 0));
    assert.equal(weightOf(unregistered, { ...WEIGHTS, base: 0 }), 0);
  });

  test('balita is under 5, lansia 60 and over', () => {
    assert.equal(weightOf({ ...unregistered, age: 5 }, WEIGHTS), 1);
    assert.equal(weightOf({ ...unregistered, age: 4 }, WEIGHTS), 2);
    assert.equal(weightOf({ ...unregistered, age: 59 }, WEIGHTS), 1);
    assert.equal(weightOf({ ...unregistered, age: 60 }, WEIGHTS), 2);
  });
});

describe('cost', () => {
  test('SSI: 21,000 Baznas + 16,800 APBD per month for 12 months', () => {
    assert.deepEqual(costOf(unregistered, { monthly: { BAZNAS: 21_000, APBD: 16_800 }, arrears: {} }, 12), { BAZNAS: 252_000, APBD: 201_600 });
  });

  test('PBPU Pemda 37,800 per person-month', () => {
    assert.deepEqual(costOf(unregistered, { monthly: { APBD: 37_800 }, arrears: {} }, 12), { APBD: 453_600 });
  });

  test('arrears are counted up to 24 months, and added to the monthly share of the same funder', () => {
    assert.deepEqual(costOf(inArrears, { monthly: {}, arrears: { CSR: 35_000 } }, 12), { CSR: 35_000 * 24 });
    assert.deepEqual(costOf({ arrearsMonths: 5 }, { monthly: { CSR: 100 }, arrears: { CSR: 35_000 } }, 3), { CSR: 300 + 175_000 });
    assert.deepEqual(costOf({ arrearsMonths: 5 }, { monthly: {}, arrears: {} }, 12), {});
  });
});

describe('candidates', () => {
  test('living residents not active for a reason other than death or duplicate data, or unregistered', () => {
    assert.equal(isCandidate('HIDUP', null), true);
    assert.equal(isCandidate('HIDUP', { status: 'NONAKTIF', reason: 'TUNGGAKAN' }), true);
    assert.equal(isCandidate('HIDUP', { status: 'NONAKTIF', reason: null }), true);
    assert.equal(isCandidate('HIDUP', { status: 'NONAKTIF', reason: 'MENINGGAL' }), false);
    assert.equal(isCandidate('HIDUP', { status: 'NONAKTIF', reason: 'DATA_GANDA' }), false);
    assert.equal(isCandidate('HIDUP', { status: 'AKTIF', reason: null }), false);
    assert.equal(isCandidate('MENINGGAL', null), false);
    assert.equal(isCandidate('PINDAH', { status: 'NONAKTIF', reason: 'TUNGGAKAN' }), false);
  });

  test('age in whole years on the plan date', () => {
    assert.equal(ageOn('2021-06-15', '2026-06-14'), 4);
    assert.equal(ageOn('2021-06-15', '2026-06-15'), 5);
    assert.equal(ageOn('1966-12-31', '2026-12-04'), 59);
    assert.equal(ageOn('2020-02-29', '2025-02-28'), 4);
    assert.equal(ageOn('2020-02-29', '2025-03-01'), 5);
  });

  test('a prioritas category whose sampai is before the plan date does not hold', () => {
    const rows = [
      { kategori: 'HAMIL' as const, sampai: '2026-12-03' },
      { kategori: 'KRONIS' as const, sampai: null },
      { kategori: 'DISABILITAS' as const, sampai: '2026-12-04' },
    ];
    assert.deepEqual([...prioritasOn(rows, '2026-12-04')].sort(), ['DISABILITAS', 'KRONIS']);
  });

  test('toCandidate: the fields from the register, the extract, dtsen and prioritas', () => {
    const base = { nik: '5203014101900001', status: 'HIDUP' as const, sex: 'P' as const, birthDate: '1990-01-01', desa: '52.03.01.2001', dtsen: null, prioritas: [] };
    assert.deepEqual(toCandidate({ ...base, peserta: null }, '2026-12-04'), { ...unregistered, age: 36 });
    const c = toCandidate(
      { ...base, peserta: { segment: 'PBPU', status: 'NONAKTIF', reason: 'TUNGGAKAN', arrearsMonths: null, kelas: 3 }, dtsen: { desil: 2, miskinEkstrem: true } },
      '2026-12-04',
    );
    assert.equal(c?.arrearsMonths, 0);
    assert.equal(c?.membership, 'NONAKTIF');
    assert.equal(c?.desil, 2);
    assert.equal(c?.miskinEkstrem, true);
    assert.equal(toCandidate({ ...base, peserta: { segment: 'PBPU', status: 'AKTIF', reason: null, arrearsMonths: 0, kelas: 3 } }, '2026-12-04'), null);
  });
});
