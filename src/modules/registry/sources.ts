/**
 * The import sources of formats.md and their row rules. Each rule turns one CSV record into the
 * values of one database row, or into issues naming the column and the reason. Pure: no I/O.
 */
import { parseNik } from '../../domain/nik.ts';
import {
  CLASSES,
  INACTIVE_REASONS,
  MEMBERSHIP_STATUSES,
  RESIDENT_STATUSES,
  SEGMENTS,
} from '../../domain/membership.ts';
import { PRIORITAS_CATEGORIES } from '../../domain/funding/programmes.ts';
import { type Issue, issue } from '../../domain/row-issues.ts';
import { normaliseAreaCode } from '../area/index.ts';
import * as canonicalField from './canonical-fields.ts';
import type { PlainRecord } from './csv-records.ts';

export const SOURCES = ['penduduk', 'peserta', 'dtsen', 'prioritas'] as const;
export type Source = (typeof SOURCES)[number];

export interface RowIssue extends Issue {
  column: string;
}

/** Values in `SourceSpec.dbColumns` order; null = SQL NULL. */
export type RowValues = (string | number | boolean | null)[];

export type Field = (name: string) => string;

export interface RowContext {
  /** Desa codes of the district (dotted form); a domicile outside them is a row error. */
  desaCodes: ReadonlySet<string>;
  districtCode: string;
  districtName: string;
  today: string;
}

export interface SourceSpec {
  source: Source;
  table: 'resident' | 'member' | 'welfare' | 'priority';
  /** Header names of formats.md; `required` ones must be present in the header. */
  columns: { name: string; required: boolean }[];
  /** Database columns filled from a record, after district_code, batch_id and line. */
  dbColumns: string[];
  parse(field: Field, context: RowContext, issues: RowIssue[]): RowValues;
  /** How a row already written as `parse` would store it is recognised from its bytes. */
  canonical(context: RowContext): CanonicalRule;
  /** The as-of date the rows carry (peserta `data_per`), if the source has one. */
  dataPerIndex?: number;
}

/**
 * Per database column: the check of a non-empty field, and what COPY is given when the field is empty
 * or the column absent from the header (`''` = NULL; none = an empty field is left to `parse`).
 * `row` relates the fields of one row. Together they must accept only rows that `parse` accepts and
 * stores exactly as written (the tests compare them).
 */
export interface CanonicalRule {
  columns: Record<string, { check: canonicalField.FieldCheck; whenEmpty?: string }>;
  /** Given each column's field (once the header is read), the check that relates the fields of a record. */
  row?: (field: (column: string) => canonicalField.FieldAt) => (record: PlainRecord) => boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function nik(field: Field, issues: RowIssue[]): string | null {
  const raw = field('nik');
  if (raw === '') return missing('nik', issues);
  const parsed = parseNik(raw);
  if (!parsed.ok) {
    const { ok: _failed, ...why } = parsed;
    issues.push({ column: 'nik', ...why });
    return null;
  }
  return parsed.value.nik;
}

function missing(column: string, issues: RowIssue[]): null {
  issues.push({ column, ...issue('required') });
  return null;
}

function oneOf<T extends string>(
  field: Field,
  column: string,
  allowed: readonly T[],
  issues: RowIssue[],
  fallback?: T,
): T | null {
  const raw = field(column).toUpperCase();
  if (raw === '') return fallback ?? missing(column, issues);
  if (!(allowed as readonly string[]).includes(raw)) {
    issues.push({ column, ...issue('not_one_of', { value: field(column), allowed: allowed.join(', ') }) });
    return null;
  }
  return raw as T;
}

function dateField(field: Field, column: string, issues: RowIssue[], notAfter?: string): string | null {
  const raw = field(column);
  if (raw === '') return missing(column, issues);
  if (!isValidDate(raw)) {
    issues.push({ column, ...issue('date_invalid', { value: raw }) });
    return null;
  }
  if (notAfter && raw > notAfter) {
    issues.push({ column, ...issue('date_future', { value: raw }) });
    return null;
  }
  return raw;
}

function digits(field: Field, column: string, length: number, issues: RowIssue[]): string | null {
  const raw = field(column);
  if (raw === '') return missing(column, issues);
  if (raw.length !== length || !/^\d+$/.test(raw)) {
    issues.push({ column, ...issue('digits', { length }) });
    return null;
  }
  return raw;
}

const penduduk: SourceSpec = {
  source: 'penduduk',
  table: 'resident',
  columns: [
    { name: 'nik', required: true },
    { name: 'no_kk', required: true },
    { name: 'nama', required: true },
    { name: 'jenis_kelamin', required: true },
    { name: 'tanggal_lahir', required: true },
    { name: 'kode_desa', required: true },
    { name: 'status', required: false },
  ],
  dbColumns: ['nik', 'no_kk', 'nama', 'jenis_kelamin', 'tanggal_lahir', 'kode_desa', 'status'],
  parse(field, context, issues) {
    const nama = field('nama') || missing('nama', issues);
    let kodeDesa: string | null = null;
    const rawDesa = field('kode_desa');
    if (rawDesa === '') missing('kode_desa', issues);
    else {
      const code = normaliseAreaCode(rawDesa);
      if (!code || code.split('.').length !== 4) {
        issues.push({ column: 'kode_desa', ...issue('desa_format', { value: rawDesa }) });
      } else if (!context.desaCodes.has(code)) {
        issues.push({
          column: 'kode_desa',
          ...issue('desa_outside', { code, district: context.districtName, districtCode: context.districtCode }),
        });
      } else kodeDesa = code;
    }
    return [
      nik(field, issues),
      digits(field, 'no_kk', 16, issues),
      nama,
      oneOf(field, 'jenis_kelamin', ['L', 'P'] as const, issues),
      dateField(field, 'tanggal_lahir', issues, context.today),
      kodeDesa,
      oneOf(field, 'status', RESIDENT_STATUSES, issues, 'HIDUP'),
    ];
  },
  canonical: (context) => ({
    columns: {
      nik: { check: canonicalField.nik },
      no_kk: { check: canonicalField.digits(16) },
      nama: { check: canonicalField.text },
      jenis_kelamin: { check: canonicalField.oneOf(['L', 'P']) },
      tanggal_lahir: { check: canonicalField.date(context.today) },
      // The dotted codes of the district's desa: the undotted form is left to parse, which normalises it.
      kode_desa: { check: canonicalField.memberOf(context.desaCodes) },
      status: { check: canonicalField.oneOf(RESIDENT_STATUSES), whenEmpty: 'HIDUP' },
    },
  }),
};

const peserta: SourceSpec = {
  source: 'peserta',
  table: 'member',
  columns: [
    { name: 'nik', required: true },
    { name: 'no_kartu', required: true },
    { name: 'segmen', required: true },
    { name: 'kelas', required: true },
    { name: 'status', required: true },
    { name: 'alasan_nonaktif', required: false },
    { name: 'bulan_tunggakan', required: false },
    { name: 'kode_fktp', required: false },
    { name: 'data_per', required: true },
  ],
  dbColumns: [
    'nik',
    'no_kartu',
    'segmen',
    'kelas',
    'status',
    'alasan_nonaktif',
    'bulan_tunggakan',
    'kode_fktp',
    'data_per',
  ],
  dataPerIndex: 8,
  parse(field, context, issues) {
    const status = oneOf(field, 'status', MEMBERSHIP_STATUSES, issues);
    let reason: string | null = null;
    // The reason only applies to an inactive member; one left on an active row is not carried over.
    if (status === 'NONAKTIF') reason = oneOf(field, 'alasan_nonaktif', INACTIVE_REASONS, issues);
    let arrears: number | null = null;
    const rawArrears = field('bulan_tunggakan');
    if (rawArrears !== '') {
      if (!/^\d{1,4}$/.test(rawArrears)) {
        issues.push({ column: 'bulan_tunggakan', ...issue('whole_number', { value: rawArrears }) });
      } else arrears = Number(rawArrears);
    }
    return [
      nik(field, issues),
      digits(field, 'no_kartu', 13, issues),
      oneOf(field, 'segmen', SEGMENTS, issues),
      oneOf(field, 'kelas', CLASSES, issues),
      status,
      reason,
      arrears,
      field('kode_fktp') || null,
      dateField(field, 'data_per', issues, context.today),
    ];
  },
  canonical: (context) => ({
    columns: {
      nik: { check: canonicalField.nik },
      no_kartu: { check: canonicalField.digits(13) },
      segmen: { check: canonicalField.oneOf(SEGMENTS) },
      kelas: { check: canonicalField.oneOf(CLASSES) },
      status: { check: canonicalField.oneOf(MEMBERSHIP_STATUSES) },
      alasan_nonaktif: { check: canonicalField.oneOf(INACTIVE_REASONS), whenEmpty: '' },
      bulan_tunggakan: { check: canonicalField.wholeNumber(4), whenEmpty: '' },
      kode_fktp: { check: canonicalField.text, whenEmpty: '' },
      data_per: { check: canonicalField.date(context.today) },
    },
    // A reason exactly when inactive: parse drops one left on an active row, and requires it otherwise.
    row: (field) => {
      const reason = field('alasan_nonaktif');
      const status = field('status');
      return (record) => reason.isEmpty(record) === status.is(record, 'AKTIF');
    },
  }),
};

const dtsen: SourceSpec = {
  source: 'dtsen',
  table: 'welfare',
  columns: [
    { name: 'nik', required: true },
    { name: 'desil', required: true },
    { name: 'miskin_ekstrem', required: false },
  ],
  dbColumns: ['nik', 'desil', 'miskin_ekstrem'],
  parse(field, _context, issues) {
    let desil: number | null = null;
    const raw = field('desil');
    if (raw === '') missing('desil', issues);
    else if (!/^(10|[1-9])$/.test(raw)) issues.push({ column: 'desil', ...issue('desil', { value: raw }) });
    else desil = Number(raw);
    const extreme = oneOf(field, 'miskin_ekstrem', ['Y', 'N'] as const, issues, 'N');
    return [nik(field, issues), desil, extreme === null ? null : extreme === 'Y'];
  },
  canonical: () => ({
    columns: {
      nik: { check: canonicalField.nik },
      desil: { check: canonicalField.oneOf(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']) },
      // COPY reads Y and N as booleans, as parse does.
      miskin_ekstrem: { check: canonicalField.oneOf(['Y', 'N']), whenEmpty: 'N' },
    },
  }),
};

/**
 * `prioritas` (formats.md, second wave): key (nik, kategori), so one resident may have several rows.
 * Imported by import-prioritas.ts (a small file: read whole, checked, one transaction), not by the
 * NIK-keyed loader of import-file.ts.
 */
const prioritas: SourceSpec = {
  source: 'prioritas',
  table: 'priority',
  columns: [
    { name: 'nik', required: true },
    { name: 'kategori', required: true },
    { name: 'sampai', required: false },
  ],
  dbColumns: ['nik', 'kategori', 'sampai'],
  parse(field, _context, issues) {
    const sampai = field('sampai') === '' ? null : dateField(field, 'sampai', issues);
    return [nik(field, issues), oneOf(field, 'kategori', PRIORITAS_CATEGORIES, issues), sampai];
  },
  canonical: () => ({
    columns: {
      nik: { check: canonicalField.nik },
      kategori: { check: canonicalField.oneOf(PRIORITAS_CATEGORIES) },
      sampai: { check: canonicalField.date(), whenEmpty: '' },
    },
  }),
};

export const SOURCE_SPECS: Record<Source, SourceSpec> = { penduduk, peserta, dtsen, prioritas };

export function isSource(value: string): value is Source {
  return (SOURCES as readonly string[]).includes(value);
}
