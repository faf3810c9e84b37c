import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCoverageReport,
  kecamatanOf,
  summariseCells,
  toContractReport,
  type CoverageCell,
  type CoverageRowDetail,
} from './coverage.ts';
import type { InactiveReason, Segment } from './membership.ts';

const DISTRICT = { code: '52.03', name: 'LOMBOK TIMUR' };
const KECAMATAN = [
  { code: '52.03.01', name: 'KERUAK' },
  { code: '52.03.02', name: 'JEROWARU' },
  { code: '52.03.03', name: 'SAKRA' }, // no residents in the cells
];
const DESA = [
  { code: '52.03.01.2001', name: 'KERUAK' },
  { code: '52.03.01.2002', name: 'PIJOT' },
  { code: '52.03.02.2001', name: 'JEROWARU' },
  { code: '52.03.03.2001', name: 'SAKRA' },
];

function cell(
  desaCode: string,
  segment: Segment | null,
  status: 'AKTIF' | 'NONAKTIF' | null,
  residents: number,
  reason: InactiveReason | null = null,
): CoverageCell {
  return { desaCode, segment, status, reason, residents };
}

const CELLS: CoverageCell[] = [
  cell('52.03.01.2001', 'PBI_APBN', 'AKTIF', 50),
  cell('52.03.01.2001', 'PBI_APBD', 'AKTIF', 20),
  cell('52.03.01.2001', 'PBPU', 'NONAKTIF', 10, 'TUNGGAKAN'),
  cell('52.03.01.2001', null, null, 5),
  cell('52.03.01.2002', 'PPU_BU', 'AKTIF', 8),
  cell('52.03.01.2002', 'PBI_APBN', 'NONAKTIF', 4, 'PBI_DINONAKTIFKAN'),
  cell('52.03.01.2002', 'PBI_APBD', 'NONAKTIF', 3, 'PENANGGUHAN'),
  cell('52.03.02.2001', 'PBPU', 'NONAKTIF', 6, 'TUNGGAKAN'),
  cell('52.03.02.2001', 'BP', 'AKTIF', 2),
  cell('52.03.02.2001', null, null, 12),
];

const none = () => ({ registered: 0, active: 0 });
const NO_SEGMENTS = { PBI_APBN: none(), PBI_APBD: none(), PPU_PN: none(), PPU_BU: none(), PBPU: none(), BP: none() };
const NO_REASONS = {
  TUNGGAKAN: 0,
  PENANGGUHAN: 0,
  PBI_DINONAKTIFKAN: 0,
  PPU_BERHENTI: 0,
  MENINGGAL: 0,
  DATA_GANDA: 0,
  LAINNYA: 0,
};

/** Key figures of a row, to compare with numbers worked out by hand. */
function figures(row: CoverageRowDetail) {
  const { code, population, registered, active, unregistered, inactive, pemda } = row;
  return { code, population, registered, active, unregistered, inactive, pemda };
}

describe('buildCoverageReport', () => {
  it('adds up the district by hand-checked numbers', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'kabupaten', '2025-05-31');
    // 50+20+10+5 + 8+4+3 + 6+2+12 = 120 residents; 17 unregistered; active 50+20+8+2 = 80.
    assert.deepEqual(report.total, {
      code: '52.03',
      name: 'LOMBOK TIMUR',
      population: 120,
      registered: 103,
      active: 80,
      coverage: 103 / 120,
      activeRate: 80 / 120,
      activeOfRegistered: 80 / 103,
      bySegment: {
        PBI_APBN: { registered: 54, active: 50 },
        PBI_APBD: { registered: 23, active: 20 },
        PPU_PN: { registered: 0, active: 0 },
        PPU_BU: { registered: 8, active: 8 },
        PBPU: { registered: 16, active: 0 },
        BP: { registered: 2, active: 2 },
      },
      unregistered: 17,
      inactive: 23,
      pemda: 23,
      pemdaShare: 23 / 120,
      byReason: { ...NO_REASONS, TUNGGAKAN: 16, PBI_DINONAKTIFKAN: 4, PENANGGUHAN: 3 },
    });
    assert.deepEqual(report.rows, [report.total]);
    assert.equal(report.asOf, '2025-05-31');
    assert.equal(report.level, 'kabupaten');
  });

  it('takes the UHC Award from the district total', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'desa', null, '52.03.02');
    // 98 % of 120 needs 118 registered (+15), 80 % needs 96 active (+16): 16 activations, 15 of them new.
    assert.deepEqual(report.uhcAward, { category: 'NONE', next: 'PRATAMA', activationsNeeded: 16 });
  });

  it('gives one row per kecamatan in reference order, zeros for a kecamatan without residents', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'kecamatan', null);
    assert.deepEqual(report.rows.map(figures), [
      { code: '52.03.01', population: 100, registered: 95, active: 78, unregistered: 5, inactive: 17, pemda: 23 },
      { code: '52.03.02', population: 20, registered: 8, active: 2, unregistered: 12, inactive: 6, pemda: 0 },
      { code: '52.03.03', population: 0, registered: 0, active: 0, unregistered: 0, inactive: 0, pemda: 0 },
    ]);
    const empty = report.rows[2];
    assert.deepEqual([empty.coverage, empty.activeRate, empty.activeOfRegistered, empty.pemdaShare], [0, 0, 0, 0]);
    assert.deepEqual(empty.bySegment, NO_SEGMENTS);
    assert.deepEqual(empty.byReason, NO_REASONS);
    assert.equal(report.total.population, 120);
  });

  it('gives one row per desa with its own ratios and reasons', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'desa', null);
    assert.deepEqual(report.rows.map(figures), [
      { code: '52.03.01.2001', population: 85, registered: 80, active: 70, unregistered: 5, inactive: 10, pemda: 20 },
      { code: '52.03.01.2002', population: 15, registered: 15, active: 8, unregistered: 0, inactive: 7, pemda: 3 },
      { code: '52.03.02.2001', population: 20, registered: 8, active: 2, unregistered: 12, inactive: 6, pemda: 0 },
      { code: '52.03.03.2001', population: 0, registered: 0, active: 0, unregistered: 0, inactive: 0, pemda: 0 },
    ]);
    const pijot = report.rows[1];
    assert.equal(pijot.name, 'PIJOT');
    assert.equal(pijot.coverage, 1);
    assert.equal(pijot.activeRate, 8 / 15);
    assert.equal(pijot.activeOfRegistered, 8 / 15);
    assert.equal(pijot.pemdaShare, 3 / 15);
    assert.deepEqual(pijot.byReason, { ...NO_REASONS, PBI_DINONAKTIFKAN: 4, PENANGGUHAN: 3 });
  });

  it('limits desa rows to the parent kecamatan but keeps the district total', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'desa', null, '52.03.01');
    assert.deepEqual(
      report.rows.map((r) => r.code),
      ['52.03.01.2001', '52.03.01.2002'],
    );
    assert.equal(report.total.code, '52.03');
    assert.equal(report.total.population, 120);
  });
});

describe('summariseCells', () => {
  it('follows the order of the areas given and leaves out cells of other areas', () => {
    const rows = summariseCells(CELLS, [KECAMATAN[1], KECAMATAN[0]], kecamatanOf);
    assert.deepEqual(
      rows.map((r) => [r.code, r.population]),
      [
        ['52.03.02', 20],
        ['52.03.01', 100],
      ],
    );
  });

  it('counts a NONAKTIF member without a reason under LAINNYA, so reasons add up to inactive', () => {
    const [row] = summariseCells([cell('52.03.01.2001', 'PBPU', 'NONAKTIF', 4)], [DISTRICT], () => DISTRICT.code);
    assert.equal(row.inactive, 4);
    assert.deepEqual(row.byReason, { ...NO_REASONS, LAINNYA: 4 });
  });
});

describe('kecamatanOf', () => {
  it('keeps the first three dotted parts of a desa code', () => {
    assert.equal(kecamatanOf('52.03.01.2001'), '52.03.01');
  });
});

describe('toContractReport', () => {
  it('keeps exactly the contract keys in the contract order', () => {
    const report = buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, 'kecamatan', '2025-05-31');
    const contract = toContractReport(report);
    const rowKeys = ['code', 'name', 'population', 'registered', 'active', 'coverage', 'activeRate', 'activeOfRegistered', 'bySegment'];
    const segments = ['PBI_APBN', 'PBI_APBD', 'PPU_PN', 'PPU_BU', 'PBPU', 'BP'];
    const json = JSON.parse(JSON.stringify(contract));

    assert.deepEqual(Object.keys(json), ['asOf', 'level', 'total', 'rows', 'uhcAward']);
    assert.deepEqual(Object.keys(json.uhcAward), ['category', 'next', 'activationsNeeded']);
    for (const row of [json.total, ...json.rows]) {
      assert.deepEqual(Object.keys(row), rowKeys);
      assert.deepEqual(Object.keys(row.bySegment), segments);
      for (const segment of segments) assert.deepEqual(Object.keys(row.bySegment[segment]), ['registered', 'active']);
    }
    assert.equal(json.total.code, '52.03');
    assert.equal(json.rows.length, 3);
    assert.deepEqual(json.rows[0].bySegment.PBI_APBD, { registered: 23, active: 20 });
    assert.equal(json.rows[1].coverage, 8 / 20);
  });
});
