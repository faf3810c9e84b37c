/** ECharts, tree-shaken: only what the dashboard draws. */
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export { echarts };

/** Canvas text cannot inherit CSS: the same stack as styles.css. */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

/** The palette, shared with styles.css. */
export const COLORS = {
  active: '#0f6b5c',
  coverage: '#9cc9bf',
  inactive: '#e9a23b',
  unregistered: '#c9573c',
  muted: '#6b7a86',
  grid: '#e3e8ec',
  text: '#24323d',
  pratama: '#c9573c',
  madya: '#c98a1c',
  utama: '#2f7d4f',
} as const;
