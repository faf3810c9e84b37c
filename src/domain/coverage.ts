/**
 * Coverage metrics (formats.md "Metric definitions"): pure functions from pre-aggregated cells to the
 * report rows the CLI, the API and the exports share.
 */
import type { InactiveReason, MembershipStatus, Segment } from './membership.ts';
import type { UhcAwardStatus } from './uhc-award.ts';

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

export interface CoverageReportDetail extends CoverageReport {
  total: CoverageRowDetail;
  rows: CoverageRowDetail[];
}
