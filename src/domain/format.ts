/**
 * Indonesian (id-ID) formatting for reports and the command line: "1.457.591", "97,82 %", "31 Mei 2025".
 * Dates and times are in the district's time zone (domain/time-zone.ts), passed by the caller.
 */

const numberFormat = new Intl.NumberFormat('id-ID');
const percentFormat = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The date formats of one time zone, made once per zone (making an Intl format costs far more than using it). */
const formatsByZone = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat; iso: Intl.DateTimeFormat }>();

function formatsOf(timeZone: string) {
  let formats = formatsByZone.get(timeZone);
  if (!formats) {
    formats = {
      date: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }),
      dateTime: new Intl.DateTimeFormat('id-ID', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
        timeZoneName: 'short',
      }),
      // en-CA writes dates as YYYY-MM-DD.
      iso: new Intl.DateTimeFormat('en-CA', { timeZone }),
    };
    formatsByZone.set(timeZone, formats);
  }
  return formats;
}

/** 1457591 → "1.457.591". */
export function formatNumberId(value: number): string {
  return numberFormat.format(value);
}

/** A fraction 0–1 as a percentage with two decimals: 0.97816 → "97,82 %". */
export function formatPercentId(fraction: number): string {
  return `${percentFormat.format(fraction * 100)} %`;
}

/** A calendar date (`YYYY-MM-DD`), or an instant as a date in the zone: "31 Mei 2025". */
export function formatDateId(value: string | Date, timeZone: string): string {
  return formatsOf(timeZone).date.format(typeof value === 'string' ? parseCalendarDate(value, timeZone) : value);
}

/** An instant in the zone's time: "1 Juni 2025 pukul 10.05 WITA". */
export function formatDateTimeId(value: Date, timeZone: string): string {
  return formatsOf(timeZone).dateTime.format(value);
}

/** The calendar date of an instant in the zone, as `YYYY-MM-DD` (a district's "today"). */
export function isoDateIn(value: Date, timeZone: string): string {
  return formatsOf(timeZone).iso.format(value);
}

function parseCalendarDate(value: string, timeZone: string): Date {
  // Noon UTC is the same calendar day in every Indonesian zone (UTC+7 to +9); the round trip rejects
  // 2025-02-30 and the like.
  const date = new Date(`${value}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || isoDateIn(date, timeZone) !== value) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${value}"`);
  }
  return date;
}
