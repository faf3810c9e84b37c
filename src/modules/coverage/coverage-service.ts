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
import type { DistrictAreas } from '../area/index.ts';
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

/**
 * How long a loaded state is trusted before the database is asked, in the background, whether another
 * process stored a newer snapshot. Meanwhile requests are answered from memory: on the embedded
 * database, during an import, the question could wait behind the import's COPY for a third of a second.
 */
const RECHECK_MS = 2000;

export class CoverageService {
  private loaded: Loaded | null = null;
  private checkedAt = 0;
  /** Bumped by `invalidate`: a state loaded before is not answered from. */
  private generation = 0;
  private loadedGeneration = -1;
  private loading: Promise<Loaded> | null = null;
  private loadingGeneration = -1;

  constructor(
    private readonly db: Database,
    private readonly district: DistrictAreas,
    private readonly recheckMs = RECHECK_MS,
  ) {}

  /** Call after this process changed the snapshots (an import): the next read waits for the new state. */
  invalidate(): void {
    this.generation++;
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

  /** The current snapshot's cells and date (empty before the first import): what a funding plan projects from. */
  async current(): Promise<{ asOf: string | null; cells: CoverageCell[] }> {
    const { snapshots, cells } = await this.state();
    const current = snapshots.at(-1);
    return { asOf: current?.asOf ?? null, cells: current ? cells.get(current.id)! : [] };
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
    if (this.loaded && this.loadedGeneration === this.generation) {
      if (Date.now() - this.checkedAt >= this.recheckMs) this.reloadFor(this.generation).catch(() => undefined);
      return this.loaded;
    }
    return this.reloadFor(this.generation);
  }

  /** One reload at a time; one that started before `generation` is followed by another. */
  private reloadFor(generation: number): Promise<Loaded> {
    if (this.loading && this.loadingGeneration >= generation) return this.loading;
    const next = (this.loading ?? Promise.resolve()).catch(() => undefined).then(() => this.reload(generation));
    this.loading = next;
    this.loadingGeneration = generation;
    next
      .finally(() => {
        if (this.loading === next) this.loading = null;
      })
      .catch(() => undefined);
    return next;
  }

  private async reload(generation: number): Promise<Loaded> {
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
    this.loadedGeneration = generation;
    return this.loaded;
  }
}
