import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface DateValue {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateValue = { day: '', month: '', year: '' };

/** `YYYY-MM-DD` when the parts make a real calendar date, else null. */
export function isoDate(value: DateValue): string | null {
  const day = Number(value.day);
  const month = Number(value.month);
  const year = Number(value.year);
  if (!/^\d{1,2}$/.test(value.day) || !/^\d{4}$/.test(value.year) || !Number.isInteger(month)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as day, month (by name) and year: unambiguous whatever the browser's locale, and easier than a
 * calendar picker for a birth date decades ago.
 */
export function DateParts({
  legend,
  hint,
  value,
  onChange,
  invalid,
  testId,
}: {
  legend: string;
  hint: string;
  value: DateValue;
  onChange: (value: DateValue) => void;
  invalid: boolean;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const monthName = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { month: 'long', timeZone: 'UTC' });
  return (
    <fieldset className="field date-parts" aria-describedby={`${id}-hint`}>
      <legend className="field__label">{legend}</legend>
      <div className="date-parts__inputs">
        <label className="date-parts__part date-parts__part--day">
          <span className="field__hint">{t('date.day')}</span>
          <input
            value={value.day}
            onChange={(event) => onChange({ ...value, day: event.target.value.replace(/\D/g, '').slice(0, 2) })}
            inputMode="numeric"
            autoComplete="bday-day"
            aria-invalid={invalid}
            data-testid={`${testId}-day`}
          />
        </label>
        <label className="date-parts__part date-parts__part--month">
          <span className="field__hint">{t('date.month')}</span>
          <select value={value.month} onChange={(event) => onChange({ ...value, month: event.target.value })} autoComplete="bday-month" aria-invalid={invalid} data-testid={`${testId}-month`}>
            <option value="">—</option>
            {Array.from({ length: 12 }, (_, index) => (
              <option key={index} value={String(index + 1)}>
                {monthName.format(new Date(Date.UTC(2000, index, 1)))}
              </option>
            ))}
          </select>
        </label>
        <label className="date-parts__part date-parts__part--year">
          <span className="field__hint">{t('date.year')}</span>
          <input
            value={value.year}
            onChange={(event) => onChange({ ...value, year: event.target.value.replace(/\D/g, '').slice(0, 4) })}
            inputMode="numeric"
            autoComplete="bday-year"
            aria-invalid={invalid}
            data-testid={`${testId}-year`}
          />
        </label>
      </div>
      <span id={`${id}-hint`} className={invalid ? 'field__hint field__hint--error' : 'field__hint'}>
        {hint}
      </span>
    </fieldset>
  );
}
