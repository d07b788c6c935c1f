// A bar chart of report figures with ECharts (only the parts used, to keep the bundle small). The chart
// is disposed when the component unmounts, and follows its box's size.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartSeries {
  name: string;
  values: number[];
}

export function ReportChart(p: { categories: string[]; series: ChartSeries[]; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: p.categories,
          axisLabel: { interval: 0, rotate: p.categories.length > 6 ? 30 : 0 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: p.series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
      },
      { notMerge: true },
    );
  }, [p.categories, p.series]);
  return (
    <div
      ref={box}
      className="report-chart"
      style={{ height: 320, width: '100%' }}
      data-testid={p.testId ?? 'report-chart'}
    />
  );
}
