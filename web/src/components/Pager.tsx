import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  /** `total` is a lower bound: there may be more pages after the last one counted. */
  totalIsAtLeast?: boolean;
  onPage: (page: number) => void;
  busy?: boolean;
}

/** Previous / next for a list paged on the server (pages count from 1). */
export function Pager({ page, pageSize, total, totalIsAtLeast = false, onPage, busy }: PagerProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={t('common.pagination')}>
      <span className="pager__range">
        {t('common.range', { from: f.num(from), to: f.num(to), total: `${f.num(total)}${totalIsAtLeast ? '+' : ''}` })}
      </span>
      <span className="pager__buttons">
        <button type="button" className="button button--secondary button--small" disabled={busy || page <= 1} onClick={() => onPage(page - 1)}>
          ‹ {t('common.prev')}
        </button>
        <span className="pager__page">{t('common.pageOf', { page: f.num(page), pages: `${f.num(pages)}${totalIsAtLeast ? '+' : ''}` })}</span>
        <button type="button" className="button button--secondary button--small" disabled={busy || (page >= pages && !totalIsAtLeast)} onClick={() => onPage(page + 1)}>
          {t('common.next')} ›
        </button>
      </span>
    </nav>
  );
}
