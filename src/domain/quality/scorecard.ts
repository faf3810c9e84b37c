/**
 * Facility scorecards (formats.md "Facility scorecards"): the reference semantics of every CARD field,
 * from plain arrays of visits. The app computes the same in SQL for speed; its tests compare with these.
 *
 * Tie-breaks and orders the contract leaves open (the SQL must do the same):
 * - "latest prolanis visit" = greatest (tanggal, jam_daftar, id); a visit without `jam_daftar` comes
 *   before any visit with one on the same date (SQL: `ORDER BY tanggal DESC, jam_daftar DESC NULLS LAST,
 *   id DESC`); ids compare by code unit (SQL `COLLATE "C"`).
 * - rows are ordered by `kode` by code unit (`COLLATE "C"`).
 * - a waiting time is counted for every visit with both times; the import already refuses `jam_layan`
 *   before `jam_daftar`.
 */
import { compileNonSpecialist, isNonSpecialist, type NonSpecialistDiagnosis, type NonSpecialistMatcher } from './diagnoses.ts';
import {
  KBK_REFERENCE,
  capitationShare,
  kbkRatings,
  kbkScore,
  kbkTargets,
  type KbkIndicator,
  type KbkRating,
  type KbkReference,
} from './kbk.ts';

/** One `kunjungan` row as imported (column names in camelCase, `Y`/`N` as booleans). */
export interface Visit {
  id: string;
  kodeFaskes: string;
  /** `YYYY-MM-DD`. */
  tanggal: string;
  nik: string;
  jenisPasien: 'JKN' | 'UMUM';
  /** `HH:MM` (or `HH:MM:SS` as PostgreSQL returns a `time`). */
  jamDaftar: string | null;
  jamLayan: string | null;
  diagnosa: string | null;
  rujuk: boolean;
  tujuanRujukan: string | null;
  prolanis: 'DM' | 'HT' | null;
  terkendali: boolean | null;
}

/** One `faskes` row. */
export interface Facility {
  kode: string;
  nama: string;
  jenis: 'PUSKESMAS' | 'KLINIK' | 'DOKTER' | 'RS';
  tingkat: 'FKTP' | 'FKRTL';
  kodeWilayah: string;
}

/** The contract's CARD; key order is the contract's. */
export interface ScorecardRow {
  kode: string;
  nama: string;
  jenis: Facility['jenis'];
  registered: number;
  contacts: number;
  angkaKontak: number | null;
  referrals: number;
  nonSpecialistReferrals: number;
  rrns: number | null;
  prolanis: number;
  prolanisControlled: number;
  rppt: number | null;
  visitsJkn: number;
  visitsUmum: number;
  waitJknMinutes: number | null;
  waitUmumMinutes: number | null;
  waitGapMinutes: number | null;
  complaints: number;
  complaintsPer10kVisits: number | null;
  kbk: Record<KbkIndicator, boolean | null>;
}

export interface DistrictReferrals {
  referrals: number;
  referralsOut: number;
  referralsOutShare: number | null;
}

export interface ScorecardReport {
  month: string;
  rows: ScorecardRow[];
  district: DistrictReferrals;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkMonth(month: string): void {
  if (!MONTH.test(month)) throw new RangeError(`month: "${month}" is not a month YYYY-MM`);
}

/** Whether a visit's `tanggal` falls in the month `YYYY-MM`. */
export function inMonth(tanggal: string, month: string): boolean {
  return tanggal.length >= 7 && tanggal.slice(0, 7) === month && tanggal[7] === '-';
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Minutes since midnight of `HH:MM` or `HH:MM:SS`. */
export function minutesOfDay(time: string): number {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`time: "${time}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]) + (m[3] ? Number(m[3]) / 60 : 0);
}

/** The median; the mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `jam_layan − jam_daftar` in minutes, or null when either is missing. */
export function waitMinutes(v: Pick<Visit, 'jamDaftar' | 'jamLayan'>): number | null {
  if (v.jamDaftar == null || v.jamLayan == null) return null;
  return minutesOfDay(v.jamLayan) - minutesOfDay(v.jamDaftar);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders visits from earliest to latest by (tanggal, jam_daftar with null first, id). */
export function compareVisitOrder(a: Pick<Visit, 'tanggal' | 'jamDaftar' | 'id'>, b: Pick<Visit, 'tanggal' | 'jamDaftar' | 'id'>): number {
  if (a.tanggal !== b.tanggal) return byCodeUnit(a.tanggal, b.tanggal);
  if (a.jamDaftar !== b.jamDaftar) {
    if (a.jamDaftar == null) return -1;
    if (b.jamDaftar == null) return 1;
    const d = minutesOfDay(a.jamDaftar) - minutesOfDay(b.jamDaftar);
    if (d !== 0) return d;
  }
  return byCodeUnit(a.id, b.id);
}

export interface CardInput {
  facility: Pick<Facility, 'kode' | 'nama' | 'jenis'>;
  month: string;
  /** Visits; those of other facilities or months are ignored. */
  visits: readonly Visit[];
  /** `peserta` rows of the current extract with this `kode_fktp` and status AKTIF. */
  registered: number;
  /** Complaints about the facility received in the month (district time zone). */
  complaints: number;
  /** The non-specialist diagnoses; the default list when left out. */
  nonSpecialist?: NonSpecialistMatcher | readonly NonSpecialistDiagnosis[];
}

function count(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: must be a whole number ≥ 0, got ${n}`);
}

/** One CARD, exactly as formats.md defines its fields. */
export function facilityCard(input: CardInput): ScorecardRow {
  const { facility, month } = input;
  checkMonth(month);
  count(input.registered, 'registered');
  count(input.complaints, 'complaints');
  const matcher = Array.isArray(input.nonSpecialist)
    ? compileNonSpecialist(input.nonSpecialist as readonly NonSpecialistDiagnosis[])
    : (input.nonSpecialist as NonSpecialistMatcher | undefined);

  const contactNiks = new Set<string>();
  const latestProlanis = new Map<string, Visit>();
  let referrals = 0;
  let nonSpecialistReferrals = 0;
  let visitsJkn = 0;
  let visitsUmum = 0;
  const waitsJkn: number[] = [];
  const waitsUmum: number[] = [];

  for (const v of input.visits) {
    if (v.kodeFaskes !== facility.kode || !inMonth(v.tanggal, month)) continue;
    const wait = waitMinutes(v);
    if (v.jenisPasien === 'UMUM') {
      visitsUmum++;
      if (wait !== null) waitsUmum.push(wait);
      continue;
    }
    visitsJkn++;
    if (wait !== null) waitsJkn.push(wait);
    contactNiks.add(v.nik);
    if (v.rujuk) {
      referrals++;
      if (isNonSpecialist(v.diagnosa, matcher)) nonSpecialistReferrals++;
    }
    if (v.prolanis != null) {
      const known = latestProlanis.get(v.nik);
      if (!known || compareVisitOrder(v, known) > 0) latestProlanis.set(v.nik, v);
    }
  }

  const contacts = contactNiks.size;
  const prolanis = latestProlanis.size;
  let prolanisControlled = 0;
  for (const v of latestProlanis.values()) if (v.terkendali === true) prolanisControlled++;

  const angkaKontak = input.registered === 0 ? null : (contacts * 1000) / input.registered;
  const rrns = referrals === 0 ? null : (nonSpecialistReferrals * 100) / referrals;
  const rppt = prolanis === 0 ? null : (prolanisControlled * 100) / prolanis;
  const waitJknMinutes = median(waitsJkn);
  const waitUmumMinutes = median(waitsUmum);
  const visits = visitsJkn + visitsUmum;

  return {
    kode: facility.kode,
    nama: facility.nama,
    jenis: facility.jenis,
    registered: input.registered,
    contacts,
    angkaKontak,
    referrals,
    nonSpecialistReferrals,
    rrns,
    prolanis,
    prolanisControlled,
    rppt,
    visitsJkn,
    visitsUmum,
    waitJknMinutes,
    waitUmumMinutes,
    waitGapMinutes: waitJknMinutes === null || waitUmumMinutes === null ? null : waitJknMinutes - waitUmumMinutes,
    complaints: input.complaints,
    complaintsPer10kVisits: visits === 0 ? null : (input.complaints * 10000) / visits,
    kbk: kbkTargets({ ak: angkaKontak, rrns, rppt }),
  };
}

export interface KbkProjection {
  ratings: Record<KbkIndicator, KbkRating>;
  /** 1–4, see kbk.ts (a null indicator is rated as 0). */
  score: number;
  /** Percent of capitation the score would earn; null for a facility not paid by capitation (`RS`). */
  capitationShare: number | null;
}

/** The ratings, weighted score and projected capitation share of a CARD (shown beside it; not in the JSON). */
export function kbkProjection(
  row: Pick<ScorecardRow, 'jenis' | 'angkaKontak' | 'rrns' | 'rppt'>,
  ref: KbkReference = KBK_REFERENCE,
): KbkProjection {
  const values = { ak: row.angkaKontak, rrns: row.rrns, rppt: row.rppt };
  const score = kbkScore(values, ref);
  return { ratings: kbkRatings(values, ref), score, capitationShare: row.jenis === 'RS' ? null : capitationShare(score, row.jenis, ref) };
}

function digits(code: string): string {
  return code.replace(/\./g, '');
}

/**
 * Whether a `kode_wilayah` (a desa code, or the kabupaten/kota code of a facility elsewhere) lies in
 * the district `districtCode` (e.g. `52.03`). Dotted and undotted forms both work.
 */
export function inDistrict(kodeWilayah: string, districtCode: string): boolean {
  return digits(kodeWilayah.trim()).startsWith(digits(districtCode.trim()));
}

/**
 * The district line: all `JKN` referrals in the month from the district's FKTP, those to a facility
 * whose `kode_wilayah` is outside the district, and their share (0–1; null when there is no referral).
 * A referral whose `tujuan_rujukan` is not a known facility counts in `referrals` only (the import
 * refuses it, so it does not happen with imported data).
 */
export function districtReferrals(
  visits: readonly Visit[],
  facilities: readonly Facility[],
  districtCode: string,
  month: string,
): DistrictReferrals {
  checkMonth(month);
  const byKode = new Map(facilities.map((f) => [f.kode, f]));
  let referrals = 0;
  let referralsOut = 0;
  for (const v of visits) {
    if (v.jenisPasien !== 'JKN' || !v.rujuk || !inMonth(v.tanggal, month)) continue;
    const from = byKode.get(v.kodeFaskes);
    if (!from || from.tingkat !== 'FKTP' || !inDistrict(from.kodeWilayah, districtCode)) continue;
    referrals++;
    const to = v.tujuanRujukan == null ? undefined : byKode.get(v.tujuanRujukan);
    if (to && !inDistrict(to.kodeWilayah, districtCode)) referralsOut++;
  }
  return { referrals, referralsOut, referralsOutShare: referrals === 0 ? null : referralsOut / referrals };
}

export interface ReportInput {
  month: string;
  districtCode: string;
  facilities: readonly Facility[];
  visits: readonly Visit[];
  /** Active registered participants by facility `kode` (missing = 0). */
  registered: ReadonlyMap<string, number>;
  /** Complaints received in the month by facility `kode` (missing = 0). */
  complaints: ReadonlyMap<string, number>;
  nonSpecialist?: NonSpecialistMatcher | readonly NonSpecialistDiagnosis[];
}

/**
 * The whole `report scorecard` answer: one CARD per FKTP whose `kode_wilayah` is in the district,
 * ordered by `kode`, and the district line.
 */
export function scorecardReport(input: ReportInput): ScorecardReport {
  checkMonth(input.month);
  const nonSpecialist = Array.isArray(input.nonSpecialist)
    ? compileNonSpecialist(input.nonSpecialist as readonly NonSpecialistDiagnosis[])
    : (input.nonSpecialist as NonSpecialistMatcher | undefined);
  const fktp = input.facilities
    .filter((f) => f.tingkat === 'FKTP' && inDistrict(f.kodeWilayah, input.districtCode))
    .sort((a, b) => byCodeUnit(a.kode, b.kode));
  const visitsByFacility = new Map<string, Visit[]>();
  for (const v of input.visits) {
    const list = visitsByFacility.get(v.kodeFaskes);
    if (list) list.push(v);
    else visitsByFacility.set(v.kodeFaskes, [v]);
  }
  const rows = fktp.map((facility) =>
    facilityCard({
      facility,
      month: input.month,
      visits: visitsByFacility.get(facility.kode) ?? [],
      registered: input.registered.get(facility.kode) ?? 0,
      complaints: input.complaints.get(facility.kode) ?? 0,
      nonSpecialist,
    }),
  );
  return { month: input.month, rows, district: districtReferrals(input.visits, input.facilities, input.districtCode, input.month) };
}
