import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCoverageReport, type CoverageCell } from '../coverage.ts';
import type { Candidate } from './candidates.ts';
import { projectCells, segmentAfter } from './projection.ts';

const DESA = '52.03.01.2001';
const candidate = (over: Partial<Candidate>): Candidate => ({
  nik: '5203010101900001',
  membership: 'NONAKTIF',
  segment: 'PBPU',
  reason: 'TUNGGAKAN',
  arrearsMonths: 3,
  kelas: 3,
  desil: null,
  miskinEkstrem: false,
  age: 30,
  sex: 'L',
  kecamatan: '52.03.01',
  desa: DESA,
  prioritas: new Set(),
  ...over,
});
const unregistered = () => candidate({ membership: 'TIDAK_TERDAFTAR', segment: null, reason: null, arrearsMonths: 0 });

const cells: CoverageCell[] = [
  { desaCode: DESA, segment: 'PBPU', status: 'AKTIF', reason: null, residents: 5 },
  { desaCode: DESA, segment: 'PBPU', status: 'NONAKTIF', reason: 'TUNGGAKAN', residents: 3 },
  { desaCode: DESA, segment: null, status: null, reason: null, residents: 2 },
];
const area = { code: '52.03', name: 'Lombok Timur' };
const totals = (c: CoverageCell[]) => buildCoverageReport(c, area, [], [], 'kabupaten', null).total;

test('the segment after a route: PBPU Pemda counts as PBI_APBD, a PBI proposal as PBI_APBN, others keep theirs', () => {
  assert.equal(segmentAfter('PBPU_PEMDA', 'PBPU'), 'PBI_APBD');
  assert.equal(segmentAfter('USULAN_PBI', null), 'PBI_APBN');
  assert.equal(segmentAfter('BAYAR_TUNGGAKAN', 'BP'), 'BP');
  assert.equal(segmentAfter('REHAB', null), 'PBPU');
  assert.equal(segmentAfter('PEMBERI_KERJA', null), 'PPU_BU');
});

test('every moved person leaves their cell and becomes active; the unregistered become registered; the population stays', () => {
  const after = projectCells(cells, [
    { candidate: candidate({}), route: 'PBPU_PEMDA' },
    { candidate: unregistered(), route: 'PBPU_PEMDA' },
    { candidate: candidate({}), route: 'BAYAR_TUNGGAKAN' },
  ]);
  const before = totals(cells);
  const t = totals(after);
  assert.equal(t.population, before.population);
  assert.equal(t.active, before.active + 3);
  assert.equal(t.registered, before.registered + 1);
  assert.equal(t.pemda, 2);
  assert.equal(t.byReason.TUNGGAKAN, 1);
  assert.equal(t.bySegment.PBPU.active, 6);
  assert.equal(cells[1].residents, 3, 'the input cells are not changed');
});

test('a move whose cell is empty (snapshot and batches disagree) is left out, never counted twice', () => {
  const after = projectCells(cells, [
    { candidate: unregistered(), route: 'PBPU_PEMDA' },
    { candidate: unregistered(), route: 'PBPU_PEMDA' },
    { candidate: unregistered(), route: 'PBPU_PEMDA' },
  ]);
  assert.equal(totals(after).population, 10);
  assert.equal(totals(after).active, 7);
});
