import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import type { RowDetail } from '../../lib/api.ts';
import { CHART_FONT, COLORS, type ChartOption } from '../../lib/echarts.ts';
import { useFormat } from '../../lib/format.ts';
import { useNarrow } from '../../lib/media.ts';
import { href } from '../../lib/router.ts';
import { ACTIVE_RATE_THRESHOLDS, activeRateTone } from './thresholds.ts';

interface AreaPanelProps {
  rows: RowDetail[];
  total: RowDetail;
  /** 'kecamatan' when the rows are kecamatan (they drill down), 'desa' otherwise. */
  rowLevel: 'kecamatan' | 'desa';
  onOpen?: (code: string) => void;
}

const column = createColumnHelper<RowDetail>();

/** The ranked chart and the sortable table of the areas one level down. */
export function AreaPanel({ rows, total, rowLevel, onOpen }: AreaPanelProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const narrow = useNarrow();
  const levelName = t(`levels.${rowLevel}`);

  const ranked = useMemo(() => [...rows].sort((a, b) => a.activeRate - b.activeRate || a.name.localeCompare(b.name)), [rows]);

  const option = useMemo<ChartOption>(() => {
    const names = ranked.map((row) => row.name);
    // Rates sit between 70 and 100 %: start the axis a little below the lowest bar (and the 80 % line)
    // so that the differences between areas and the thresholds can be read; the axis says where it starts.
    const lowest = Math.min(80, ...ranked.map((row) => Math.min(row.activeRate, row.coverage) * 100));
    const axisMin = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
    return {
      aria: { enabled: true },
      textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: COLORS.text },
      grid: { left: 8, right: 24, top: 8, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => f.pct(Number(value) / 100),
      },
      xAxis: {
        type: 'value',
        min: axisMin,
        max: 100,
        axisLabel: { formatter: (value: number) => f.pct(value / 100, 0), color: COLORS.muted, hideOverlap: true },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.grid } },
        axisLabel: { color: COLORS.text, width: narrow ? 100 : 130, overflow: 'truncate' },
      },
      series: [
        {
          name: t('metrics.coverage'),
          type: 'bar',
          data: ranked.map((row) => round2(row.coverage * 100)),
          itemStyle: { color: COLORS.coverage, borderRadius: [0, 3, 3, 0] },
          barGap: '10%',
          barMaxWidth: 14,
        },
        {
          name: t('metrics.activeRate'),
          type: 'bar',
          data: ranked.map((row) => round2(row.activeRate * 100)),
          itemStyle: { color: COLORS.active, borderRadius: [0, 3, 3, 0] },
          barMaxWidth: 14,
          markLine: {
            symbol: 'none',
            silent: true,
            label: { show: false },
            data: ACTIVE_RATE_THRESHOLDS.map((threshold) => ({
              name: `${t(`uhc.${threshold.category}`)} ${f.pct(threshold.percent / 100, 0)}`,
              xAxis: threshold.percent,
              lineStyle: { color: threshold.color, type: 'dashed', width: 1.5 },
            })),
          },
        },
      ],
    };
  }, [ranked, t, f, narrow]);

  const columns = useMemo(
    () => [
      column.accessor('code', {
        header: t('columns.code'),
        meta: { className: 'col-hide-narrow' },
        cell: (info) => <span className="code">{info.getValue()}</span>,
        footer: () => <span className="code">{total.code}</span>,
      }),
      column.accessor('name', {
        header: t('columns.name'),
        meta: { className: 'col-sticky' },
        cell: (info) =>
          onOpen ? (
            <a className="link" href={href({ page: 'dashboard', kecamatan: info.row.original.code })} onClick={(event) => event.stopPropagation()}>
              {info.getValue()}
            </a>
          ) : (
            info.getValue()
          ),
        footer: () => <strong>{t('dashboard.total')}</strong>,
      }),
      numberColumn('population', t('columns.population'), total.population, f.num),
      numberColumn('registered', t('columns.registered'), total.registered, f.num),
      numberColumn('active', t('columns.active'), total.active, f.num),
      column.accessor('coverage', { header: t('columns.coverage'), meta: { numeric: true }, cell: (info) => f.pct(info.getValue()), footer: () => f.pct(total.coverage) }),
      column.accessor('activeRate', {
        header: t('columns.activeRate'),
        meta: { numeric: true },
        cell: (info) => <span className={`tone tone--${activeRateTone(info.getValue())}`}>{f.pct(info.getValue())}</span>,
        footer: () => <span className={`tone tone--${activeRateTone(total.activeRate)}`}>{f.pct(total.activeRate)}</span>,
      }),
      column.accessor('activeOfRegistered', { header: t('columns.activeOfRegistered'), meta: { numeric: true }, cell: (info) => f.pct(info.getValue()), footer: () => f.pct(total.activeOfRegistered) }),
      numberColumn('inactive', t('columns.inactive'), total.inactive, f.num),
      numberColumn('unregistered', t('columns.unregistered'), total.unregistered, f.num),
    ],
    [t, f, total, onOpen],
  );

  return (
    <section className="panel" aria-labelledby="areas-title">
      <header className="panel__header">
        <h2 id="areas-title">{t('dashboard.byArea', { level: levelName })}</h2>
        <p className="panel__hint">
          {t('dashboard.byAreaHint')}
          {onOpen ? ` ${t('dashboard.drillHint')}` : ''}
        </p>
      </header>
      {rows.length > 0 && <ThresholdLegend />}
      {rows.length > 0 && (
        <Chart
          option={option}
          height={Math.max(200, ranked.length * 32 + 50)}
          label={t('dashboard.byArea', { level: levelName })}
          onItemClick={onOpen ? (_name, index) => { const row = ranked[index]; if (row) onOpen(row.code); } : undefined}
        />
      )}
      <DataTable
        data={rows}
        columns={columns}
        caption={t('dashboard.byArea', { level: levelName })}
        getRowId={(row) => row.code}
        rowTestId={(row) => `area-row-${row.code}`}
        onRowClick={onOpen ? (row) => onOpen(row.code) : undefined}
        initialSorting={[{ id: 'code', desc: false }]}
        showFooter
      />
    </section>
  );
}

/** The three dashed lines of the chart, explained once above it. */
export function ThresholdLegend() {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ul className="thresholds" aria-label={t('dashboard.thresholds')}>
      <li>
        <span className="thresholds__swatch" style={{ background: COLORS.coverage }} />
        {t('metrics.coverage')}
      </li>
      <li>
        <span className="thresholds__swatch" style={{ background: COLORS.active }} />
        {t('metrics.activeRate')}
      </li>
      {ACTIVE_RATE_THRESHOLDS.map((threshold) => (
        <li key={threshold.category}>
          <span className="thresholds__line" style={{ borderColor: threshold.color }} />
          {t(`uhc.${threshold.category}`)} {f.pct(threshold.percent / 100, 0)}
        </li>
      ))}
    </ul>
  );
}

type NumberKey = 'population' | 'registered' | 'active' | 'inactive' | 'unregistered';

function numberColumn(key: NumberKey, header: string, totalValue: number, num: (value: number) => string) {
  return column.accessor(key, {
    header,
    meta: { numeric: true },
    cell: (info) => num(info.getValue()),
    footer: () => num(totalValue),
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
