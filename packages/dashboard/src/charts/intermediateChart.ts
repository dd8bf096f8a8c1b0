/**
 * Intermediate values: each trial's objective by step, a series each (series id `trial-<id>`, so hovering one
 * highlights it and its point on the other charts), stopped trials dashed. The legend has one entry per status
 * (series of one status share a name). A job of thousands of trials shows the curves intermediateCurves picks.
 */
import type { ApiJobDetail, ApiTrialStatus } from '../api.ts';
import { intermediateCurves } from '../model/intermediate.ts';
import { BASE, type ChartOption, LEGEND, valueAxis } from './common.ts';
import { escapeHtml, formatNumber, STATUS_COLORS } from './format.ts';

/** The status a curve is drawn as. */
function group(status: ApiTrialStatus): 'Completed' | 'Stopped' | 'Running' | 'Failed' {
  if (status === 'Completed' || status === 'Stopped' || status === 'Failed') return status;
  return 'Running';
}

/**
 * The intermediate values chart's option, and how many curves it leaves out.
 *
 * @param visible - When given, only these trials.
 */
export function intermediateOption(
  detail: ApiJobDetail,
  visible?: ReadonlySet<number>,
): { option: ChartOption; shown: number; total: number } {
  const { curves, total } = intermediateCurves(detail, visible);
  const metric = detail.summary.objective.metric;
  const series = curves.map((curve) => {
    const name = group(curve.status);
    return {
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
    };
  });
  const option = {
    ...BASE,
    grid: { left: 70, right: 24, top: 40, bottom: 50 },
    legend: LEGEND,
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesName: string; value: number[] }) =>
        `trial ${item.value[2]} · ${escapeHtml(item.seriesName)}<br/>step ${item.value[0]}: ${formatNumber(item.value[1])}`,
    },
    xAxis: valueAxis('step', undefined, 'x', { minInterval: 1, scale: true }),
    yAxis: valueAxis(metric, undefined, 'y', {
      scale: true,
      axisLabel: { formatter: formatNumber },
      axisLine: { onZero: false },
    }),
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series,
  };
  return { option, shown: curves.length, total };
}
