import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api, type TrendPoint } from '../../lib/api.ts';
import { CHART_FONT, COLORS, type ChartOption } from '../../lib/echarts.ts';
import { useFormat } from '../../lib/format.ts';
import { ACTIVE_RATE_THRESHOLDS } from './thresholds.ts';

/** Coverage and active rate of the district over the imported extracts. */
export function TrendPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const trend = useQuery({ queryKey: ['coverage', 'trend'], queryFn: () => api<{ points: TrendPoint[] }>('/coverage/trend') });
  const points = trend.data?.points ?? [];

  const option = useMemo<ChartOption>(() => {
    const values = points.flatMap((point) => [point.coverage * 100, point.activeRate * 100]);
    const low = Math.min(75, ...values);
    return {
      aria: { enabled: true },
      textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: COLORS.text },
      grid: { left: 8, right: 84, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => f.pct(Number(value) / 100),
      },
      xAxis: {
        type: 'category',
        boundaryGap: true,
        data: points.map((point) => f.shortDate(point.asOf)),
        axisLine: { lineStyle: { color: COLORS.grid } },
        axisLabel: { color: COLORS.muted },
      },
      yAxis: {
        type: 'value',
        min: Math.max(0, Math.floor(low / 5) * 5),
        max: 100,
        axisLabel: { formatter: (value: number) => f.pct(value / 100, 0), color: COLORS.muted, hideOverlap: true },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [
        {
          name: t('metrics.coverage'),
          type: 'line',
          data: points.map((point) => round2(point.coverage * 100)),
          itemStyle: { color: COLORS.coverage },
          lineStyle: { width: 2.5 },
          symbolSize: 7,
        },
        {
          name: t('metrics.activeRate'),
          type: 'line',
          data: points.map((point) => round2(point.activeRate * 100)),
          itemStyle: { color: COLORS.active },
          lineStyle: { width: 2.5 },
          symbolSize: 7,
          markLine: {
            symbol: 'none',
            silent: true,
            label: { position: 'end', formatter: '{b}', color: COLORS.text, fontSize: 11 },
            data: ACTIVE_RATE_THRESHOLDS.map((threshold) => ({
              name: `${t(`uhc.${threshold.category}`)} ${f.pct(threshold.percent / 100, 0)}`,
              yAxis: threshold.percent,
              lineStyle: { color: threshold.color, type: 'dashed', width: 1.5 },
            })),
          },
        },
      ],
    };
  }, [points, t, f]);

  return (
    <section className="panel" aria-labelledby="trend-title">
      <header className="panel__header">
        <h2 id="trend-title">{t('dashboard.trend')}</h2>
        <p className="panel__hint">{t('dashboard.trendHint')}</p>
      </header>
      {trend.isPending ? (
        <Loading />
      ) : trend.isError ? (
        <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
      ) : points.length === 0 ? (
        <EmptyState title={t('dashboard.trendEmpty')} />
      ) : (
        <Chart option={option} height={300} label={t('dashboard.trend')} />
      )}
    </section>
  );
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
