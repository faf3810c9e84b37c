/**
 * The `faskes` and `kunjungan` sources of formats.md (issue 15) and their row rules: one CSV record
 * (as a field reader) → the values of one database row, or issues naming the column and the reason.
 * Pure: no I/O. Whole-file rules (a repeated key) are the import's (import-facility-file.ts).
 */
import { normaliseIcd10 } from '../../domain/quality/diagnoses.ts';
import type { Facility, Visit } from '../../domain/quality/scorecard.ts';
import { issue } from '../../domain/row-issues.ts';
import { normaliseAreaCode } from '../area/index.ts';
import { isValidDate, type RowIssue } from './sources.ts';
import { parseNik } from '../../domain/nik.ts';

export const FACILITY_SOURCES = ['faskes', 'kunjungan'] as const;
export type FacilitySource = (typeof FACILITY_SOURCES)[number];

export function isFacilitySource(value: string): value is FacilitySource {
  return (FACILITY_SOURCES as readonly string[]).includes(value);
}

export const FACILITY_KINDS = ['PUSKESMAS', 'KLINIK', 'DOKTER', 'RS'] as const;
export const FACILITY_LEVELS = ['FKTP', 'FKRTL'] as const;

/** A field by header name, trimmed; '' when empty or absent. */
export type FieldReader = (name: string) => string;

export const FASKES_COLUMNS = [
  { name: 'kode', required: true },
  { name: 'nama', required: true },
  { name: 'jenis', required: true },
  { name: 'tingkat', required: true },
  { name: 'kode_wilayah', required: true },
] as const;

export const KUNJUNGAN_COLUMNS = [
  { name: 'id', required: true },
  { name: 'kode_faskes', required: true },
  { name: 'tanggal', required: true },
  { name: 'nik', required: true },
  { name: 'jenis_pasien', required: true },
  { name: 'jam_daftar', required: false },
  { name: 'jam_layan', required: false },
  { name: 'diagnosa', required: false },
  { name: 'rujuk', required: false },
  { name: 'tujuan_rujukan', required: false },
  { name: 'prolanis', required: false },
  { name: 'terkendali', required: false },
] as const;

/** The rows as the scorecard rules read them (src/domain/quality/scorecard.ts). */
export type FacilityRow = Facility;
export type VisitRow = Visit;

export interface FacilityContext {
  desaCodes: ReadonlySet<string>;
  districtCode: string;
  districtName: string;
}

export interface VisitContext {
  /** The `kode`s of the current `faskes` import. */
  facilities: ReadonlySet<string>;
  today: string;
  /** Dates seen so far and whether each is valid (a file holds few distinct dates). */
  dates?: Map<string, boolean>;
}

function required(field: FieldReader, column: string, issues: RowIssue[]): string | null {
  const raw = field(column);
  if (raw === '') {
    issues.push({ column, ...issue('required') });
    return null;
  }
  return raw;
}

function text(field: FieldReader, column: string, max: number, issues: RowIssue[]): string | null {
  const raw = required(field, column, issues);
  if (raw !== null && raw.length > max) {
    issues.push({ column, ...issue('text_too_long', { max }) });
    return null;
  }
  return raw;
}

function oneOf<T extends string>(field: FieldReader, column: string, allowed: readonly T[], issues: RowIssue[], fallback?: T | null): T | null {
  const given = field(column);
  if ((allowed as readonly string[]).includes(given)) return given as T;
  const raw = given.toUpperCase();
  if (raw === '') {
    if (fallback !== undefined) return fallback;
    issues.push({ column, ...issue('required') });
    return null;
  }
  if (!(allowed as readonly string[]).includes(raw)) {
    issues.push({ column, ...issue('not_one_of', { value: field(column), allowed: allowed.join(', ') }) });
    return null;
  }
  return raw as T;
}

/** One `faskes` record; null when it has issues. */
export function parseFaskes(field: FieldReader, context: FacilityContext, issues: RowIssue[]): FacilityRow | null {
  const before = issues.length;
  const kode = text(field, 'kode', 32, issues);
  const nama = required(field, 'nama', issues);
  const jenis = oneOf(field, 'jenis', FACILITY_KINDS, issues);
  const tingkat = oneOf(field, 'tingkat', FACILITY_LEVELS, issues);
  let kodeWilayah: string | null = null;
  const rawWilayah = required(field, 'kode_wilayah', issues);
  if (rawWilayah !== null) {
    const code = normaliseAreaCode(rawWilayah);
    const levels = code?.split('.').length ?? 0;
    const district = context.districtCode;
    // A desa of this district, or a kabupaten/kota elsewhere (province 11–96); this district's own
    // kabupaten code is no place: a facility here gives its desa.
    const elsewhere = code !== null && levels === 2 && code !== district && /^(1[1-9]|[2-8]\d|9[0-6])\.\d{2}$/.test(code) && !code.endsWith('.00');
    if (code !== null && ((levels === 4 && context.desaCodes.has(code)) || elsewhere)) kodeWilayah = code;
    else issues.push({ column: 'kode_wilayah', ...issue('wilayah_invalid', { value: rawWilayah, district: context.districtName, districtCode: district }) });
  }
  if (issues.length > before) return null;
  return { kode: kode!, nama: nama!, jenis: jenis!, tingkat: tingkat!, kodeWilayah: kodeWilayah! };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a NIK passes every rule of parseNik (domain/nik.ts), without allocating: the common case of a
 * large visits file. A NIK that fails goes to parseNik, which names the reason.
 */
export function isPlainValidNik(nik: string): boolean {
  if (nik.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = nik.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const d = (i: number) => nik.charCodeAt(i) - 48;
  const province = d(0) * 10 + d(1);
  if (province < 11 || province > 96) return false;
  if (d(2) === 0 && d(3) === 0) return false;
  if (d(4) === 0 && d(5) === 0) return false;
  const encodedDay = d(6) * 10 + d(7);
  const month = d(8) * 10 + d(9);
  const year = d(10) * 10 + d(11);
  if (month < 1 || month > 12) return false;
  const day = encodedDay > 40 ? encodedDay - 40 : encodedDay;
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]! || (encodedDay > 31 && encodedDay <= 40)) return false;
  if (day === 29 && month === 2 && year % 4 !== 0) return false;
  return !(d(12) === 0 && d(13) === 0 && d(14) === 0 && d(15) === 0);
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function time(field: FieldReader, column: string, issues: RowIssue[]): string | null | undefined {
  const raw = field(column);
  if (raw === '') return null;
  // HH:MM as most files write it: kept as it is.
  if (raw.length === 5 && raw.charCodeAt(2) === 58) {
    const h = (raw.charCodeAt(0) - 48) * 10 + raw.charCodeAt(1) - 48;
    const m = (raw.charCodeAt(3) - 48) * 10 + raw.charCodeAt(4) - 48;
    const digits = [0, 1, 3, 4].every((i) => raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57);
    if (digits && h <= 23 && m <= 59) return raw;
  }
  const m = TIME.exec(raw);
  if (!m) {
    issues.push({ column, ...issue('time_invalid', { value: raw }) });
    return undefined;
  }
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

/** One `kunjungan` record; null when it has issues. */
export function parseKunjungan(field: FieldReader, context: VisitContext, issues: RowIssue[]): VisitRow | null {
  const before = issues.length;
  const id = text(field, 'id', 64, issues);
  const kodeFaskes = required(field, 'kode_faskes', issues);
  if (kodeFaskes !== null && !context.facilities.has(kodeFaskes)) {
    issues.push({ column: 'kode_faskes', ...issue('facility_unknown', { value: kodeFaskes }) });
  }
  let tanggal = required(field, 'tanggal', issues);
  let validDate = tanggal === null ? false : context.dates?.get(tanggal);
  if (tanggal !== null && validDate === undefined) {
    validDate = isValidDate(tanggal);
    context.dates?.set(tanggal, validDate);
  }
  if (tanggal !== null && !validDate) {
    issues.push({ column: 'tanggal', ...issue('date_invalid', { value: tanggal }) });
    tanggal = null;
  } else if (tanggal !== null && tanggal > context.today) {
    issues.push({ column: 'tanggal', ...issue('date_future', { value: tanggal }) });
  }
  let nik: string | null = null;
  const rawNik = required(field, 'nik', issues);
  if (rawNik !== null && isPlainValidNik(rawNik)) nik = rawNik;
  else if (rawNik !== null) {
    const parsed = parseNik(rawNik);
    if (parsed.ok) nik = parsed.value.nik;
    else {
      const { ok: _failed, ...why } = parsed;
      issues.push({ column: 'nik', ...why });
    }
  }
  const jenisPasien = oneOf(field, 'jenis_pasien', ['JKN', 'UMUM'] as const, issues);
  const jamDaftar = time(field, 'jam_daftar', issues);
  const jamLayan = time(field, 'jam_layan', issues);
  if (jamDaftar && jamLayan && jamLayan < jamDaftar) {
    issues.push({ column: 'jam_layan', ...issue('time_order', { layan: jamLayan, daftar: jamDaftar }) });
  }
  let diagnosa: string | null = null;
  const rawDiagnosa = field('diagnosa');
  if (rawDiagnosa !== '') {
    diagnosa = ICD10.test(rawDiagnosa) ? rawDiagnosa : normaliseIcd10(rawDiagnosa);
    if (!ICD10.test(diagnosa)) issues.push({ column: 'diagnosa', ...issue('icd10_invalid', { value: rawDiagnosa }) });
  }
  const rujuk = oneOf(field, 'rujuk', ['Y', 'N'] as const, issues, 'N');
  let tujuanRujukan: string | null = null;
  if (rujuk === 'Y') {
    const raw = field('tujuan_rujukan');
    if (raw === '') issues.push({ column: 'tujuan_rujukan', ...issue('required_when_referred') });
    else if (!context.facilities.has(raw)) issues.push({ column: 'tujuan_rujukan', ...issue('facility_unknown', { value: raw }) });
    else tujuanRujukan = raw;
  }
  const prolanis = oneOf(field, 'prolanis', ['DM', 'HT'] as const, issues, null);
  const terkendali = oneOf(field, 'terkendali', ['Y', 'N'] as const, issues, null);
  if (issues.length > before) return null;
  return {
    id: id!,
    kodeFaskes: kodeFaskes!,
    tanggal: tanggal!,
    nik: nik!,
    jenisPasien: jenisPasien!,
    jamDaftar: jamDaftar ?? null,
    jamLayan: jamLayan ?? null,
    diagnosa,
    rujuk: rujuk === 'Y',
    tujuanRujukan,
    prolanis,
    terkendali: terkendali === null ? null : terkendali === 'Y',
  };
}
