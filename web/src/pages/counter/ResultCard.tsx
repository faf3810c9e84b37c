import { useTranslation } from 'react-i18next';
import { Fact } from '../../components/Fact.tsx';
import type { EligibilityAnswer } from '../../lib/api.ts';
import { caseNumber } from '../../lib/cases.ts';
import { useFormat } from '../../lib/format.ts';
import { maskNik } from '../../lib/nik-input.ts';

interface ResultCardProps {
  answer: EligibilityAnswer;
  checkedAt: Date;
  now: Date;
  onPrint: () => void;
  onNewCheck: () => void;
}

/** The counter answer, readable at a glance: served or not, why, and what to do next. */
export function ResultCard({ answer, checkedAt, now, onPrint, onNewCheck }: ResultCardProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const tone = answer.basis === 'JKN_AKTIF' ? 'active' : answer.basis === 'JAMINAN_PEMDA' ? 'guarantee' : 'none';

  return (
    <section
      className={`result result--${tone}`}
      aria-labelledby="result-verdict"
      data-testid="counter-result"
      data-served={answer.served}
      data-basis={answer.basis}
    >
      <header className="result__verdict">
        <span className="result__icon" aria-hidden="true">
          {answer.served ? '✓' : '✕'}
        </span>
        <div>
          <h2 id="result-verdict" className="result__title" data-testid="counter-verdict">
            {answer.served ? t('counter.served') : t('counter.notServed')}
            <span className="result__basis">{t(`counter.basis.${answer.basis}`)}</span>
          </h2>
          <p className="result__explain">{t(`counter.basisExplain.${answer.basis}`)}</p>
        </div>
      </header>

      <dl className="facts">
        <Fact label={t('counter.nik')}>
          <span className="code">{maskNik(answer.nik)}</span>
        </Fact>
        <Fact label={t('counter.membership')} testId="counter-membership">
          <strong>{t(`counter.membershipValue.${answer.membership}`)}</strong>
          {answer.reason && <> — {t(`reasons.${answer.reason}`)}</>}
          {answer.arrearsMonths !== null && answer.arrearsMonths > 0 && <> ({t('counter.arrearsMonths', { count: answer.arrearsMonths })})</>}
        </Fact>
        <Fact label={t('counter.resident')}>{answer.resident ? t('counter.residentYes') : t('counter.residentNo')}</Fact>
        <Fact label={t('counter.primaryFacility')}>
          <span className="code">{answer.primaryFacility ?? '—'}</span>
        </Fact>
        <Fact label={t('counter.asOf')} testId="counter-as-of">
          <time dateTime={answer.asOf}>{f.date(answer.asOf)}</time>
          <span className="muted"> · {t(`counter.sources.${answer.source}`)}</span>
        </Fact>
        {answer.segment && <Fact label={t('counter.segment')}>{t(`segments.${answer.segment}`)}</Fact>}
        {answer.membershipClass && <Fact label={t('counter.class')}>{t('counter.classValue', { value: answer.membershipClass })}</Fact>}
      </dl>

      <div className="next" data-testid="counter-next-step">
        <h3 className="next__title">{t('counter.nextStep')}</h3>
        <NextStep answer={answer} />
        {answer.case && (
          <dl className="facts facts--case">
            {answer.caseId && (
              <Fact label={t('counter.caseNumber')}>
                <strong className="case-number" data-testid="counter-case-number" data-case-id={answer.caseId}>
                  {caseNumber(answer.caseId)}
                </strong>
              </Fact>
            )}
            <Fact label={t('counter.route')}>{t(`routes.${answer.case.route}`)}</Fact>
            <Fact label={t('counter.office')}>{t(`offices.${answer.case.ownerOffice}`)}</Fact>
            <Fact label={t('counter.due')}>
              {f.dateTime(answer.case.dueAt)} <span className="muted">({f.relative(answer.case.dueAt, now)})</span>
            </Fact>
          </dl>
        )}
      </div>

      <footer className="result__actions">
        <span className="muted small">{t('counter.checkedAt', { time: f.dateTime(checkedAt.toISOString()) })}</span>
        <span className="result__buttons">
          <button type="button" className="button button--secondary" onClick={onPrint} data-testid="counter-print">
            {t('counter.print')}
          </button>
          <button type="button" className="button" onClick={onNewCheck} data-testid="counter-new">
            {t('counter.newCheck')} <kbd>Esc</kbd>
          </button>
        </span>
      </footer>
    </section>
  );
}

/**
 * The server words the next step in Indonesian for the desk. In English the same decision is told from
 * its parts, with the desk's Indonesian note beside it (it may name a situation the parts do not).
 */
export function NextStep({ answer }: { answer: EligibilityAnswer }) {
  const { t, i18n } = useTranslation();
  if (i18n.language !== 'en') return <p className="next__text">{answer.nextStep}</p>;
  return (
    <>
      <p className="next__text">
        {t(`counter.serviceStep.${answer.basis}`)}
        {answer.case && ` ${t('counter.caseStep', { route: t(`routes.${answer.case.route}`), office: t(`offices.${answer.case.ownerOffice}`) })}`}
      </p>
      <p className="next__note">
        <span className="muted">{t('counter.deskNote')}: </span>
        <span lang="id">{answer.nextStep}</span>
      </p>
    </>
  );
}
