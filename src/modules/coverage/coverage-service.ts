/**
 * Coverage figures for the dashboard, the CLI report and the exports, all from the stored
 * snapshots. The cells of every snapshot are held in memory and reloaded only when a newer
 * snapshot appears, so a dashboard request never touches resident rows.
 */
import type { Database } from '../../db/client.ts';
import {
  buildCoverageReport,
  type CoverageCell,
  type CoverageLevel,
  type CoverageReportDetail,
  type TrendPoint,
} from '../../domain/coverage.ts';
import type { DistrictAreas } from '../area/reference.ts';
import { type Findings, listSnapshots, readCells, type StoredSnapshot } from './snapshot-repository.ts';

interface Loaded {
  key: string;
  snapshots: StoredSnapshot[];
  cells: Map<number, CoverageCell[]>;
  /** Reports already built from these snapshots, by level and parent: the figures only change with a new snapshot. */
  reports: Map<string, CoverageReportDetail>;
  /** The same reports as JSON text: the desa report is 166 KB, too much to serialise per request. */
  reportJson: Map<string, string>;
}

/** How long a loaded state is trusted before asking the database whether a newer snapshot exists. */
const RECHECK_MS = 2000;

export class CoverageService {
  private loaded: Loaded | null = null;
  private checkedAt = 0;
  private loading: Promise<Loaded> | null = null;

  constructor(
    private readonly db: Database,
    private readonly district: DistrictAreas,
  ) {}

  /** Call after this process changed the snapshots (an import) so the next read reloads. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  async report(level: CoverageLevel, parent?: string): Promise<CoverageReportDetail> {
    const { snapshots, cells, reports } = await this.state();
    const key = `${level}:${parent ?? ''}`;
    const cached = reports.get(key);
    if (cached) return cached;
    const current = snapshots.at(-1);
    const { district, kecamatan, desa } = this.district;
    const report = buildCoverageReport(
      current ? cells.get(current.id)! : [],
      district,
      kecamatan,
      desa,
      level,
      current?.asOf ?? null,
      parent,
    );
    // Only the district's own kecamatan are kept, so odd parameters cannot grow the cache.
    if (parent === undefined || this.district.byCode.has(parent)) reports.set(key, report);
    return report;
  }

  /** The report as JSON text, serialised once per snapshot. */
  async reportAsJson(level: CoverageLevel, parent?: string): Promise<string> {
    const report = await this.report(level, parent);
    const { reportJson, reports } = this.loaded!;
    const key = `${level}:${parent ?? ''}`;
    let json = reportJson.get(key);
    if (json === undefined) {
      json = JSON.stringify(report);
      if (reports.get(key) === report) reportJson.set(key, json);
    }
    return json;
  }

  async trend(): Promise<TrendPoint[]> {
    const { snapshots, cells } = await this.state();
    const { district, kecamatan, desa } = this.district;
    return snapshots.map((s) => {
      const { total } = buildCoverageReport(cells.get(s.id)!, district, kecamatan, desa, 'kabupaten', s.asOf);
      const { population, registered, active, coverage, activeRate, activeOfRegistered } = total;
      return { asOf: s.asOf, population, registered, active, coverage, activeRate, activeOfRegistered };
    });
  }

  async findings(): Promise<{ asOf: string | null; counts: Findings | null; snapshot: StoredSnapshot | null }> {
    const { snapshots } = await this.state();
    const current = snapshots.at(-1) ?? null;
    return { asOf: current?.asOf ?? null, counts: current?.findings ?? null, snapshot: current };
  }

  private async state(): Promise<Loaded> {
    if (this.loaded && Date.now() - this.checkedAt < RECHECK_MS) return this.loaded;
    this.loading ??= this.reload().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async reload(): Promise<Loaded> {
    const districtCode = this.district.district.code;
    const [version] = await this.db.query<{ key: string }>(
      `SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') AS key FROM coverage_snapshot WHERE district_code = $1`,
      [districtCode],
    );
    if (!this.loaded || this.loaded.key !== version.key) {
      const snapshots = await listSnapshots(this.db, districtCode);
      const cells = await readCells(this.db, districtCode, snapshots.map((s) => s.id));
      this.loaded = { key: version.key, snapshots, cells, reports: new Map(), reportJson: new Map() };
    }
    this.checkedAt = Date.now();
    return this.loaded;
  }
}
