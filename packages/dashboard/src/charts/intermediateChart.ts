/**
 * Intermediate values: each trial's objective by step. Up to {@link CURVES_AS_SERIES} curves are a series each
 * (series id `trial-<id>`, so hovering one highlights it and its point on the other charts); past that, one series
 * per status with gaps between curves keeps 10,000 trials drawable.
 */
import type { ApiJobDetail, ApiTrialStatus } from '../api.ts';
import { intermediateCurves } from '../model/intermediate.ts';
import { BASE, type ChartOption, LEGEND, valueAxis } from './common.ts';
import { formatNumber, STATUS_COLORS } from './format.ts';

/** Past this many curves, one series per status. */
export const CURVES_AS_SERIES = 400;

/** The status a curve is drawn as. */
function group(status: ApiTrialStatus): 'Completed' | 'Stopped' | 'Running' | 'Failed' {
  if (status === 'Completed' || status === 'Stopped' || status === 'Failed') return status;
  return 'Running';
}

/** The intermediate values chart's option. */
export function intermediateOption(detail: ApiJobDetail, visible?: ReadonlySet<number>): ChartOption {
  const curves = intermediateCurves(detail, visible);
  const metric = detail.summary.objective.metric;
  const series: Record<string, unknown>[] = [];
  if (curves.length <= CURVES_AS_SERIES) {
    for (const curve of curves) {
      const name = group(curve.status);
      series.push({
        id: `trial-${curve.trial}`,
        name,
        type: 'line',
        showSymbol: false,
        symbolSize: 4,
        lineStyle: {
          width: 1.2,
          opacity: name === 'Stopped' ? 0.8 : 0.6,
          type: name === 'Stopped' ? 'dashed' : 'solid',
        },
        itemStyle: { color: STATUS_COLORS[name] },
        emphasis: { focus: 'series', lineStyle: { width: 3, opacity: 1 } },
        data: curve.points.map(([step, value]) => [step, value, curve.trial]),
      });
    }
  } else {
    const groups = new Map<string, (number[] | null[])[]>();
    for (const curve of curves) {
      const name = group(curve.status);
      const points = groups.get(name) ?? [];
      for (const [step, value] of curve.points) points.push([step, value, curve.trial]);
      points.push([null, null, null] as unknown as null[]);
      groups.set(name, points);
    }
    for (const [name, points] of groups) {
      series.push({
        id: `group-${name}`,
        name,
        type: 'line',
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1, opacity: 0.35 },
        itemStyle: { color: STATUS_COLORS[name as keyof typeof STATUS_COLORS] },
        data: points,
      });
    }
  }
  return {
    ...BASE,
    grid: { left: 70, right: 24, top: 40, bottom: 50 },
    legend: LEGEND,
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesName: string; value: number[] }) =>
        `trial ${item.value[2]} · ${item.seriesName}<br/>step ${item.value[0]}: ${formatNumber(item.value[1])}`,
    },
    xAxis: valueAxis('step', undefined, 'x', { minInterval: 1, scale: true }),
    yAxis: valueAxis(metric, undefined, 'y', { scale: true, axisLabel: { formatter: formatNumber } }),
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series,
  };
}
