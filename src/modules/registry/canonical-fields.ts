/**
 * Byte-level checks that a CSV field is already written the way the row rules (sources.ts) would
 * store it: valid, upper case, no surrounding spaces, no quotes. A row whose every field passes can
 * go to COPY as it is written in the file, without being decoded, split into strings and re-encoded.
 * A check may reject a value the row rules accept (that row then takes the row rules' path), but it
 * must never accept one they reject or would store differently: the tests hold each check against
 * the rule it stands for, on the same cases.
 */
import { isUtf8 } from 'node:buffer';
import { NIK_FEMALE_DAY_OFFSET } from '../../domain/nik.ts';
import type { PlainRecord } from './csv-records.ts';

/** Checks the bytes [start, end) of one field. */
export type FieldCheck = (bytes: Buffer, start: number, end: number) => boolean;

const ZERO = 0x30;
const SPACE = 0x20;
const DEL = 0x7f;

function isDigits(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c < ZERO || c > ZERO + 9) return false;
  }
  return true;
}

/** Two decimal digits at `at` (already known to be digits). */
function twoDigits(bytes: Buffer, at: number): number {
  return (bytes[at] - ZERO) * 10 + bytes[at + 1] - ZERO;
}

/** Exactly `length` ASCII digits. */
export function digits(length: number): FieldCheck {
  return (bytes, start, end) => end - start === length && isDigits(bytes, start, end);
}

/** One to `maxDigits` ASCII digits (a whole number ≥ 0 as the rules read it). */
export function wholeNumber(maxDigits: number): FieldCheck {
  return (bytes, start, end) => end > start && end - start <= maxDigits && isDigits(bytes, start, end);
}

/** Exactly one of `values`, byte for byte (lower case is left to the row rules, which upper-case it). */
export function oneOf(values: readonly string[]): FieldCheck {
  const encoded = values.map((v) => Buffer.from(v, 'latin1'));
  return (bytes, start, end) => {
    const length = end - start;
    outer: for (const value of encoded) {
      if (value.length !== length) continue;
      for (let i = 0; i < length; i++) if (bytes[start + i] !== value[i]) continue outer;
      return true;
    }
    return false;
  };
}

/** One of a set of ASCII strings too large to compare one by one (desa codes). */
export function memberOf(values: ReadonlySet<string>): FieldCheck {
  return (bytes, start, end) => values.has(bytes.toString('latin1', start, end));
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A NIK that parseNik accepts, as its 16 digits: province 11–96, regency and kecamatan not 00, a
 * birth date DDMMYY with day + 40 for women (29 February only in a year divisible by 4), serial not 0000.
 */
export const nik: FieldCheck = (bytes, start, end) => {
  if (end - start !== 16 || !isDigits(bytes, start, end)) return false;
  const province = twoDigits(bytes, start);
  if (province < 11 || province > 96) return false;
  if (twoDigits(bytes, start + 2) === 0 || twoDigits(bytes, start + 4) === 0) return false;
  const encodedDay = twoDigits(bytes, start + 6);
  const month = twoDigits(bytes, start + 8);
  const year = twoDigits(bytes, start + 10);
  if (month < 1 || month > 12) return false;
  const day = encodedDay > NIK_FEMALE_DAY_OFFSET ? encodedDay - NIK_FEMALE_DAY_OFFSET : encodedDay;
  if (day < 1 || day > DAYS_IN_MONTH[month - 1] || (encodedDay > 31 && encodedDay <= NIK_FEMALE_DAY_OFFSET)) return false;
  if (day === 29 && month === 2 && year % 4 !== 0) return false;
  return twoDigits(bytes, start + 12) !== 0 || twoDigits(bytes, start + 14) !== 0;
};

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * A calendar date YYYY-MM-DD from year 0100 on (isValidDate reads years below 100 as 19xx and rejects
 * them), not after `notAfter` when given. The last date accepted is remembered: an extract's `data_per`
 * is the same on every row.
 */
export function date(notAfter?: string): FieldCheck {
  const limit = notAfter === undefined ? null : Buffer.from(notAfter, 'latin1');
  const last = Buffer.alloc(10);
  let lastValid = false;
  return (bytes, start, end) => {
    if (end - start !== 10) return false;
    if (lastValid) {
      let same = true;
      for (let i = 0; i < 10; i++) {
        if (bytes[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    if (bytes[start + 4] !== 0x2d || bytes[start + 7] !== 0x2d) return false;
    if (!isDigits(bytes, start, start + 4) || !isDigits(bytes, start + 5, start + 7) || !isDigits(bytes, start + 8, end)) return false;
    const year = twoDigits(bytes, start) * 100 + twoDigits(bytes, start + 2);
    const month = twoDigits(bytes, start + 5);
    const day = twoDigits(bytes, start + 8);
    if (year < 100 || month < 1 || month > 12 || day < 1) return false;
    if (day > (month === 2 && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1])) return false;
    if (limit) {
      // Same length and digits in the same places: byte order is date order.
      for (let i = 0; i < 10; i++) {
        const difference = bytes[start + i] - limit[i];
        if (difference < 0) break;
        if (difference > 0) return false;
      }
    }
    for (let i = 0; i < 10; i++) last[i] = bytes[start + i];
    lastValid = true;
    return true;
  };
}

/**
 * Free text the rules keep as written: not empty, valid UTF-8, no control characters, and nothing
 * String.trim() would remove at either end. Only ASCII is judged at the ends: a field that starts or
 * ends with any other character is left to the row rules (it could be a non-breaking space).
 */
export const text: FieldCheck = (bytes, start, end) => {
  if (end <= start) return false;
  const first = bytes[start];
  const last = bytes[end - 1];
  if (first <= SPACE || first >= DEL || last <= SPACE || last >= DEL) return false;
  let ascii = true;
  for (let i = start + 1; i < end - 1; i++) {
    const c = bytes[i];
    if (c < SPACE || c === DEL) return false;
    if (c > DEL) ascii = false;
  }
  return ascii || isUtf8(bytes.subarray(start, end));
};

/** One column of plain records, by its position in the header (-1: absent, so always empty). */
export class FieldAt {
  constructor(private readonly position: number) {}

  isEmpty({ starts, ends }: PlainRecord): boolean {
    return this.position < 0 || starts[this.position] === ends[this.position];
  }

  /** Whether the field is `value` (ASCII), byte for byte. */
  is({ bytes, starts, ends }: PlainRecord, value: string): boolean {
    const p = this.position;
    if (p < 0) return value === '';
    const start = starts[p];
    if (ends[p] - start !== value.length) return false;
    for (let k = 0; k < value.length; k++) if (bytes[start + k] !== value.charCodeAt(k)) return false;
    return true;
  }
}
