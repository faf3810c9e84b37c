import { useTranslation } from 'react-i18next';
import type { Me } from '../lib/api.ts';

/** The home of a facility front desk until the counter check (NIK → eligibility) arrives. */
export function CounterSoonPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="panel soon" data-testid="counter-soon">
        <span className="soon__icon" aria-hidden="true">🩺</span>
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
