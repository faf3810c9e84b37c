/** The horizontal bar chart of counts per category that the segment and reason panels share. */
import type { Formatters } from '../../lib/format.ts';
import { CHART_FONT, COLORS, type ChartOption } from '../../lib/echarts.ts';

export function compact(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function countBarsOption(args: {
  labels: string[];
  series: NonNullable<ChartOption['series']>;
  format: Formatters;
  narrow: boolean;
  labelWidth: number;
  legend?: boolean;
}): ChartOption {
  const { format: f, narrow } = args;
  return {
    aria: { enabled: true },
    textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: COLORS.text },
    grid: { left: 8, right: args.legend ? 24 : 32, top: args.legend ? 36 : 8, bottom: 8, containLabel: true },
    ...(args.legend ? { legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 } } : {}),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => f.num(Number(value)) },
    xAxis: {
      type: 'value',
      splitNumber: narrow ? 3 : 5,
      axisLabel: { formatter: (value: number) => compact(value, f.locale), color: COLORS.muted, hideOverlap: true },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: args.labels,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { color: COLORS.text, width: narrow ? 110 : args.labelWidth, overflow: 'truncate' },
    },
    series: args.series,
  };
}
