import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { EligibilityAnswer, Me } from '../../lib/api.ts';
import { caseNumber } from '../../lib/cases.ts';
import { useFormat } from '../../lib/format.ts';
import { maskNik } from '../../lib/nik-input.ts';
import { NextStep } from './ResultCard.tsx';

/**
 * The slip the desk prints for the patient. Outside the app's root, hidden on screen; the print
 * stylesheet prints only this.
 */
export function PrintSlip({ answer, checkedAt, me }: { answer: EligibilityAnswer; checkedAt: Date; me: Me }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: [string, string][] = [
    [t('slip.facility'), me.facilityCode ?? t(`roles.${me.role}`)],
    [t('slip.checkedAt'), f.dateTime(checkedAt.toISOString())],
    [t('slip.officer'), me.username],
    [t('counter.nik'), maskNik(answer.nik)],
    [t('counter.membership'), `${t(`counter.membershipValue.${answer.membership}`)}${answer.reason ? ` — ${t(`reasons.${answer.reason}`)}` : ''}`],
    [t('counter.primaryFacility'), answer.primaryFacility ?? '—'],
    [t('counter.asOf'), `${f.date(answer.asOf)} · ${t(`counter.sources.${answer.source}`)}`],
  ];
  if (answer.case) {
    rows.push([t('counter.route'), t(`routes.${answer.case.route}`)]);
    rows.push([t('counter.office'), t(`offices.${answer.case.ownerOffice}`)]);
    rows.push([t('counter.due'), f.dateTime(answer.case.dueAt)]);
  }
  return createPortal(
    <article className="slip" data-testid="print-slip" aria-hidden="true">
      <header className="slip__head">
        <strong>SMART JKN · {me.districtName}</strong>
        <span>{t('slip.title')}</span>
      </header>
      <p className="slip__verdict">
        {answer.served ? t('counter.served') : t('counter.notServed')} — {t(`counter.basis.${answer.basis}`)}
      </p>
      {answer.caseId && (
        <p className="slip__case">
          {t('counter.caseNumber')}: <strong>{caseNumber(answer.caseId)}</strong>
        </p>
      )}
      <table className="slip__table">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="slip__next">
        <strong>{t('counter.nextStep')}</strong>
        <NextStep answer={answer} />
      </div>
      <footer className="slip__foot">{t('slip.footer')}</footer>
    </article>,
    document.body,
  );
}
