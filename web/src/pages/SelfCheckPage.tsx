import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateParts, EMPTY_DATE, isoDate, type DateValue } from '../components/DateParts.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { NikField } from '../components/NikField.tsx';
import { api, isApiError, type SelfCheckAnswer } from '../lib/api.ts';
import { useDistrictTimeZone, useFormat } from '../lib/format.ts';
import { isoDateIn } from '../../../src/domain/format.ts';
import { checkNikInput } from '../lib/nik-input.ts';
import { href } from '../lib/router.ts';

/**
 * A resident checks their own JKN status with NIK and date of birth, without logging in. A pair that does
 * not match gets one answer, never which half was wrong; the server allows a few checks a minute.
 */
export function SelfCheckPage({ loggedIn }: { loggedIn: boolean }) {
  const { t } = useTranslation();
  const timeZone = useDistrictTimeZone();
  const [nik, setNik] = useState('');
  const [birthDate, setBirthDate] = useState<DateValue>(EMPTY_DATE);
  const [submitted, setSubmitted] = useState(false);
  const answerRef = useRef<HTMLDivElement>(null);

  const check = useMutation({
    mutationKey: ['self-check'],
    mutationFn: (body: { nik: string; birthDate: string }) => api<SelfCheckAnswer>('/self-check', { method: 'POST', json: body }),
    onSettled: () => answerRef.current?.focus(),
  });

  const input = checkNikInput(nik);
  const iso = isoDate(birthDate);
  const dateValid = iso !== null && iso >= '1900-01-01' && iso <= isoDateIn(new Date(), timeZone ?? 'Asia/Jayapura');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (input.state === 'valid' && iso && dateValid && !check.isPending) check.mutate({ nik: input.nik, birthDate: iso });
  };

  return (
    <main className="public">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="public__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">+</span>
          <span>
            <span className="brand__name">SMART JKN</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <div>
          <h1 className="login__title">{t('selfCheck.title')}</h1>
          <p className="muted">{t('selfCheck.intro')}</p>
        </div>
        <form className="form" onSubmit={submit} noValidate>
          <NikField
            value={nik}
            onChange={(value) => {
              setNik(value);
              setSubmitted(false);
            }}
            label={t('selfCheck.nik')}
            validHint={t('selfCheck.nikOk')}
            submitted={submitted}
            autoFocus
            testId="self-nik"
          />
          <DateParts
            legend={t('selfCheck.birthDate')}
            hint={submitted && !dateValid ? t('selfCheck.birthDateInvalid') : t('selfCheck.birthDateHint')}
            value={birthDate}
            onChange={(value) => {
              setBirthDate(value);
              setSubmitted(false);
            }}
            invalid={submitted && !dateValid}
            testId="self-birth"
          />
          <button type="submit" className="button button--block" disabled={check.isPending} data-testid="self-submit">
            {check.isPending ? t('selfCheck.checking') : t('selfCheck.submit')}
          </button>
        </form>
        <div ref={answerRef} tabIndex={-1} aria-live="polite" className="public__answer">
          {!check.isPending && check.isError && <SelfCheckError error={check.error} />}
          {!check.isPending && check.data && <SelfCheckResult answer={check.data} />}
        </div>
        <p className="login__foot">
          {t('selfCheck.privacy')}{' '}
          <a href={href({ page: 'dashboard', kecamatan: null })}>{loggedIn ? t('selfCheck.backToApp') : t('selfCheck.staffLogin')}</a>
        </p>
      </div>
    </main>
  );
}

function SelfCheckResult({ answer }: { answer: SelfCheckAnswer }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!answer.matched) {
    return (
      <div className="alert alert--error self-result" role="alert" data-testid="self-result" data-matched="false">
        <strong>{t('selfCheck.noMatch')}</strong>
        <p>{t('selfCheck.noMatchHint')}</p>
      </div>
    );
  }
  const active = answer.membership === 'AKTIF';
  const advice = t(`selfCheck.advice.${answer.route ?? 'AKTIF'}`, { defaultValue: answer.advice ?? '' });
  return (
    <section
      className={`self-result self-result--${active ? 'active' : answer.served ? 'guarantee' : 'none'}`}
      data-testid="self-result"
      data-matched="true"
      data-membership={answer.membership}
    >
      <p className="self-result__status">
        <span className="self-result__mark" aria-hidden="true">
          {active ? '✓' : '!'}
        </span>
        {t(`selfCheck.status.${answer.membership ?? 'TIDAK_TERDAFTAR'}`)}
      </p>
      {answer.reason && <p className="muted">{t('selfCheck.reason', { reason: t(`reasons.${answer.reason}`) })}</p>}
      {!active && answer.served && <p>{t('selfCheck.servedMeanwhile')}</p>}
      <p className="self-result__advice" data-testid="self-advice">
        {advice}
      </p>
      {answer.asOf && <p className="muted small">{t('selfCheck.asOf', { date: f.date(answer.asOf) })}</p>}
    </section>
  );
}

function SelfCheckError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = isApiError(error, 429) ? t('selfCheck.tooMany') : isApiError(error, 0) ? t('common.networkError') : t('selfCheck.failed');
  return (
    <p className="alert alert--error" role="alert" data-testid="self-error">
      {text}
    </p>
  );
}
