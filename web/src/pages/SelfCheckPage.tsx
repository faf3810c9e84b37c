import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { NikField } from '../components/NikField.tsx';
import { api, isApiError, type SelfCheckAnswer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { checkNikInput, cleanNik } from '../lib/nik-input.ts';
import { href } from '../lib/router.ts';

/** A family card number (Nomor KK) is 16 digits; people type or paste it with spaces, dots or dashes. */
const NO_KK_LENGTH = 16;

/**
 * A resident checks their own JKN status with NIK and family card number (Nomor KK), without logging in.
 * Not the date of birth: the NIK itself encodes it. A pair that does not match gets one answer, never
 * which half was wrong; the server allows a few checks a minute.
 */
export function SelfCheckPage({ loggedIn }: { loggedIn: boolean }) {
  const { t } = useTranslation();
  const [nik, setNik] = useState('');
  const [noKk, setNoKk] = useState('');
  const noKkId = useId();
  const [submitted, setSubmitted] = useState(false);
  const answerRef = useRef<HTMLDivElement>(null);

  const check = useMutation({
    mutationKey: ['self-check'],
    mutationFn: (body: { nik: string; noKk: string }) => api<SelfCheckAnswer>('/self-check', { method: 'POST', json: body }),
    onSettled: () => answerRef.current?.focus(),
  });

  const input = checkNikInput(nik);
  const kk = cleanNik(noKk);
  const kkValid = kk.length === NO_KK_LENGTH && /^\d+$/.test(kk);
  const kkInvalid = (submitted && !kkValid) || (kk !== '' && !/^\d*$/.test(kk));
  const kkHint = kkInvalid
    ? t('selfCheck.noKkInvalid', { total: NO_KK_LENGTH })
    : kkValid || kk === ''
      ? t('selfCheck.noKkHint')
      : t('nik.progress', { typed: kk.length, total: NO_KK_LENGTH });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (input.state === 'valid' && kkValid && !check.isPending) check.mutate({ nik: input.nik, noKk: kk });
  };

  return (
    <PublicFrame
      title={t('selfCheck.title')}
      intro={t('selfCheck.intro')}
      foot={
        <>
          {t('selfCheck.privacy')}{' '}
          <a href={href({ page: 'dashboard', kecamatan: null })}>{loggedIn ? t('selfCheck.backToApp') : t('selfCheck.staffLogin')}</a>
        </>
      }
    >
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
          <div className="field field--nik">
            <label className="field__label" htmlFor={noKkId}>
              {t('selfCheck.noKk')}
            </label>
            <input
              id={noKkId}
              value={noKk}
              onChange={(event) => {
                setNoKk(event.target.value);
                setSubmitted(false);
              }}
              inputMode="numeric"
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              maxLength={24}
              aria-invalid={kkInvalid}
              aria-describedby={`${noKkId}-message`}
              className="nik-input"
              data-testid="self-kk"
            />
            <span
              id={`${noKkId}-message`}
              className={kkInvalid ? 'field__hint field__hint--error' : kkValid ? 'field__hint field__hint--ok' : 'field__hint'}
              aria-live="polite"
              data-testid="self-kk-message"
            >
              {kkHint}
            </span>
          </div>
          <button type="submit" className="button button--block" disabled={check.isPending} data-testid="self-submit">
            {check.isPending ? t('selfCheck.checking') : t('selfCheck.submit')}
          </button>
        </form>
        <div ref={answerRef} tabIndex={-1} aria-live="polite" className="public__answer">
          {!check.isPending && check.isError && <SelfCheckError error={check.error} />}
          {!check.isPending && check.data && <SelfCheckResult answer={check.data} />}
        </div>
    </PublicFrame>
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
