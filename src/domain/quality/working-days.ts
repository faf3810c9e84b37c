/**
 * SLA clocks in working days. A working day is Monday to Friday, except national holidays (libur
 * nasional) and collective leave (cuti bersama). Calendar dates are those of the district's IANA
 * time zone (e.g. 'Asia/Makassar' for Lombok Timur), passed in.
 *
 * Conventions (documented choices):
 * - The day a complaint is received never counts, whatever the hour: counting starts on the next
 *   working day. A complaint received on Friday evening, on Saturday or on a holiday with an SLA of
 *   1 working day is due at the end of the next working day (Monday, if it is not a holiday).
 * - A due time is the end of that working day in the district's zone (23:59:59.999 local); a complaint
 *   is overdue when `now > dueAt`.
 * - SLA colour: MERAH when overdue; KUNING once 75 % of the time from receipt to due has passed
 *   (wall-clock time, so it needs no calendar), e.g. from Tuesday about 16:40 for a 3-working-day SLA
 *   received on Friday at 18:30 (due Wednesday 23:59); HIJAU before that.
 */

export type HolidayKind = 'LIBUR_NASIONAL' | 'CUTI_BERSAMA';

export interface Holiday {
  /** `YYYY-MM-DD`. */
  date: string;
  name: string;
  kind: HolidayKind;
  /** True for a date computed in advance, not yet read in that year's SKB. */
  estimated?: boolean;
}

function h(date: string, name: string, kind: HolidayKind = 'LIBUR_NASIONAL', estimated = false): Holiday {
  return estimated ? { date, name, kind, estimated } : { date, name, kind };
}
const CB: HolidayKind = 'CUTI_BERSAMA';

/**
 * Where the default list comes from. VERIFY AGAINST THE YEAR'S SKB before relying on it, and pass an
 * updated list (the functions take the list as an argument) when the government changes it, as it did
 * in August 2025.
 */
export const HOLIDAY_SOURCES: Record<number, string> = {
  2025:
    'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1017/2024, 2/2024, 2/2024, as amended by ' +
    'No. 933/2025, 1/2025, 3/2025 (7 Aug 2025: 18 Aug 2025 added as cuti bersama) — verify against the SKB',
  2026: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025, 5/2025 (19 Sep 2025) — verify against the SKB',
  2027:
    'ESTIMATE, no SKB read: fixed dates and the computed Christian dates; Islamic, Saka, Chinese and Buddhist dates ' +
    'estimated (marked estimated) and no cuti bersama. Replace with the SKB for 2027',
};

export const DEFAULT_HOLIDAYS: readonly Holiday[] = [
  // 2025
  h('2025-01-01', 'Tahun Baru 2025 Masehi'),
  h('2025-01-27', 'Isra Mikraj Nabi Muhammad SAW'),
  h('2025-01-28', 'Cuti bersama Tahun Baru Imlek', CB),
  h('2025-01-29', 'Tahun Baru Imlek 2576 Kongzili'),
  h('2025-03-28', 'Cuti bersama Hari Suci Nyepi', CB),
  h('2025-03-29', 'Hari Suci Nyepi (Tahun Baru Saka 1947)'),
  h('2025-03-31', 'Idul Fitri 1446 H'),
  h('2025-04-01', 'Idul Fitri 1446 H'),
  h('2025-04-02', 'Cuti bersama Idul Fitri', CB),
  h('2025-04-03', 'Cuti bersama Idul Fitri', CB),
  h('2025-04-04', 'Cuti bersama Idul Fitri', CB),
  h('2025-04-07', 'Cuti bersama Idul Fitri', CB),
  h('2025-04-18', 'Wafat Yesus Kristus'),
  h('2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)'),
  h('2025-05-01', 'Hari Buruh Internasional'),
  h('2025-05-12', 'Hari Raya Waisak 2569 BE'),
  h('2025-05-13', 'Cuti bersama Hari Raya Waisak', CB),
  h('2025-05-29', 'Kenaikan Yesus Kristus'),
  h('2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus', CB),
  h('2025-06-01', 'Hari Lahir Pancasila'),
  h('2025-06-06', 'Idul Adha 1446 H'),
  h('2025-06-09', 'Cuti bersama Idul Adha', CB),
  h('2025-06-27', 'Tahun Baru Islam 1447 H'),
  h('2025-08-17', 'Proklamasi Kemerdekaan'),
  h('2025-08-18', 'Cuti bersama Proklamasi Kemerdekaan', CB),
  h('2025-09-05', 'Maulid Nabi Muhammad SAW'),
  h('2025-12-25', 'Kelahiran Yesus Kristus'),
  h('2025-12-26', 'Cuti bersama Kelahiran Yesus Kristus', CB),
  // 2026
  h('2026-01-01', 'Tahun Baru 2026 Masehi'),
  h('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'),
  h('2026-02-16', 'Cuti bersama Tahun Baru Imlek', CB),
  h('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'),
  h('2026-03-18', 'Cuti bersama Hari Suci Nyepi', CB),
  h('2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)'),
  h('2026-03-20', 'Cuti bersama Idul Fitri', CB),
  h('2026-03-21', 'Idul Fitri 1447 H'),
  h('2026-03-22', 'Idul Fitri 1447 H'),
  h('2026-03-23', 'Cuti bersama Idul Fitri', CB),
  h('2026-03-24', 'Cuti bersama Idul Fitri', CB),
  h('2026-04-03', 'Wafat Yesus Kristus'),
  h('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'),
  h('2026-05-01', 'Hari Buruh Internasional'),
  h('2026-05-14', 'Kenaikan Yesus Kristus'),
  h('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus', CB),
  h('2026-05-27', 'Idul Adha 1447 H'),
  h('2026-05-28', 'Cuti bersama Idul Adha', CB),
  h('2026-05-31', 'Hari Raya Waisak 2570 BE'),
  h('2026-06-01', 'Hari Lahir Pancasila'),
  h('2026-06-16', 'Tahun Baru Islam 1448 H'),
  h('2026-08-17', 'Proklamasi Kemerdekaan'),
  h('2026-08-25', 'Maulid Nabi Muhammad SAW'),
  h('2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus', CB),
  h('2026-12-25', 'Kelahiran Yesus Kristus'),
  // 2027: an estimate until the SKB for 2027 is read (see HOLIDAY_SOURCES)
  h('2027-01-01', 'Tahun Baru 2027 Masehi'),
  h('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW', 'LIBUR_NASIONAL', true),
  h('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili', 'LIBUR_NASIONAL', true),
  h('2027-03-08', 'Hari Suci Nyepi (Tahun Baru Saka 1949)', 'LIBUR_NASIONAL', true),
  h('2027-03-10', 'Idul Fitri 1448 H', 'LIBUR_NASIONAL', true),
  h('2027-03-11', 'Idul Fitri 1448 H', 'LIBUR_NASIONAL', true),
  h('2027-03-26', 'Wafat Yesus Kristus'),
  h('2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)'),
  h('2027-05-01', 'Hari Buruh Internasional'),
  h('2027-05-06', 'Kenaikan Yesus Kristus'),
  h('2027-05-16', 'Idul Adha 1448 H', 'LIBUR_NASIONAL', true),
  h('2027-05-20', 'Hari Raya Waisak 2571 BE', 'LIBUR_NASIONAL', true),
  h('2027-06-01', 'Hari Lahir Pancasila'),
  h('2027-06-05', 'Tahun Baru Islam 1449 H', 'LIBUR_NASIONAL', true),
  h('2027-08-14', 'Maulid Nabi Muhammad SAW', 'LIBUR_NASIONAL', true),
  h('2027-08-17', 'Proklamasi Kemerdekaan'),
  h('2027-12-25', 'Kelahiran Yesus Kristus'),
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Problems with a holiday list an admin supplies (bad or impossible dates, empty names); empty when sound. */
export function holidayListProblems(list: readonly Holiday[]): string[] {
  const problems: string[] = [];
  for (const [i, x] of list.entries()) {
    if (!isCalendarDate(x.date)) problems.push(`holidays[${i}].date: "${x.date}" is not a date YYYY-MM-DD`);
    if (!x.name?.trim()) problems.push(`holidays[${i}].name: empty`);
    if (x.kind !== 'LIBUR_NASIONAL' && x.kind !== 'CUTI_BERSAMA') problems.push(`holidays[${i}].kind: must be LIBUR_NASIONAL or CUTI_BERSAMA`);
  }
  return problems;
}

function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === s;
}

const SETS = new WeakMap<readonly Holiday[], ReadonlySet<string>>();

function holidaySet(list: readonly Holiday[]): ReadonlySet<string> {
  let set = SETS.get(list);
  if (!set) {
    set = new Set(list.map((x) => x.date));
    SETS.set(list, set);
  }
  return set;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Monday to Friday and not on the list. */
export function isWorkingDay(date: string, holidays: readonly Holiday[] = DEFAULT_HOLIDAYS): boolean {
  if (!isCalendarDate(date)) throw new RangeError(`date: "${date}" is not a date YYYY-MM-DD`);
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaySet(holidays).has(date);
}

function checkInstant(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name}: not a valid date-time`);
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

function localParts(instant: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** The calendar date `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  checkInstant('instant', instant);
  const p = localParts(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const floored = Math.floor(instant / 1000) * 1000;
  const p = localParts(new Date(floored), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - floored;
}

/** The last millisecond (23:59:59.999) of a calendar date in a time zone. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  if (!isCalendarDate(date)) throw new RangeError(`date: "${date}" is not a date YYYY-MM-DD`);
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

/** Enough for any real list: no year has more than ~130 non-working days. */
const MAX_DAYS = 20_000;

/**
 * When an SLA of `n` working days runs out: the end of the n-th working day after the local date of
 * `start` (that date itself never counts). `n` = 0 gives the end of the day of `start`.
 */
export function addWorkingDays(start: Date, n: number, holidays: readonly Holiday[], timeZone: string): Date {
  checkInstant('start', start);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: must be a whole number of working days ≥ 0, got ${n}`);
  let date = localDate(start, timeZone);
  for (let counted = 0, steps = 0; counted < n; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) counted++;
    if (++steps > MAX_DAYS) throw new RangeError('holidays: no working day found; is every day a holiday?');
  }
  return endOfLocalDay(date, timeZone);
}

/**
 * Working days after the local date of `from` up to and including the local date of `to`; negative
 * when `to` is earlier. `workingDaysBetween(s, addWorkingDays(s, n, …), …)` is n.
 */
export function workingDaysBetween(from: Date, to: Date, holidays: readonly Holiday[], timeZone: string): number {
  checkInstant('from', from);
  checkInstant('to', to);
  const a = localDate(from, timeZone);
  const b = localDate(to, timeZone);
  if (b < a) return -workingDaysBetween(to, from, holidays, timeZone);
  let count = 0;
  for (let date = addDays(a, 1); date <= b; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) count++;
  }
  return count;
}

export type SlaColour = 'HIJAU' | 'KUNING' | 'MERAH';

/** Share of the SLA time used after which a complaint turns KUNING. */
export const SLA_WARN_FRACTION = 0.75;

/**
 * HIJAU (on time), KUNING (≥ 75 % of the time from receipt to due used) or MERAH (past due). For a
 * complaint already answered, pass the answer's time as `now` to show whether the SLA was met.
 */
export function slaColour(receivedAt: Date, dueAt: Date, now: Date, warnFraction: number = SLA_WARN_FRACTION): SlaColour {
  checkInstant('receivedAt', receivedAt);
  checkInstant('dueAt', dueAt);
  checkInstant('now', now);
  if (!(warnFraction > 0 && warnFraction <= 1)) throw new RangeError(`warnFraction: must be in (0, 1], got ${warnFraction}`);
  if (now.getTime() > dueAt.getTime()) return 'MERAH';
  const total = dueAt.getTime() - receivedAt.getTime();
  const used = now.getTime() - receivedAt.getTime();
  return used >= warnFraction * total ? 'KUNING' : 'HIJAU';
}
