// One ECharts instance in a React element: the charts and components the dashboards and the wall
// screen use (tree-shaken from echarts/core), resized with its box, with a click handler that
// gets the clicked point's series and data index. Canvas rendering: no inline script, so the
// server's Content-Security-Policy holds.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
>;

export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
}

export function EChart({
  option,
  onClick,
  style,
  theme,
  label,
  testId,
}: {
  option: ChartOption;
  onClick?: (c: ChartClick) => void;
  style?: CSSProperties;
  /** 'dark' for the wall screen */
  theme?: 'dark';
  /** what the chart shows, for screen readers (the canvas itself says nothing) */
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, theme, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as { seriesIndex?: number; dataIndex?: number; name?: string };
      click.current?.({ seriesIndex: e.seriesIndex ?? 0, dataIndex: e.dataIndex ?? 0, name: e.name ?? '' });
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height: 300, cursor: onClick ? 'pointer' : undefined, ...style }}
    />
  );
}
