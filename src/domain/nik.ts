import { type Issue, issue } from './row-issues.ts';

/**
 * NIK (Nomor Induk Kependudukan) rules, docs/rules.md §8.1 and formats.md:
 * 16 digits = PP KK CC DDMMYY SSSS — province, regency, kecamatan of *first registration*,
 * birth date with day + 40 for women, a serial that is never 0000. There is no checksum.
 * The NIK never tells where someone lives now: residence comes from the population register.
 */

export type Sex = 'L' | 'P';

export interface NikParts {
  nik: string;
  provinceCode: string;
  regencyCode: string;
  kecamatanCode: string;
  /** Birth date as encoded: the century is not in the NIK, so only day and month are certain. */
  birthDay: number;
  birthMonth: number;
  birthYearTwoDigits: number;
  sex: Sex;
  serial: string;
}

export type NikResult = { ok: true; value: NikParts } | ({ ok: false } & Issue);

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Indonesian province codes run 11–96 (Aceh … Papua Barat Daya). */
const PROVINCE_MIN = 11;
const PROVINCE_MAX = 96;

export const NIK_FEMALE_DAY_OFFSET = 40;

export function parseNik(input: string): NikResult {
  const nik = input.trim();
  if (!/^\d{16}$/.test(nik)) {
    return fail(issue('nik_length', { length: nik.length }));
  }
  const province = Number(nik.slice(0, 2));
  if (province < PROVINCE_MIN || province > PROVINCE_MAX) {
    return fail(issue('nik_province', { code: nik.slice(0, 2) }));
  }
  if (nik.slice(2, 4) === '00') return fail(issue('nik_regency'));
  if (nik.slice(4, 6) === '00') return fail(issue('nik_kecamatan'));

  const encodedDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year = Number(nik.slice(10, 12));
  const female = encodedDay > NIK_FEMALE_DAY_OFFSET;
  const day = female ? encodedDay - NIK_FEMALE_DAY_OFFSET : encodedDay;
  if (month < 1 || month > 12) {
    return fail(issue('nik_month', { month: nik.slice(8, 10) }));
  }
  // Day 32–40 and 72+ are impossible for either sex; 29 February is allowed because the century is unknown.
  if (day < 1 || day > DAYS_IN_MONTH[month - 1] || (encodedDay > 31 && encodedDay <= NIK_FEMALE_DAY_OFFSET)) {
    return fail(issue('nik_day', { day: nik.slice(6, 8), month }));
  }
  if (day === 29 && month === 2 && year % 4 !== 0) {
    return fail(issue('nik_leap', { year: nik.slice(10, 12) }));
  }
  const serial = nik.slice(12, 16);
  if (serial === '0000') return fail(issue('nik_serial'));

  return {
    ok: true,
    value: {
      nik,
      provinceCode: nik.slice(0, 2),
      regencyCode: nik.slice(0, 4),
      kecamatanCode: nik.slice(0, 6),
      birthDay: day,
      birthMonth: month,
      birthYearTwoDigits: year,
      sex: female ? 'P' : 'L',
      serial,
    },
  };
}

function fail(why: Issue): NikResult {
  return { ok: false, ...why };
}

/** Builds the 6 date digits of a NIK for a birth date and sex. */
export function encodeNikBirthDate(date: { year: number; month: number; day: number }, sex: Sex): string {
  const day = sex === 'P' ? date.day + NIK_FEMALE_DAY_OFFSET : date.day;
  return pad2(day) + pad2(date.month) + pad2(date.year % 100);
}

/** Shows only the region digits and the last two: lists and logs never carry a whole NIK. */
export function maskNik(nik: string): string {
  if (nik.length !== 16) return '*'.repeat(nik.length);
  return `${nik.slice(0, 6)}********${nik.slice(14)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
