/**
 * Parallel coordinates: an axis per range and the objective last, one line per Completed trial coloured by its
 * objective (the colour bar is the legend). Each axis can be brushed: drag along it to keep an interval.
 */
import type { ApiJobDetail } from '../api.ts';
import type { ParallelData } from '../model/parallel.ts';
import { BASE, type ChartOption } from './common.ts';
import { formatNumber, SEQUENTIAL } from './format.ts';

/** The parallel coordinates chart's option for data from parallelData. */
export function parallelOption(detail: ApiJobDetail, data: ParallelData): ChartOption {
  const objectiveIndex = data.dimensions.length - 1;
  const objective = data.dimensions[objectiveIndex]!;
  const better = detail.summary.objective.type === 'Minimize' ? 'lower' : 'higher';
  return {
    ...BASE,
    tooltip: { show: false },
    parallel: {
      left: 60,
      right: 150,
      top: 56,
      bottom: 36,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 14,
        nameTextStyle: { fontWeight: 'bold', fontSize: 12 },
        axisLabel: {
          formatter: (value: number | string) => (typeof value === 'number' ? formatNumber(value) : value),
        },
        areaSelectStyle: { width: 18, opacity: 0.35 },
      },
    },
    parallelAxis: data.dimensions.map((dimension, index) => ({
      dim: index,
      name: dimension.objective ? `${dimension.name} (${better} is better)` : dimension.name,
      type: dimension.kind,
      ...(dimension.categories === undefined ? {} : { data: dimension.categories }),
      ...(dimension.min === undefined ? {} : { min: dimension.min, max: dimension.max }),
    })),
    visualMap: {
      type: 'continuous',
      dimension: objectiveIndex,
      min: objective.min ?? 0,
      max: objective.max ?? 1,
      text: ['high', 'low'],
      right: 8,
      top: 'middle',
      itemHeight: 120,
      calculable: false,
      formatter: formatNumber,
      inRange: {
        color: detail.summary.objective.type === 'Minimize' ? [...SEQUENTIAL].reverse() : SEQUENTIAL,
      },
    },
    series: [
      {
        id: 'trials',
        name: 'Completed trials',
        type: 'parallel',
        smooth: false,
        lineStyle: { width: 1.2, opacity: data.rows.length > 2000 ? 0.25 : 0.6 },
        inactiveOpacity: 0.04,
        activeOpacity: 1,
        progressive: 1000,
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: data.rows,
      },
    ],
  };
}
