/**
 * The optimization history chart: Completed trials' objectives, stopped trials (early values, clipped to the
 * Completed trials' range) and failed ones distinct, and the best so far as a step line. Under significant noise
 * the line is the best observed so far and the model's choice of best trial is marked at its estimate.
 */
import type { ApiJobDetail } from '../api.ts';
import { historyData } from '../model/history.ts';
import { clampTo } from '../model/objective.ts';
import { BASE, type ChartOption, LEGEND, valueAxis } from './common.ts';
import { escapeHtml, formatNumber, STATUS_COLORS } from './format.ts';

/**
 * The history chart's option.
 *
 * @param by - x is the trial number or the seconds since the job was created.
 * @param log - A log objective axis (ignored unless every value is > 0).
 */
export function historyOption(detail: ApiJobDetail, by: 'trial' | 'time', log: boolean): ChartOption {
  const data = historyData(detail, by, log);
  const logAxis = log && data.logAllowed;
  const metric = detail.summary.objective.metric;
  const large = data.completed.length > 2000;
  // [x, drawn value, trial, real value]: a stopped trial's early value outside the axis sits on its edge.
  const point = (p: { x: number; value: number; trial: number }) => [
    p.x,
    clampTo(data.yRange, p.value),
    p.trial,
    p.value,
  ];
  return {
    ...BASE,
    grid: { left: 70, right: 24, top: 40, bottom: 50 },
    legend: LEGEND,
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesName: string; value: number[] }) =>
        item.value.length > 2
          ? `trial ${item.value[2]} · ${escapeHtml(item.seriesName)}<br/>${item.seriesName === 'Failed' ? 'no value' : `${escapeHtml(metric)}: ${formatNumber(item.value[3])}`}`
          : `${escapeHtml(item.seriesName)}: ${formatNumber(item.value[1])}`,
    },
    xAxis: valueAxis(
      by === 'trial' ? 'trial number' : 'time since start',
      by === 'trial' ? undefined : 's',
      'x',
      {
        minInterval: by === 'trial' ? 1 : 0,
        scale: true,
      },
    ),
    yAxis: valueAxis(
      `${metric} (${detail.summary.objective.type === 'Minimize' ? 'lower' : 'higher'} is better)`,
      undefined,
      'y',
      {
        type: logAxis ? 'log' : 'value',
        ...(data.yRange === undefined ? { scale: true } : { min: data.yRange.min, max: data.yRange.max }),
        axisLabel: { formatter: (value: number) => formatNumber(value) },
      },
    ),
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: [
      {
        id: 'completed',
        name: 'Completed',
        type: 'scatter',
        symbolSize: 6,
        large,
        clip: true,
        itemStyle: { color: STATUS_COLORS.Completed },
        emphasis: { scale: 2.2 },
        data: data.completed.map(point),
      },
      {
        id: 'stopped',
        name: 'Stopped (early value)',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 7,
        clip: true,
        itemStyle: { color: STATUS_COLORS.Stopped, opacity: 0.8 },
        data: data.stopped.map(point),
      },
      {
        id: 'failed',
        name: 'Failed',
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 8,
        clip: false,
        itemStyle: { color: STATUS_COLORS.Failed },
        data: data.failed.map(point),
      },
      {
        id: 'best',
        name: data.choice === undefined ? 'Best so far' : 'Best observed so far',
        type: 'line',
        step: 'end',
        showSymbol: false,
        lineStyle: { width: 2, color: STATUS_COLORS.Best },
        itemStyle: { color: STATUS_COLORS.Best },
        data: data.best.map(([x, y]) => [x, y]),
      },
      ...(data.choice === undefined
        ? []
        : [
            {
              id: 'choice',
              name: "Model's choice (estimate)",
              type: 'scatter',
              symbol: 'diamond',
              symbolSize: 14,
              clip: true,
              z: 5,
              itemStyle: { color: STATUS_COLORS.Choice, borderColor: '#fff', borderWidth: 1 },
              data: [point(data.choice)],
            },
          ]),
    ],
  };
}
