import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { canImport } from '../../lib/access.ts';
import { api, type CoverageReport, type Me } from '../../lib/api.ts';
import { useFormat } from '../../lib/format.ts';
import { href, navigate } from '../../lib/router.ts';
import { AreaPanel } from './AreaPanel.tsx';
import { ExportLinks } from './ExportLinks.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';
import { Headlines } from './Headlines.tsx';
import { ReasonPanel } from './ReasonPanel.tsx';
import { SegmentPanel } from './SegmentPanel.tsx';
import { TrendPanel } from './TrendPanel.tsx';

/** The district dashboard, or one kecamatan's when `kecamatan` is set. */
export function DashboardPage({ me, kecamatan }: { me: Me; kecamatan: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const level = kecamatan ? 'desa' : 'kecamatan';
  const coverage = useQuery({
    queryKey: ['coverage', level, kecamatan],
    queryFn: () => api<CoverageReport>('/coverage', { query: { level, parent: kecamatan } }),
    placeholderData: keepPreviousData,
  });

  if (coverage.isPending) return <Loading label={t('dashboard.loading')} />;
  if (coverage.isError) return <ErrorState error={coverage.error} onRetry={() => void coverage.refetch()} />;

  const report = coverage.data;
  const stale = coverage.isPlaceholderData;
  const empty = report.asOf === null && report.total.population === 0;

  return (
    <div className={stale ? 'page is-stale' : 'page'} aria-busy={coverage.isFetching}>
      <nav className="breadcrumb" aria-label={t('dashboard.breadcrumb')}>
        <ol>
          <li>
            {kecamatan ? <a href={href({ page: 'dashboard', kecamatan: null })}>{me.districtName}</a> : <span aria-current="page">{me.districtName}</span>}
          </li>
          {kecamatan && (
            <li>
              <span aria-current="page">
                {t('levels.kecamatan')} {stale ? '…' : report.total.name}
              </span>
            </li>
          )}
        </ol>
      </nav>

      <header className="page__header">
        <div>
          <h1>{kecamatan ? `${t('levels.kecamatan')} ${report.total.name}` : t('dashboard.title')}</h1>
          <p className="page__meta">
            {report.asOf ? (
              <>
                {t('dashboard.asOf')} <time dateTime={report.asOf} data-testid="as-of">{f.date(report.asOf)}</time>
              </>
            ) : (
              t('dashboard.noData')
            )}
          </p>
        </div>
        {!empty && <ExportLinks level={level} parent={kecamatan} />}
      </header>

      {empty ? (
        <EmptyState title={t('dashboard.emptyTitle')}>
          <p>{t('dashboard.emptyBody')}</p>
          {canImport(me.role) ? (
            <a className="button" href={href({ page: 'imports' })}>
              {t('dashboard.emptyAction')}
            </a>
          ) : (
            <p>{t('dashboard.emptyAskAdmin')}</p>
          )}
        </EmptyState>
      ) : (
        <>
          <Headlines report={report} isSubArea={kecamatan !== null} />
          <AreaPanel
            rows={report.rows}
            total={report.total}
            rowLevel={kecamatan ? 'desa' : 'kecamatan'}
            onOpen={kecamatan ? undefined : (code) => navigate({ page: 'dashboard', kecamatan: code })}
          />
          <SegmentPanel total={report.total} />
          <ReasonPanel total={report.total} />
          {!kecamatan && (
            <>
              <TrendPanel />
              <FindingsPanel />
            </>
          )}
        </>
      )}
    </div>
  );
}
