import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  locale: string;
  /** The district's IANA time zone (from the server's configuration): dates and times are shown there. */
  timeZone: string | undefined;
  /** 1457591 → "1.457.591" (id) / "1,457,591" (en). */
  num(value: number | null | undefined): string;
  /** 0.97823 → "97,82 %" (id) / "97.82%" (en). */
  pct(fraction: number | null | undefined, digits?: number): string;
  /** 42000 → "Rp 42.000". */
  rupiah(value: number | null | undefined): string;
  /** "2025-05-31" → "31 Mei 2025". */
  date(value: string | null | undefined): string;
  /** "2025-05-31" → "31 Mei 25" (chart axes). */
  shortDate(value: string | null | undefined): string;
  /** ISO instant → "23 Nov 2025, 17.00 WITA". */
  dateTime(value: string | null | undefined): string;
  /** ISO instant → "17.00" (time of day in the district). */
  time(value: string | null | undefined): string;
  /** ISO instant relative to `now` → "dalam 3 hari", "5 jam yang lalu". */
  relative(value: string, now: Date): string;
}

const DASH = '—';

/** Date-only values are calendar dates: read at noon UTC, the same calendar day in every Indonesian zone. */
function parseDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

/** `timeZone` undefined (before the server has said) shows the browser's own zone. */
export function makeFormatters(language: string, timeZone: string | undefined): Formatters {
  const locale = language === 'en' ? 'en-GB' : 'id-ID';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percentDigits = new Map<number, Intl.NumberFormat>();
  const percentNumber = (digits: number) => {
    let format = percentDigits.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      percentDigits.set(digits, format);
    }
    return format;
  };
  const rupiah = new Intl.NumberFormat(locale, { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
  const longDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: '2-digit', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const zoneName = new Intl.DateTimeFormat('id-ID', { timeZone, timeZoneName: 'short' });
  const zoneOf = (at: Date) => zoneName.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const valid = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

  return {
    locale,
    timeZone,
    num: (value) => (valid(value) ? integer.format(value) : DASH),
    pct: (fraction, digits = 2) => {
      if (!valid(fraction)) return DASH;
      const text = percentNumber(digits).format(fraction * 100);
      // Indonesian writes a space before the sign ("97,82 %"); a no-break space keeps it on one line.
      return locale === 'id-ID' ? `${text}\u00a0%` : `${text}%`;
    },
    rupiah: (value) => (valid(value) ? rupiah.format(value) : DASH),
    date: (value) => (value ? longDate.format(parseDate(value)) : DASH),
    shortDate: (value) => (value ? shortDate.format(parseDate(value)) : DASH),
    dateTime: (value) => (value ? `${dateTime.format(parseDate(value))} ${zoneOf(parseDate(value))}` : DASH),
    time: (value) => (value ? time.format(parseDate(value)) : DASH),
    relative: (value, now) => {
      const minutes = (parseDate(value).getTime() - now.getTime()) / 60_000;
      const size = Math.abs(minutes);
      if (size < 60) return relative.format(Math.round(minutes), 'minute');
      if (size < 48 * 60) return relative.format(Math.round(minutes / 60), 'hour');
      return relative.format(Math.round(minutes / (24 * 60)), 'day');
    },
  };
}

/** The district this server serves and its time zone, from the public health answer (read once). */
export function useDistrictTimeZone(): string | undefined {
  const { data } = useQuery({
    queryKey: ['health'],
    queryFn: async (): Promise<{ timeZone?: string }> => (await fetch('/api/health')).json(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return data?.timeZone;
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const timeZone = useDistrictTimeZone();
  return useMemo(() => makeFormatters(i18n.language, timeZone), [i18n.language, timeZone]);
}
