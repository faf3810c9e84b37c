/**
 * Indonesian (id-ID) formatting for reports and the command line: "1.457.591", "97,82 %", "31 Mei 2025".
 * Times are shown in Asia/Makassar (WITA, UTC+8), the time zone of Lombok.
 */

export const DISTRICT_TIME_ZONE = 'Asia/Makassar';

const numberFormat = new Intl.NumberFormat('id-ID');
const percentFormat = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: DISTRICT_TIME_ZONE,
});
const dateTimeFormat = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: DISTRICT_TIME_ZONE,
  timeZoneName: 'short',
});
// en-CA writes dates as YYYY-MM-DD.
const isoDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DISTRICT_TIME_ZONE });

/** 1457591 → "1.457.591". */
export function formatNumberId(value: number): string {
  return numberFormat.format(value);
}

/** A fraction 0–1 as a percentage with two decimals: 0.97816 → "97,82 %". */
export function formatPercentId(fraction: number): string {
  return `${percentFormat.format(fraction * 100)} %`;
}

/** A calendar date (`YYYY-MM-DD`) or an instant as a date in Lombok: "31 Mei 2025". */
export function formatDateId(value: string | Date): string {
  return dateFormat.format(typeof value === 'string' ? parseCalendarDate(value) : value);
}

/** An instant in Lombok time: "1 Juni 2025 pukul 10.05 WITA". */
export function formatDateTimeId(value: Date): string {
  return dateTimeFormat.format(value);
}

/** The date of an instant in Lombok, as `YYYY-MM-DD`. */
export function isoDateInDistrict(value: Date): string {
  return isoDateFormat.format(value);
}

function parseCalendarDate(value: string): Date {
  // Noon WITA is the same calendar day in Lombok; the round trip rejects 2025-02-30 and the like.
  const date = new Date(`${value}T12:00:00+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || isoDateInDistrict(date) !== value) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${value}"`);
  }
  return date;
}
