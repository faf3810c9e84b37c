import { useTranslation } from 'react-i18next';
import type { CoverageReport, RowDetail } from '../../lib/api.ts';
import { useFormat } from '../../lib/format.ts';
import { ACTIVE_RATE_THRESHOLDS, activeRateTone } from './thresholds.ts';

/**
 * Whose UHC Award status the cards show: the district's on the district page; on a kecamatan page
 * either the kecamatan's own (indicative: the award is for districts) or, when the server gives only
 * the district's, the district's, labelled so.
 */
export type AwardScope = 'district' | 'area' | 'districtOfArea';

interface HeadlinesProps {
  total: RowDetail;
  uhcAward: CoverageReport['uhcAward'];
  awardScope: AwardScope;
}

/** The headline figures of the area shown, with the UHC Award category and what the next one needs. */
export function Headlines({ total, uhcAward, awardScope }: HeadlinesProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const awardLabel = { district: 'dashboard.uhcCategory', area: 'dashboard.uhcCategoryIndicative', districtOfArea: 'dashboard.uhcCategoryDistrict' }[awardScope];
  const tone = activeRateTone(total.activeRate);

  return (
    <section className="headlines" aria-label={t('dashboard.headlines')}>
      <article className="stat">
        <h3 className="stat__label">{t('metrics.population')}</h3>
        <p className="stat__value" data-testid="headline-population" data-value={total.population}>
          {f.num(total.population)}
        </p>
        <p className="stat__sub">{t('dashboard.populationHint')}</p>
      </article>

      <article className="stat">
        <h3 className="stat__label">{t('metrics.registered')}</h3>
        <p className="stat__value" data-testid="headline-registered" data-value={total.registered}>
          {f.num(total.registered)}
        </p>
        <p className="stat__sub">
          {t('metrics.coverage')}{' '}
          <strong data-testid="headline-coverage" data-value={total.coverage}>
            {f.pct(total.coverage)}
          </strong>
        </p>
      </article>

      <article className="stat">
        <h3 className="stat__label">{t('metrics.active')}</h3>
        <p className="stat__value" data-testid="headline-active" data-value={total.active}>
          {f.num(total.active)}
        </p>
        <p className="stat__sub">
          {t('metrics.activeRate')}{' '}
          <strong className={`tone tone--${tone}`} data-testid="headline-active-rate" data-value={total.activeRate}>
            {f.pct(total.activeRate)}
          </strong>
        </p>
        <RateScale fraction={total.activeRate} />
      </article>

      <article className="stat">
        <h3 className="stat__label">{t('metrics.activeOfRegistered')}</h3>
        <p className="stat__value" data-testid="headline-active-of-registered" data-value={total.activeOfRegistered}>
          {f.pct(total.activeOfRegistered)}
        </p>
        <p className="stat__sub">
          {t('dashboard.inactiveCount', { value: f.num(total.inactive) })}
        </p>
      </article>

      <article className={`stat stat--award stat--${uhcAward.category.toLowerCase()}`}>
        <h3 className="stat__label">{t(awardLabel)}</h3>
        <p className="stat__value">
          <span className={`badge badge--${uhcAward.category.toLowerCase()}`} data-testid="uhc-category" data-value={uhcAward.category}>
            {t(`uhc.${uhcAward.category}`)}
          </span>
        </p>
        <p className="stat__sub">{t('dashboard.uhcCriteria')}</p>
      </article>

      <article className="stat">
        <h3 className="stat__label">
          {uhcAward.next ? t('dashboard.activationsNeeded', { next: t(`uhc.${uhcAward.next}`) }) : t('dashboard.activationsNeededTop')}
          {awardScope === 'districtOfArea' && ` (${t('levels.kabupaten').toLowerCase()})`}
        </h3>
        <p className="stat__value" data-testid="uhc-activations-needed" data-value={uhcAward.activationsNeeded ?? ''}>
          {uhcAward.activationsNeeded === null ? '—' : f.num(uhcAward.activationsNeeded)}
        </p>
        <p className="stat__sub">{uhcAward.next ? t('dashboard.activationsHint') : t('dashboard.topCategory')}</p>
      </article>
    </section>
  );
}

/** A slim 0–100 % bar with the 80 / 85 / 95 % marks. */
function RateScale({ fraction }: { fraction: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const width = Math.max(0, Math.min(100, fraction * 100));
  return (
    <div className="scale" aria-hidden="true">
      <div className={`scale__fill tone-bg--${activeRateTone(fraction)}`} style={{ width: `${width}%` }} />
      {ACTIVE_RATE_THRESHOLDS.map((threshold) => (
        <span
          key={threshold.category}
          className="scale__mark"
          style={{ left: `${threshold.percent}%` }}
          title={`${t(`uhc.${threshold.category}`)} ${f.pct(threshold.percent / 100, 0)}`}
        />
      ))}
    </div>
  );
}
