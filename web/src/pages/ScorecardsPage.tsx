import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../components/Chart.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { canSeeEvaluation } from '../lib/access.ts';
import { api, apiUrl, type Me, type ScorecardTrendPoint, type ScorecardView, type ScorecardViewRow } from '../lib/api.ts';
import { CHART_FONT, COLORS, type ChartOption } from '../lib/echarts.ts';

const CAPITATION_COLOUR: Record<string, string> = { '100': COLORS.utama, '97': COLORS.utama, '95': COLORS.madya, '96': COLORS.madya, '90': COLORS.pratama, '85': COLORS.unregistered };

function decimal(value: number | null, digits = 1): string {
  return value === null ? '–' : value.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Facility scorecards: the ranking by KBK score, the trend per month, the KBK traffic lights, a ranked
 * view by kecamatan and the downloads. A faskes user sees only its own facility (the server narrows it).
 */
export function ScorecardsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<string | null>(null);
  const own = me.role === 'faskes';
  const view = useQuery({
    queryKey: ['scorecards', 'view', month],
    queryFn: () => api<ScorecardView>('/scorecards/view', { query: { month } }),
    placeholderData: keepPreviousData,
  });
  const shown = view.data?.month ?? month;
  const trend = useQuery({
    queryKey: ['scorecards', 'trend', shown],
    queryFn: () => api<{ points: ScorecardTrendPoint[] }>('/scorecards/trend', { query: { month: shown, months: 6 } }),
    enabled: Boolean(shown),
  });

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t(own ? 'scorecards.ownTitle' : 'scorecards.title')}</h1>
          <p className="page__meta">{t('scorecards.intro')}</p>
        </div>
        {view.data && view.data.months.length > 0 && (
          <label className="field field--inline">
            <span className="field__label">{t('scorecards.month')}</span>
            <select value={view.data.month} onChange={(e) => setMonth(e.target.value)} data-testid="scorecard-month">
              {view.data.months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {view.isPending ? (
        <Loading />
      ) : view.isError ? (
        <ErrorState error={view.error} onRetry={() => void view.refetch()} />
      ) : view.data.months.length === 0 ? (
        <EmptyState title={t('scorecards.noData')} />
      ) : (
        <>
          <Downloads month={view.data.month} me={me} />
          <p className="muted">
            {t('scorecards.districtLine', {
              referrals: view.data.district.referrals.toLocaleString('id-ID'),
              out: view.data.district.referralsOut.toLocaleString('id-ID'),
              share: view.data.district.referralsOutShare === null ? '–' : `${decimal(view.data.district.referralsOutShare * 100)} %`,
            })}
          </p>
          <div className="grid-2">
            {!own && <Ranking rows={view.data.rows} />}
            <Trend points={trend.data?.points ?? []} own={own} pending={trend.isPending} />
          </div>
          <CardTable rows={view.data.rows} />
          {!own && <KecamatanTable view={view.data} />}
          <p className="muted small">{t('scorecards.source', { source: view.data.kbkSource })}</p>
        </>
      )}
    </div>
  );
}

function Downloads({ month, me }: { month: string; me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="exports" role="group" aria-label={t('scorecards.downloads')}>
      <span className="exports__label">{t('scorecards.downloads')}</span>
      {(['csv', 'xlsx', 'pdf'] as const).map((format) => (
        <a key={format} className="button button--secondary button--small" href={apiUrl('/scorecards/export', { month, format })} download data-testid={`scorecard-export-${format}`}>
          {t(`export.${format}`)}
        </a>
      ))}
      {canSeeEvaluation(me.role) && (
        <a className="button button--small" href={apiUrl('/scorecards/evaluation', { month })} download data-testid="scorecard-evaluation">
          {t('scorecards.evaluation')}
        </a>
      )}
    </div>
  );
}

function Ranking({ rows }: { rows: ScorecardViewRow[] }) {
  const { t } = useTranslation();
  const ranked = useMemo(() => rows.filter((r) => r.visitsJkn + r.visitsUmum > 0).sort((a, b) => a.kbkProjection.score - b.kbkProjection.score), [rows]);
  const option = useMemo<ChartOption>(
    () => ({
      aria: { enabled: true },
      textStyle: { fontFamily: CHART_FONT, fontSize: 11, color: COLORS.text },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 4, splitLine: { lineStyle: { color: COLORS.grid } } },
      yAxis: { type: 'category', data: ranked.map((r) => r.nama), axisLabel: { color: COLORS.muted, width: 180, overflow: 'truncate' } },
      series: [
        {
          name: t('scorecards.score'),
          type: 'bar',
          data: ranked.map((r) => ({ value: r.kbkProjection.score, itemStyle: { color: CAPITATION_COLOUR[String(r.kbkProjection.capitationShare)] ?? COLORS.coverage } })),
        },
      ],
    }),
    [ranked, t],
  );
  return (
    <section className="panel" aria-labelledby="ranking-title">
      <header className="panel__header">
        <h2 id="ranking-title">{t('scorecards.ranking')}</h2>
        <p className="panel__hint">{t('scorecards.rankingHint')}</p>
      </header>
      <Chart option={option} height={Math.max(240, ranked.length * 16)} label={t('scorecards.ranking')} />
    </section>
  );
}

function Trend({ points, own, pending }: { points: ScorecardTrendPoint[]; own: boolean; pending: boolean }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const mean = points.map((p) => {
      const seen = p.facilities.filter((f) => f.angkaKontak !== null || f.rrns !== null);
      return seen.length === 0 ? null : Math.round((seen.reduce((s, f) => s + f.score, 0) / seen.length) * 100) / 100;
    });
    const second = own
      ? { name: t('scorecards.waitGap'), data: points.map((p) => p.facilities[0]?.waitGapMinutes ?? null) }
      : { name: t('scorecards.referralsOut'), data: points.map((p) => (p.referralsOutShare === null ? null : Math.round(p.referralsOutShare * 1000) / 10)) };
    return {
      aria: { enabled: true },
      textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: COLORS.text },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.month), axisLabel: { color: COLORS.muted } },
      yAxis: [
        { type: 'value', min: 0, max: 4, splitLine: { lineStyle: { color: COLORS.grid } } },
        { type: 'value', min: 0, splitLine: { show: false } },
      ],
      series: [
        { name: own ? t('scorecards.score') : t('scorecards.meanScore'), type: 'line', data: mean, itemStyle: { color: COLORS.active }, lineStyle: { width: 2.5 } },
        { name: second.name, type: 'line', yAxisIndex: 1, data: second.data, itemStyle: { color: COLORS.inactive }, lineStyle: { width: 2, type: 'dashed' } },
      ],
    };
  }, [points, own, t]);
  return (
    <section className="panel" aria-labelledby="sc-trend-title">
      <header className="panel__header">
        <h2 id="sc-trend-title">{t('scorecards.trend')}</h2>
        <p className="panel__hint">{t(own ? 'scorecards.trendOwn' : 'scorecards.trendHint')}</p>
      </header>
      {pending ? <Loading /> : <Chart option={option} height={280} label={t('scorecards.trend')} />}
    </section>
  );
}

/** A KBK traffic light: green met, red not met, grey no data. */
function Light({ met, label }: { met: boolean | null; label: string }) {
  const { t } = useTranslation();
  const state = met === null ? 'none' : met ? 'met' : 'missed';
  return (
    <span className={`kbk-light kbk-light--${state}`} title={`${label}: ${t(`scorecards.light.${state}`)}`} data-state={state}>
      <span className="kbk-light__dot" aria-hidden />
      <span>{label}</span>
      <span className="visually-hidden">{t(`scorecards.light.${state}`)}</span>
    </span>
  );
}

function CardTable({ rows }: { rows: ScorecardViewRow[] }) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => a.rank - b.rank || (a.kode < b.kode ? -1 : 1));
  return (
    <section className="panel" aria-labelledby="cards-title">
      <header className="panel__header">
        <h2 id="cards-title">{t('scorecards.table')}</h2>
      </header>
      <div className="table-block">
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('scorecards.table')}>
          <table className="table" data-testid="scorecard-table">
            <thead>
              <tr>
                {(['rank', 'name', 'kecamatan', 'registered', 'ak', 'rrns', 'rppt', 'kbk', 'capitation', 'waitJkn', 'waitGap', 'complaints', 'change'] as const).map((c) => (
                  <th key={c} className={c === 'name' || c === 'kecamatan' || c === 'kbk' ? undefined : 'num'}>
                    {t(`scorecards.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.kode} data-kode={r.kode}>
                  <td className="num">{r.rank}</td>
                  <td>
                    <strong>{r.nama}</strong>
                    <br />
                    <small className="muted">{r.kode}</small>
                  </td>
                  <td>{r.kecamatanName ?? '–'}</td>
                  <td className="num">{r.registered.toLocaleString('id-ID')}</td>
                  <td className="num">{decimal(r.angkaKontak)}</td>
                  <td className="num">{decimal(r.rrns, 2)}</td>
                  <td className="num">{decimal(r.rppt)}</td>
                  <td>
                    <Light met={r.kbk.ak} label={t('scorecards.indicator.ak')} />
                    <Light met={r.kbk.rrns} label={t('scorecards.indicator.rrns')} />
                    <Light met={r.kbk.rppt} label={t('scorecards.indicator.rppt')} />
                  </td>
                  <td className="num">{r.kbkProjection.capitationShare === null ? '–' : `${r.kbkProjection.capitationShare} %`}</td>
                  <td className="num">{decimal(r.waitJknMinutes)}</td>
                  <td className="num">{decimal(r.waitGapMinutes)}</td>
                  <td className="num">{decimal(r.complaintsPer10kVisits)}</td>
                  <td className="num">
                    {r.previousScore === null ? '–' : `${r.kbkProjection.score >= r.previousScore ? '▲' : '▼'} ${decimal(r.kbkProjection.score - r.previousScore)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function KecamatanTable({ view }: { view: ScorecardView }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="kec-title">
      <header className="panel__header">
        <h2 id="kec-title">{t('scorecards.kecamatan')}</h2>
        <p className="panel__hint">{t('scorecards.kecamatanHint')}</p>
      </header>
      <div className="table-block">
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('scorecards.kecamatan')}>
          <table className="table" data-testid="scorecard-kecamatan">
            <thead>
              <tr>
                <th className="num">{t('scorecards.col.rank')}</th>
                <th>{t('scorecards.col.kecamatan')}</th>
                <th className="num">{t('scorecards.facilities')}</th>
                <th className="num">{t('scorecards.meanScore')}</th>
                <th className="num">{t('scorecards.visits')}</th>
                <th className="num">{t('scorecards.complaints')}</th>
              </tr>
            </thead>
            <tbody>
              {view.kecamatan.map((k, i) => (
                <tr key={k.code}>
                  <td className="num">{i + 1}</td>
                  <td>{k.name}</td>
                  <td className="num">{k.facilities}</td>
                  <td className="num">{decimal(k.meanScore, 2)}</td>
                  <td className="num">{k.visits.toLocaleString('id-ID')}</td>
                  <td className="num">{k.complaints.toLocaleString('id-ID')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
