import { useTranslation } from 'react-i18next';
import type { Me } from '../lib/api.ts';

/** The home of a facility front desk until the counter check (NIK → eligibility) arrives. */
export function CounterSoonPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="panel soon" data-testid="counter-soon">
        <svg className="soon__icon" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
          <rect x="6" y="14" width="52" height="36" rx="6" fill="var(--primary-weak)" stroke="var(--primary)" strokeWidth="2.5" />
          <circle cx="22" cy="30" r="6" fill="none" stroke="var(--primary)" strokeWidth="2.5" />
          <path d="M13 43c2-5 6-7 9-7s7 2 9 7" fill="none" stroke="var(--primary)" strokeWidth="2.5" strokeLinecap="round" />
          <path d="M36 26h14M36 33h10" stroke="var(--primary)" strokeWidth="2.5" strokeLinecap="round" />
          <circle cx="50" cy="46" r="9" fill="var(--primary)" />
          <path d="M45.5 46l3 3 6-6" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <h1>{t('counter.title')}</h1>
        <p>{t('counter.body')}</p>
        <ul className="soon__list">
          <li>{t('counter.point1')}</li>
          <li>{t('counter.point2')}</li>
          <li>{t('counter.point3')}</li>
        </ul>
        {me.facilityCode && <p className="muted">{t('counter.facility', { code: me.facilityCode })}</p>}
      </section>
    </div>
  );
}
