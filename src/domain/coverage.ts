/**
 * Coverage metrics (formats.md "Metric definitions"): pure functions from pre-aggregated cells to the
 * report rows the CLI, the API and the exports share.
 */
import { INACTIVE_REASONS, PEMDA_SEGMENT, SEGMENTS, type InactiveReason, type MembershipStatus, type Segment } from './membership.ts';
import { uhcAwardStatus, type UhcAwardStatus } from './uhc-award.ts';

export type CoverageLevel = 'kabupaten' | 'kecamatan' | 'desa';

/**
 * One cell of the reconciliation: how many living residents of a desa have this membership state.
 * `segment`/`status` are null for residents with no `peserta` row (unregistered);
 * `reason` is set only for NONAKTIF members.
 */
export interface CoverageCell {
  desaCode: string;
  segment: Segment | null;
  status: MembershipStatus | null;
  reason: InactiveReason | null;
  residents: number;
}

export interface SegmentCounts {
  registered: number;
  active: number;
}

/** The contract's ROW (formats.md); key order is the contract's. */
export interface CoverageRow {
  code: string;
  name: string;
  population: number;
  registered: number;
  active: number;
  coverage: number;
  activeRate: number;
  activeOfRegistered: number;
  bySegment: Record<Segment, SegmentCounts>;
}

/** What the dashboard shows beyond the contract's ROW. */
export interface CoverageRowDetail extends CoverageRow {
  unregistered: number;
  inactive: number;
  /** Residents in segment PBI_APBD (PBPU Pemda). */
  pemda: number;
  pemdaShare: number;
  byReason: Record<InactiveReason, number>;
}

/** The contract's report (formats.md `smart-jkn report coverage --format json`). */
export interface CoverageReport {
  asOf: string | null;
  level: CoverageLevel;
  total: CoverageRow;
  rows: CoverageRow[];
  uhcAward: UhcAwardStatus;
}

/** The district's figures for one membership extract. */
export interface TrendPoint {
  asOf: string;
  population: number;
  registered: number;
  active: number;
  coverage: number;
  activeRate: number;
  activeOfRegistered: number;
}

export interface CoverageReportDetail extends CoverageReport {
  total: CoverageRowDetail;
  rows: CoverageRowDetail[];
}

/** What a report needs to know of an area; `Area` from the area reference fits. */
export interface AreaName {
  code: string;
  name: string;
}

/** The kecamatan of a desa: its code's first three dotted parts (`52.03.01.2001` → `52.03.01`). */
export function kecamatanOf(desaCode: string): string {
  return desaCode.split('.').slice(0, 3).join('.');
}

/** Ratios are 0 for an empty denominator so that an empty desa does not turn the JSON into NaN. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function perSegment<T>(value: (segment: Segment) => T): Record<Segment, T> {
  return Object.fromEntries(SEGMENTS.map((segment) => [segment, value(segment)])) as Record<Segment, T>;
}

interface Tally {
  population: number;
  registered: number;
  active: number;
  bySegment: Record<Segment, SegmentCounts>;
  byReason: Record<InactiveReason, number>;
}

function emptyTally(): Tally {
  return {
    population: 0,
    registered: 0,
    active: 0,
    bySegment: perSegment(() => ({ registered: 0, active: 0 })),
    byReason: Object.fromEntries(INACTIVE_REASONS.map((r) => [r, 0])) as Record<InactiveReason, number>,
  };
}

function addCell(tally: Tally, cell: CoverageCell): void {
  const active = cell.status === 'AKTIF' ? cell.residents : 0;
  tally.population += cell.residents;
  tally.active += active;
  if (cell.segment !== null) {
    tally.registered += cell.residents;
    tally.bySegment[cell.segment].registered += cell.residents;
    tally.bySegment[cell.segment].active += active;
  }
  // The import requires a reason for NONAKTIF; LAINNYA keeps byReason summing to `inactive` regardless.
  if (cell.status === 'NONAKTIF') tally.byReason[cell.reason ?? 'LAINNYA'] += cell.residents;
}

function toRow(area: AreaName, t: Tally): CoverageRowDetail {
  const pemda = t.bySegment[PEMDA_SEGMENT].registered;
  return {
    code: area.code,
    name: area.name,
    population: t.population,
    registered: t.registered,
    active: t.active,
    coverage: ratio(t.registered, t.population),
    activeRate: ratio(t.active, t.population),
    activeOfRegistered: ratio(t.active, t.registered),
    bySegment: t.bySegment,
    unregistered: t.population - t.registered,
    inactive: t.registered - t.active,
    pemda,
    pemdaShare: ratio(pemda, t.population),
    byReason: t.byReason,
  };
}

/**
 * One row per area, in the order of `areas` (an area without cells gets a row of zeros). Each cell
 * counts for the area `groupOf(cell.desaCode)`; cells of areas not listed are left out.
 */
export function summariseCells(
  cells: CoverageCell[],
  areas: AreaName[],
  groupOf: (desaCode: string) => string,
): CoverageRowDetail[] {
  const tallies = new Map(areas.map((area) => [area.code, emptyTally()]));
  for (const cell of cells) {
    const tally = tallies.get(groupOf(cell.desaCode));
    if (tally) addCell(tally, cell);
  }
  return areas.map((area) => toRow(area, tallies.get(area.code)!));
}

/**
 * The coverage report of a district at one level. `parent` (a kecamatan code) limits desa rows to that
 * kecamatan, for the dashboard's drill-down; the total and the UHC Award stay the district's.
 */
export function buildCoverageReport(
  cells: CoverageCell[],
  district: AreaName,
  kecamatan: AreaName[],
  desa: AreaName[],
  level: CoverageLevel,
  asOf: string | null,
  parent?: string,
): CoverageReportDetail {
  const total = summariseCells(cells, [district], () => district.code)[0]!;
  const rowsByLevel: Record<CoverageLevel, () => CoverageRowDetail[]> = {
    kabupaten: () => [total],
    kecamatan: () => summariseCells(cells, kecamatan, kecamatanOf),
    desa: () =>
      summariseCells(
        cells,
        parent === undefined ? desa : desa.filter((d) => kecamatanOf(d.code) === parent),
        (desaCode) => desaCode,
      ),
  };
  const { population, registered, active, pemda } = total;
  return {
    asOf,
    level,
    total,
    rows: rowsByLevel[level](),
    uhcAward: uhcAwardStatus({ population, registered, active, pemda }),
  };
}

function toContractRow(row: CoverageRow): CoverageRow {
  return {
    code: row.code,
    name: row.name,
    population: row.population,
    registered: row.registered,
    active: row.active,
    coverage: row.coverage,
    activeRate: row.activeRate,
    activeOfRegistered: row.activeOfRegistered,
    bySegment: perSegment((s) => ({ registered: row.bySegment[s].registered, active: row.bySegment[s].active })),
  };
}

/** The report with exactly the contract's keys, in the contract's order (formats.md). */
export function toContractReport(report: CoverageReportDetail): CoverageReport {
  const { category, next, activationsNeeded } = report.uhcAward;
  return {
    asOf: report.asOf,
    level: report.level,
    total: toContractRow(report.total),
    rows: report.rows.map(toContractRow),
    uhcAward: { category, next, activationsNeeded },
  };
}
