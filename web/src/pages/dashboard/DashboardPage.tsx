import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { canImport, canReadFindingPersons } from '../../lib/access.ts';
import { api, type CoverageReport, type Me, type RowDetail } from '../../lib/api.ts';
import { NotFoundPage } from '../SimplePages.tsx';
import { useFormat } from '../../lib/format.ts';
import { href, navigate } from '../../lib/router.ts';
import { AreaPanel } from './AreaPanel.tsx';
import { ExportLinks } from './ExportLinks.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';
import { Headlines, type AwardScope } from './Headlines.tsx';
import { ReasonPanel } from './ReasonPanel.tsx';
import { SegmentPanel } from './SegmentPanel.tsx';
import { TrendPanel } from './TrendPanel.tsx';

/** The district dashboard, or one kecamatan's when `kecamatan` is set. */
export function DashboardPage({ me, kecamatan }: { me: Me; kecamatan: string | null }) {
  const { t } = useTranslation();
  // The kecamatan table is the district page; on a kecamatan page it also gives that kecamatan's own row.
  const district = useQuery({
    queryKey: ['coverage', 'kecamatan', null],
    queryFn: () => api<CoverageReport>('/coverage', { query: { level: 'kecamatan' } }),
  });
  const desa = useQuery({
    enabled: kecamatan !== null,
    queryKey: ['coverage', 'desa', kecamatan],
    queryFn: () => api<CoverageReport>('/coverage', { query: { level: 'desa', parent: kecamatan } }),
  });

  if (district.isPending || (kecamatan !== null && desa.isPending)) return <Loading label={t('dashboard.loading')} />;
  if (district.isError) return <ErrorState error={district.error} onRetry={() => void district.refetch()} />;
  if (desa.isError) return <ErrorState error={desa.error} onRetry={() => void desa.refetch()} />;

  if (kecamatan === null) {
    const report = district.data;
    return (
      <DashboardView
        me={me}
        kecamatan={null}
        asOf={report.asOf}
        total={report.total}
        rows={report.rows}
        uhcAward={report.uhcAward}
        awardScope="district"
        busy={district.isFetching}
      />
    );
  }

  const report = desa.data;
  if (!report) return <Loading label={t('dashboard.loading')} />;
  // The server may total the desa report for the kecamatan, or for the district: use the kecamatan either way.
  const ownTotal = report.total.code === kecamatan;
  const total = ownTotal ? report.total : district.data.rows.find((row) => row.code === kecamatan);
  if (!total) return <NotFoundPage />;
  return (
    <DashboardView
      me={me}
      kecamatan={kecamatan}
      asOf={report.asOf}
      total={total}
      rows={report.rows}
      uhcAward={ownTotal ? report.uhcAward : district.data.uhcAward}
      awardScope={ownTotal ? 'area' : 'districtOfArea'}
      busy={desa.isFetching}
    />
  );
}

interface DashboardViewProps {
  me: Me;
  kecamatan: string | null;
  asOf: string | null;
  total: RowDetail;
  rows: RowDetail[];
  uhcAward: CoverageReport['uhcAward'];
  awardScope: AwardScope;
  busy: boolean;
}

function DashboardView({ me, kecamatan, asOf, total, rows, uhcAward, awardScope, busy }: DashboardViewProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const empty = asOf === null && total.population === 0;
  const level = kecamatan ? 'desa' : 'kecamatan';

  return (
    <div className="page" aria-busy={busy}>
      <nav className="breadcrumb" aria-label={t('dashboard.breadcrumb')}>
        <ol>
          <li>
            {kecamatan ? <a href={href({ page: 'dashboard', kecamatan: null })}>{me.districtName}</a> : <span aria-current="page">{me.districtName}</span>}
          </li>
          {kecamatan && (
            <li>
              <span aria-current="page">
                {t('levels.kecamatan')} {total.name}
              </span>
            </li>
          )}
        </ol>
      </nav>

      <header className="page__header">
        <div>
          <h1 data-testid="area-title">{kecamatan ? `${t('levels.kecamatan')} ${total.name}` : t('dashboard.title')}</h1>
          <p className="page__meta">
            {asOf ? (
              <>
                {t('dashboard.asOf')} <time dateTime={asOf} data-testid="as-of">{f.date(asOf)}</time>
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
          <Headlines total={total} uhcAward={uhcAward} awardScope={awardScope} />
          <AreaPanel
            rows={rows}
            total={total}
            rowLevel={level}
            onOpen={kecamatan ? undefined : (code) => navigate({ page: 'dashboard', kecamatan: code })}
          />
          <SegmentPanel total={total} />
          <ReasonPanel total={total} />
          {!kecamatan && (
            <>
              <TrendPanel />
              <FindingsPanel canListPersons={canReadFindingPersons(me.role)} />
            </>
          )}
        </>
      )}
    </div>
  );
}
