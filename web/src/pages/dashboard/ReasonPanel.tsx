import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { INACTIVE_REASONS, type RowDetail } from '../../lib/api.ts';
import { COLORS, type ChartOption } from '../../lib/echarts.ts';
import { useFormat } from '../../lib/format.ts';
import { useNarrow } from '../../lib/media.ts';
import { countBarsOption } from './count-bars.ts';

interface ReasonRow {
  key: string;
  label: string;
  count: number;
  share: number | null;
  unregistered: boolean;
}

const column = createColumnHelper<ReasonRow>();

/** Why residents of the area are not active: each inactive reason, and the unregistered. */
export function ReasonPanel({ total }: { total: RowDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const narrow = useNarrow();
  const notActive = total.inactive + total.unregistered;

  const rows = useMemo<ReasonRow[]>(() => {
    const reasons = INACTIVE_REASONS.map((reason) => ({
      key: reason,
      label: t(`reasons.${reason}`),
      count: total.byReason[reason] ?? 0,
      share: notActive > 0 ? (total.byReason[reason] ?? 0) / notActive : null,
      unregistered: false,
    }));
    return [
      ...reasons,
      {
        key: 'TIDAK_TERDAFTAR',
        label: t('reasons.TIDAK_TERDAFTAR'),
        count: total.unregistered,
        share: notActive > 0 ? total.unregistered / notActive : null,
        unregistered: true,
      },
    ];
  }, [total, notActive, t]);

  const option = useMemo<ChartOption>(
    () =>
      countBarsOption({
        labels: rows.map((row) => row.label),
        format: f,
        narrow,
        labelWidth: 180,
        series: [
          {
            name: t('columns.residents'),
            type: 'bar',
            data: rows.map((row) => ({ value: row.count, itemStyle: { color: row.unregistered ? COLORS.unregistered : COLORS.inactive } })),
            itemStyle: { borderRadius: [0, 3, 3, 0] },
            barMaxWidth: 20,
          },
        ],
      }),
    [rows, t, f, narrow],
  );

  const columns = useMemo(
    () => [
      column.accessor('label', { header: t('columns.reason') }),
      column.accessor('count', { header: t('columns.residents'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      column.accessor('share', { header: t('columns.shareOfNotActive'), meta: { numeric: true }, cell: (info) => f.pct(info.getValue(), 1) }),
    ],
    [t, f],
  );

  return (
    <section className="panel" aria-labelledby="reasons-title">
      <header className="panel__header">
        <h2 id="reasons-title">{t('dashboard.byReason')}</h2>
        <p className="panel__hint">
          {t('dashboard.byReasonHint', { inactive: f.num(total.inactive), unregistered: f.num(total.unregistered) })}
        </p>
      </header>
      <div className="split">
        <Chart option={option} height={320} label={t('dashboard.byReason')} />
        <DataTable data={rows} columns={columns} caption={t('dashboard.byReason')} getRowId={(row) => row.key} rowTestId={(row) => `reason-row-${row.key}`} />
      </div>
    </section>
  );
}
