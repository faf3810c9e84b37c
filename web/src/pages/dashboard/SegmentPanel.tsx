import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { SEGMENTS, type RowDetail, type Segment } from '../../lib/api.ts';
import { COLORS, type ChartOption } from '../../lib/echarts.ts';
import { useFormat } from '../../lib/format.ts';
import { useNarrow } from '../../lib/media.ts';
import { countBarsOption } from './count-bars.ts';

interface SegmentRow {
  segment: Segment;
  label: string;
  registered: number;
  active: number;
  inactive: number;
  activeOfRegistered: number | null;
  shareOfPopulation: number | null;
}

const column = createColumnHelper<SegmentRow>();

/** Registered and active members per JKN segment, for the area shown. */
export function SegmentPanel({ total }: { total: RowDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const narrow = useNarrow();

  const rows = useMemo<SegmentRow[]>(
    () =>
      SEGMENTS.map((segment) => {
        const counts = total.bySegment[segment] ?? { registered: 0, active: 0 };
        return {
          segment,
          label: t(`segments.${segment}`),
          registered: counts.registered,
          active: counts.active,
          inactive: counts.registered - counts.active,
          activeOfRegistered: counts.registered > 0 ? counts.active / counts.registered : null,
          shareOfPopulation: total.population > 0 ? counts.registered / total.population : null,
        };
      }),
    [total, t],
  );

  const option = useMemo<ChartOption>(
    () =>
      countBarsOption({
        labels: rows.map((row) => row.label),
        format: f,
        narrow,
        labelWidth: 170,
        legend: true,
        series: [
          { name: t('metrics.active'), type: 'bar', stack: 'registered', data: rows.map((row) => row.active), itemStyle: { color: COLORS.active }, barMaxWidth: 22 },
          {
            name: t('metrics.registeredInactive'),
            type: 'bar',
            stack: 'registered',
            data: rows.map((row) => row.inactive),
            itemStyle: { color: COLORS.inactive, borderRadius: [0, 3, 3, 0] },
            barMaxWidth: 22,
          },
        ],
      }),
    [rows, t, f, narrow],
  );

  const columns = useMemo(
    () => [
      column.accessor('label', { header: t('columns.segment'), meta: { className: 'col-sticky nowrap' } }),
      column.accessor('registered', { header: t('columns.registered'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      column.accessor('active', { header: t('columns.active'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      column.accessor('inactive', { header: t('columns.inactive'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      column.accessor('activeOfRegistered', { header: t('columns.activeOfRegistered'), meta: { numeric: true }, cell: (info) => f.pct(info.getValue()), sortUndefined: 'last' }),
      column.accessor('shareOfPopulation', { header: t('columns.shareOfPopulation'), meta: { numeric: true }, cell: (info) => f.pct(info.getValue()) }),
    ],
    [t, f],
  );

  return (
    <section className="panel" aria-labelledby="segments-title">
      <header className="panel__header">
        <h2 id="segments-title">{t('dashboard.bySegment')}</h2>
        <p className="panel__hint">{t('dashboard.bySegmentHint', { share: f.pct(total.pemdaShare) })}</p>
      </header>
      <div className="split">
        <Chart option={option} height={300} label={t('dashboard.bySegment')} />
        <DataTable data={rows} columns={columns} caption={t('dashboard.bySegment')} getRowId={(row) => row.segment} rowTestId={(row) => `segment-row-${row.segment}`} />
      </div>
    </section>
  );
}
