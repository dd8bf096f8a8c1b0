/**
 * A trial's metric by step (the trial page draws one per metric).
 */
import { BASE, type ChartOption, valueAxis } from './common.ts';
import { formatNumber, STATUS_COLORS } from './format.ts';

/** One metric's curve option. */
export function metricOption(metric: string, points: readonly (readonly [number, number])[]): ChartOption {
  return {
    ...BASE,
    grid: { left: 70, right: 24, top: 36, bottom: 50 },
    legend: { top: 0, left: 'center', data: [metric] },
    tooltip: { trigger: 'axis', valueFormatter: formatNumber },
    xAxis: valueAxis('step', undefined, 'x', { minInterval: 1, scale: true }),
    yAxis: valueAxis(metric, undefined, 'y', { scale: true, axisLabel: { formatter: formatNumber } }),
    series: [
      {
        name: metric,
        type: 'line',
        showSymbol: points.length < 60,
        itemStyle: { color: STATUS_COLORS.Completed },
        data: points.map(([step, value]) => [step, value]),
      },
    ],
  };
}
