/**
 * A slice plot: the objective against one range (log x for Logarithmic ranges; integer and categorical points
 * jittered, categories labelled on a value axis of their indices).
 */
import type { ApiJobDetail } from '../api.ts';
import type { SliceData } from '../model/slice.ts';
import { BASE, type ChartOption, LEGEND, valueAxis } from './common.ts';
import { formatNumber, STATUS_COLORS } from './format.ts';

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
        return `trial ${item.value[2]} · ${item.seriesName}<br/>${name}: ${typeof x === 'number' ? formatNumber(x) : (x ?? '')}<br/>${metric}: ${formatNumber(item.value[1])}`;
      },
    },
    xAxis: valueAxis(xTitle, undefined, 'x', {
      type: slice.xKind,
      min: slice.xRange.min,
      max: slice.xRange.max,
      ...(categories === undefined
        ? { axisLabel: { formatter: formatNumber, hideOverlap: true } }
        : {
            interval: 1,
            axisLabel: { formatter: (value: number) => categories[value] ?? '', hideOverlap: true },
            splitLine: { show: false },
          }),
    }),
    yAxis: valueAxis(metric, undefined, 'y', {
      ...(slice.yRange === undefined ? { scale: true } : { min: slice.yRange.min, max: slice.yRange.max }),
      axisLabel: { formatter: formatNumber },
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
        data: slice.completed.map((point) => [...point]),
      },
      {
        id: 'stopped',
        name: 'Stopped (early value)',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 6,
        clip: true,
        itemStyle: { color: STATUS_COLORS.Stopped, opacity: 0.7 },
        data: slice.stopped.map((point) => [...point]),
      },
    ],
  };
}
