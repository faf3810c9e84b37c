import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NikField } from '../../components/NikField.tsx';
import { ErrorState } from '../../components/States.tsx';
import { api, isApiError, type EligibilityAnswer, type Me } from '../../lib/api.ts';
import { caseNumber } from '../../lib/cases.ts';
import { useNow } from '../../lib/clock.ts';
import { useFormat } from '../../lib/format.ts';
import { checkNikInput, cleanNik } from '../../lib/nik-input.ts';
import { PrintSlip } from './PrintSlip.tsx';
import { useRecentChecks, type RecentCheck } from './recent-checks.ts';
import { ResultCard } from './ResultCard.tsx';

interface Checked {
  answer: EligibilityAnswer;
  at: Date;
}

/**
 * The front desk: one NIK field, Enter checks, the answer in large type, a slip to print, Escape for the
 * next patient. A malformed NIK never reaches the server.
 */
export function CounterPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const now = useNow();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [checked, setChecked] = useState<Checked | null>(null);
  const recent = useRecentChecks();

  const check = useMutation({
    mutationKey: ['eligibility'],
    mutationFn: (nik: string) => api<EligibilityAnswer>(`/eligibility/${encodeURIComponent(nik)}`),
    onSuccess: (answer) => {
      const at = new Date();
      setChecked({ answer, at });
      recent.add(answer, at);
      // the next patient's NIK replaces this one as it is typed
      inputRef.current?.select();
    },
  });

  const clear = useCallback(() => {
    setValue('');
    setSubmitted(false);
    setChecked(null);
    check.reset();
    inputRef.current?.focus();
  }, [check]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) clear();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [clear]);

  const input = checkNikInput(value);
  // An answer belongs to the NIK in the field; typing another one puts it away.
  const shown = checked && cleanNik(value) === checked.answer.nik ? checked : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (input.state === 'valid' && !check.isPending) check.mutate(input.nik);
  };

  return (
    <div className="page counter">
      <header className="page__header">
        <div>
          <h1>{t('counter.title')}</h1>
          <p className="page__meta">
            {t('counter.intro')}
            {me.facilityCode && <> {t('counter.facility', { code: me.facilityCode })}</>}
          </p>
        </div>
      </header>
      <div className="counter__layout">
        <div className="counter__main">
          <section className="panel counter__form-panel">
            <form className="counter__form" onSubmit={submit} role="search" aria-label={t('counter.title')}>
              <NikField
                value={value}
                onChange={(next) => {
                  setValue(next);
                  setSubmitted(false);
                }}
                label={t('counter.nikLabel')}
                validHint={t('counter.validHint')}
                submitted={submitted}
                large
                autoFocus
                inputRef={inputRef}
              />
              <button type="submit" className="button button--large" disabled={check.isPending} data-testid="counter-submit">
                {check.isPending ? t('counter.checking') : t('counter.submit')}
              </button>
            </form>
            <p className="muted small counter__keys">{t('counter.keys')}</p>
          </section>
          <div aria-live="polite">
            {check.isError && check.variables === cleanNik(value) && <CheckError error={check.error} />}
            {shown && !check.isPending && (
              <ResultCard answer={shown.answer} checkedAt={shown.at} now={now} onPrint={() => window.print()} onNewCheck={clear} />
            )}
          </div>
        </div>
        <RecentChecks items={recent.items} />
      </div>
      {shown && <PrintSlip answer={shown.answer} checkedAt={shown.at} me={me} />}
    </div>
  );
}

function CheckError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isApiError(error, 400)) {
    return (
      <p className="alert alert--error" role="alert" data-testid="counter-error">
        {t('counter.rejected', { message: error.message.replace(/^nik:\s*/, '') })}
      </p>
    );
  }
  return <ErrorState error={error} />;
}

function RecentChecks({ items }: { items: RecentCheck[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <aside className="panel counter__recent" aria-labelledby="recent-title">
      <header className="panel__header">
        <h2 id="recent-title">{t('counter.recent')}</h2>
        <p className="panel__hint">{t('counter.recentHint')}</p>
      </header>
      {items.length === 0 ? (
        <p className="muted small">{t('counter.recentEmpty')}</p>
      ) : (
        <ol className="recent" data-testid="recent-checks">
          {items.map((item) => (
            <li key={item.at} className="recent__item">
              <span className={`recent__mark recent__mark--${item.served ? 'yes' : 'no'}`} aria-hidden="true">
                {item.served ? '✓' : '✕'}
              </span>
              <span className="recent__body">
                <span className="code">{item.nikMasked}</span>
                <span className="recent__what">
                  {t(`counter.basis.${item.basis}`)}
                  {item.caseId && <> · {t('counter.caseShort', { number: caseNumber(item.caseId) })}</>}
                </span>
              </span>
              <time className="recent__time muted" dateTime={item.at}>
                {f.time(item.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
