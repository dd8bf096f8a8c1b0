/**
 * A slice plot: the objective against one range (log x for Logarithmic ranges; integer and categorical points
 * jittered, categories labelled on a value axis of their indices).
 */
import type { ApiJobDetail } from '../api.ts';
import { clampTo } from '../model/objective.ts';
import type { SliceData } from '../model/slice.ts';
import { BASE, type ChartOption, LEGEND, valueAxis } from './common.ts';
import { escapeHtml, formatNumber, STATUS_COLORS } from './format.ts';

/** One slice's option. */
export function sliceOption(detail: ApiJobDetail, slice: SliceData): ChartOption {
  const metric = detail.summary.objective.metric;
  const categories = slice.categories;
  const name = slice.parameter.name;
  const xTitle = slice.xKind === 'log' ? `${name} (log scale)` : name;
  return {
    ...BASE,
    grid: { left: 64, right: 16, top: 36, bottom: 48 },
    legend: { ...LEGEND, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesName: string; value: number[] }) => {
        const trial = detail.trials.find((entry) => entry.trial === item.value[2]);
        const x = trial?.hyperparameters[name];
        const shown = typeof x === 'number' ? formatNumber(x) : (x ?? '');
        return `trial ${item.value[2]} · ${escapeHtml(item.seriesName)}<br/>${escapeHtml(`${name}: ${shown}`)}<br/>${escapeHtml(metric)}: ${formatNumber(item.value[3])}`;
      },
    },
    xAxis: valueAxis(xTitle, undefined, 'x', {
      type: slice.xKind,
      min: slice.xRange.min,
      max: slice.xRange.max,
      ...(categories !== undefined
        ? {
            axisLabel: {
              customValues: categories.map((_, index) => index),
              formatter: (value: number) => categories[value] ?? '',
            },
            axisTick: { customValues: categories.map((_, index) => index) },
            splitLine: { show: false },
          }
        : slice.parameter.type === 'integer'
          ? {
              minInterval: 1,
              axisLabel: {
                formatter: (value: number) => (Number.isInteger(value) ? String(value) : ''),
                hideOverlap: true,
              },
            }
          : { axisLabel: { formatter: formatNumber, hideOverlap: true, showMinLabel: true } }),
    }),
    yAxis: valueAxis(metric, undefined, 'y', {
      ...(slice.yRange === undefined ? { scale: true } : { min: slice.yRange.min, max: slice.yRange.max }),
      axisLabel: { formatter: formatNumber },
      axisLine: { onZero: false },
    }),
    series: [
      {
        id: 'completed',
        name: 'Completed',
        type: 'scatter',
        symbolSize: 5,
        clip: true,
        large: slice.completed.length > 2000,
        itemStyle: { color: STATUS_COLORS.Completed, opacity: 0.7 },
        data: slice.completed.map(([x, value, trial]) => [x, value, trial, value]),
      },
      {
        id: 'stopped',
        name: 'Stopped (early value)',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 6,
        clip: true,
        itemStyle: { color: STATUS_COLORS.Stopped, opacity: 0.7 },
        data: slice.stopped.map(([x, value, trial]) => [x, clampTo(slice.yRange, value), trial, value]),
      },
    ],
  };
}
