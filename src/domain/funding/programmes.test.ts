import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROGRAMMES, parseProgrammes, type UsageError } from './programmes.ts';

/** The programmes file of formats.md, word for word. */
const EXAMPLE = `{
  "horizonMonths": 12,
  "budgets": { "APBD": 1500000000, "BAZNAS": 252000000, "CSR": 60000000 },
  "weights": { "base": 1, "miskinEkstrem": 3, "balita": 1, "lansia": 1, "kronis": 2, "hamil": 2, "disabilitas": 1 },
  "programs": [
    { "code": "PEMDA", "route": "PBPU_PEMDA", "quota": null, "monthly": { "APBD": 37800 },
      "eligible": [ { "field": "membership", "in": ["NONAKTIF", "TIDAK_TERDAFTAR"] } ] },
    { "code": "SSI", "route": "PBPU_PEMDA", "quota": 1000, "monthly": { "BAZNAS": 21000, "APBD": 16800 },
      "eligible": [ { "field": "miskinEkstrem", "eq": true } ] },
    { "code": "TUNGGAKAN_CSR", "route": "BAYAR_TUNGGAKAN", "quota": null, "arrears": { "CSR": 35000 },
      "eligible": [ { "field": "reason", "in": ["TUNGGAKAN"] }, { "field": "arrearsMonths", "max": 6 } ] },
    { "code": "USULAN_PBI", "route": "USULAN_PBI", "quota": 500,
      "eligible": [ { "field": "desil", "max": 5 } ] }
  ]
}`;

const example = () => JSON.parse(EXAMPLE);

function errorsOf(file: unknown): UsageError[] {
  const result = parseProgrammes(file);
  assert.equal(result.ok, false, 'a usage error');
  return result.ok ? [] : result.errors;
}

/** The one error at `path`, whose reason matches. */
function assertError(file: unknown, path: string, reason: RegExp) {
  const errors = errorsOf(file);
  const at = errors.filter((e) => e.path === path);
  assert.equal(at.length, 1, `one error at ${path}: ${JSON.stringify(errors)}`);
  assert.match(at[0].reason, reason);
}

describe('parseProgrammes', () => {
  test('reads the example of formats.md, with defaults filled in', () => {
    const result = parseProgrammes(EXAMPLE);
    assert.ok(result.ok);
    const { value } = result;
    assert.equal(value.horizonMonths, 12);
    assert.deepEqual(value.budgets, { APBD: 1_500_000_000, BAZNAS: 252_000_000, CSR: 60_000_000 });
    assert.deepEqual(value.programs.map((p) => p.code), ['PEMDA', 'SSI', 'TUNGGAKAN_CSR', 'USULAN_PBI']);
    assert.deepEqual(value.programs[2], {
      code: 'TUNGGAKAN_CSR',
      route: 'BAYAR_TUNGGAKAN',
      quota: null,
      monthly: {},
      arrears: { CSR: 35_000 },
      eligible: [
        { field: 'reason', in: ['TUNGGAKAN'] },
        { field: 'arrearsMonths', max: 6 },
      ],
    });
    assert.deepEqual(value.programs[3].monthly, {});
    assert.equal(value.programs[3].quota, 500);
  });

  test('missing weights count 0; an omitted quota is no limit', () => {
    const file = example();
    file.weights = { base: 2 };
    delete file.programs[1].quota;
    const result = parseProgrammes(file);
    assert.ok(result.ok);
    assert.deepEqual(result.value.weights, { base: 2, miskinEkstrem: 0, balita: 0, lansia: 0, kronis: 0, hamil: 0, disabilitas: 0 });
    assert.equal(result.value.programs[1].quota, null);
  });

  test('the default programmes are a valid file', () => {
    const result = parseProgrammes(JSON.parse(JSON.stringify(DEFAULT_PROGRAMMES)));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.deepEqual(result.value, DEFAULT_PROGRAMMES);
    const pemda = DEFAULT_PROGRAMMES.programs.find((p) => p.code === 'PEMDA')!;
    assert.deepEqual(pemda.monthly, { APBD: 37_800 });
  });

  test('not JSON', () => assertError('{"horizonMonths": 12,', '', /not valid JSON/));

  test('a repeated code names the second programme', () => {
    const file = example();
    file.programs[2].code = 'PEMDA';
    assertError(file, 'programs[2].code', /repeated code "PEMDA" \(also programs\[0\]\)/);
  });

  test('an unknown route', () => {
    const file = example();
    file.programs[1].route = 'PBPU';
    assertError(file, 'programs[1].route', /unknown route/);
  });

  test('an unknown field in a condition', () => {
    const file = example();
    file.programs[0].eligible.push({ field: 'umur', min: 60 });
    assertError(file, 'programs[0].eligible[1].field', /unknown field "umur"/);
  });

  test('an unknown operator in a condition, and a condition without exactly one operator', () => {
    const file = example();
    file.programs[3].eligible[0] = { field: 'desil', lt: 5 };
    assertError(file, 'programs[3].eligible[0].lt', /unknown operator/);
    const two = example();
    two.programs[3].eligible[0] = { field: 'desil', min: 1, max: 5 };
    assertError(two, 'programs[3].eligible[0]', /exactly one operator/);
  });

  test('an operator that does not fit the field, and a value outside the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ field: 'prioritas', eq: 'KRONIS' }, 'programs[0].eligible[1].eq', /only the operator "has"/],
      [{ field: 'prioritas', has: 'HAMIL_TUA' }, 'programs[0].eligible[1].has', /not one of KRONIS, HAMIL, DISABILITAS/],
      [{ field: 'desil', has: 'KRONIS' }, 'programs[0].eligible[1].has', /only to the field prioritas/],
      [{ field: 'sex', min: 1 }, 'programs[0].eligible[1].min', /only to a number field/],
      [{ field: 'kelas', in: [3, 4] }, 'programs[0].eligible[1].in[1]', /4 is not a whole number from 1 to 3/],
      [{ field: 'membership', eq: 'AKTIF' }, 'programs[0].eligible[1].eq', /not one of NONAKTIF, TIDAK_TERDAFTAR/],
      [{ field: 'miskinEkstrem', eq: 'Y' }, 'programs[0].eligible[1].eq', /not true or false/],
      [{ field: 'desa', eq: '52.03' }, 'programs[0].eligible[1].eq', /not a desa code/],
      [{ field: 'reason', in: 'TUNGGAKAN' }, 'programs[0].eligible[1].in', /a list/],
    ];
    for (const [condition, path, reason] of cases) {
      const file = example();
      file.programs[0].eligible.push(condition);
      assertError(file, path, reason);
    }
  });

  test('region codes without dots are normalised; null may be listed in "in"', () => {
    const file = example();
    file.programs[0].eligible.push({ field: 'desa', in: ['5203012001', '52.03.01.2002'] }, { field: 'segment', in: ['PBPU', null] });
    const result = parseProgrammes(file);
    assert.ok(result.ok);
    assert.deepEqual(result.value.programs[0].eligible.slice(1), [
      { field: 'desa', in: ['52.03.01.2001', '52.03.01.2002'] },
      { field: 'segment', in: ['PBPU', null] },
    ]);
  });

  test('values out of range', () => {
    const cases: [(file: any) => void, string, RegExp][] = [
      [(f) => (f.horizonMonths = 25), 'horizonMonths', /1 to 24/],
      [(f) => (f.horizonMonths = 0), 'horizonMonths', /1 to 24/],
      [(f) => (f.horizonMonths = 6.5), 'horizonMonths', /1 to 24/],
      [(f) => delete f.horizonMonths, 'horizonMonths', /1 to 24/],
      [(f) => (f.budgets.CSR = -1), 'budgets.CSR', /≥ 0/],
      [(f) => (f.budgets.CSR = 1.5), 'budgets.CSR', /whole number/],
      [(f) => (f.budgets.CSR = '60000000'), 'budgets.CSR', /a number/],
      [(f) => (f.weights.kronis = -2), 'weights.kronis', /≥ 0/],
      [(f) => (f.weights.kronis = 0.5), 'weights.kronis', /whole number/],
      [(f) => (f.programs[1].monthly.BAZNAS = 21000.5), 'programs[1].monthly.BAZNAS', /whole number/],
      [(f) => (f.programs[2].arrears.CSR = -35000), 'programs[2].arrears.CSR', /≥ 0/],
      [(f) => (f.programs[1].quota = -1), 'programs[1].quota', /≥ 0/],
    ];
    for (const [change, path, reason] of cases) {
      const file = example();
      change(file);
      assertError(file, path, reason);
    }
  });

  test('unknown fields of the file, a programme and the weights', () => {
    const file = example();
    file.budget = {};
    file.programs[1].kuota = 5;
    file.weights.miskin = 3;
    const errors = errorsOf(file);
    for (const path of ['budget', 'programs[1].kuota', 'weights.miskin']) {
      assert.ok(errors.some((e) => e.path === path && e.reason === 'unknown field'), `${path} in ${JSON.stringify(errors)}`);
    }
  });

  test('a funder named by a programme without a budget', () => {
    const file = example();
    delete file.budgets.BAZNAS;
    file.programs[3].arrears = { DONASI: 10 };
    const errors = errorsOf(file);
    assert.deepEqual(errors, [
      { path: 'programs[1].monthly.BAZNAS', reason: 'funder "BAZNAS" has no budget in budgets' },
      { path: 'programs[3].arrears.DONASI', reason: 'funder "DONASI" has no budget in budgets' },
    ]);
  });

  test('every error is reported at once', () => {
    const file = example();
    file.horizonMonths = 30;
    file.programs[1].route = 'X';
    file.programs[2].code = 'PEMDA';
    file.programs[3].monthly = { DINSOS: 1 };
    const paths = errorsOf(file).map((e) => e.path);
    assert.deepEqual(paths.sort(), ['horizonMonths', 'programs[1].route', 'programs[2].code', 'programs[3].monthly.DINSOS']);
  });
});
