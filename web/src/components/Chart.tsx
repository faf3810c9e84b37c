import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from '../lib/echarts.ts';

interface ChartProps {
  option: ChartOption;
  height: number;
  /** Called with the category name (x or y axis) of a clicked bar or point. */
  onItemClick?: (name: string, dataIndex: number) => void;
  label: string;
}

/** One ECharts instance bound to a div; follows its width and disposes itself on unmount. */
export function Chart({ option, height, onItemClick, label }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onItemClick);
  clickHandler.current = onItemClick;

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      clickHandler.current?.(String(params.name), params.dataIndex);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return (
    <div
      ref={element}
      className={onItemClick ? 'chart chart--clickable' : 'chart'}
      style={{ height }}
      role="img"
      aria-label={label}
    />
  );
}
