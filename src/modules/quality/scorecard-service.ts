/**
 * Facility scorecards for the routes and the command line: the contract report (formats.md), and a
 * view with what the pages show beside it — the KBK projection (ratings, score, capitation share), the
 * rank by KBK score, the kecamatan, the share of discrimination complaints and last month's score.
 */
import type { Database } from '../../db/client.ts';
import { kbkProjection, type KbkProjection, type ScorecardReport, type ScorecardRow } from '../../domain/quality/scorecard.ts';
import { KBK_REFERENCE } from '../../domain/quality/kbk.ts';
import type { DistrictAreas } from '../area/index.ts';
import { loadDiagnoses } from './diagnosis-repository.ts';
import { loadScorecards, monthsEndingAt, openOverdueComplaints, type OverdueComplaint, previousMonth, visitMonths } from './scorecard-repository.ts';

export interface ScorecardViewRow extends ScorecardRow {
  kecamatanCode: string | null;
  kecamatanName: string | null;
  kbkProjection: KbkProjection;
  /** 1 = best KBK score (ties share a rank). */
  rank: number;
  discriminationComplaints: number | null;
  discriminationShare: number | null;
  previousScore: number | null;
}

export interface ScorecardView {
  month: string;
  previousMonth: string;
  rows: ScorecardViewRow[];
  district: ScorecardReport['district'];
  kecamatan: { code: string; name: string; facilities: number; meanScore: number; visits: number; complaints: number }[];
  months: string[];
  kbkSource: string;
}

export interface TrendPoint {
  month: string;
  /** Per facility (only the asker's for a faskes user). */
  facilities: { kode: string; nama: string; angkaKontak: number | null; rrns: number | null; rppt: number | null; waitGapMinutes: number | null; score: number; complaintsPer10kVisits: number | null }[];
  referralsOutShare: number | null;
}

export class ScorecardService {
  constructor(
    private readonly db: Database,
    private readonly district: DistrictAreas,
  ) {}

  private get districtCode() {
    return this.district.district.code;
  }

  /** The contract's report (formats.md); `only` narrows the rows to one facility. */
  async report(month: string, only?: string): Promise<ScorecardReport> {
    const nonSpecialist = (await loadDiagnoses(this.db, this.districtCode)).items;
    const { report } = await loadScorecards(this.db, { districtCode: this.districtCode, month, timeZone: this.district.timeZone, nonSpecialist, only });
    return report;
  }

  async view(month: string, only?: string): Promise<ScorecardView> {
    const nonSpecialist = (await loadDiagnoses(this.db, this.districtCode)).items;
    const q = { districtCode: this.districtCode, timeZone: this.district.timeZone, nonSpecialist };
    const now = await loadScorecards(this.db, { ...q, month });
    const before = await loadScorecards(this.db, { ...q, month: previousMonth(month) });
    const previous = new Map(before.report.rows.map((r) => [r.kode, r.visitsJkn + r.visitsUmum > 0 ? kbkProjection(r).score : null]));
    const wilayah = new Map(now.facilities.map((f) => [f.kode, f.kodeWilayah]));
    const scored = now.report.rows.map((r) => ({ r, p: kbkProjection(r) }));
    const scores = scored.map((s) => s.p.score).sort((a, b) => b - a);
    const rows: ScorecardViewRow[] = scored.map(({ r, p }) => {
      const code = wilayah.get(r.kode)?.split('.').slice(0, 3).join('.') ?? null;
      const disc = now.discrimination.get(r.kode) ?? null;
      return {
        ...r,
        kecamatanCode: code,
        kecamatanName: (code && this.district.byCode.get(code)?.name) ?? null,
        kbkProjection: p,
        rank: scores.indexOf(p.score) + 1,
        discriminationComplaints: disc,
        discriminationShare: disc === null || r.complaints === 0 ? null : disc / r.complaints,
        previousScore: previous.get(r.kode) ?? null,
      };
    });
    const byKecamatan = new Map<string, ScorecardViewRow[]>();
    for (const row of rows) if (row.kecamatanCode) byKecamatan.set(row.kecamatanCode, [...(byKecamatan.get(row.kecamatanCode) ?? []), row]);
    const kecamatan = [...byKecamatan]
      .map(([code, list]) => ({
        code,
        name: list[0]!.kecamatanName ?? code,
        facilities: list.length,
        meanScore: list.reduce((s, r) => s + r.kbkProjection.score, 0) / list.length,
        visits: list.reduce((s, r) => s + r.visitsJkn + r.visitsUmum, 0),
        complaints: list.reduce((s, r) => s + r.complaints, 0),
      }))
      .sort((a, b) => b.meanScore - a.meanScore || a.code.localeCompare(b.code));
    return {
      month,
      previousMonth: previousMonth(month),
      rows: only === undefined ? rows : rows.filter((r) => r.kode === only),
      district: now.report.district,
      kecamatan: only === undefined ? kecamatan : [],
      months: await visitMonths(this.db, this.districtCode),
      kbkSource: KBK_REFERENCE.source,
    };
  }

  async trend(month: string, count: number, only?: string): Promise<TrendPoint[]> {
    const points: TrendPoint[] = [];
    for (const m of monthsEndingAt(month, count)) {
      const report = await this.report(m, only);
      points.push({
        month: m,
        facilities: report.rows.map((r) => ({
          kode: r.kode,
          nama: r.nama,
          angkaKontak: r.angkaKontak,
          rrns: r.rrns,
          rppt: r.rppt,
          waitGapMinutes: r.waitGapMinutes,
          score: kbkProjection(r).score,
          complaintsPer10kVisits: r.complaintsPer10kVisits,
        })),
        referralsOutShare: report.district.referralsOutShare,
      });
    }
    return points;
  }

  /** Open complaints past due (null when the complaints module's table is not there). */
  overdueComplaints(at: Date): Promise<OverdueComplaint[] | null> {
    return openOverdueComplaints(this.db, this.districtCode, at);
  }

  /** The newest month with visits, or the current month. */
  async latestMonth(): Promise<string> {
    const [m] = await visitMonths(this.db, this.districtCode);
    return m ?? new Date().toISOString().slice(0, 7);
  }
}
