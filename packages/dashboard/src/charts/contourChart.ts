/**
 * The contour: the surrogate's prediction over two ranges as a heat map (colour bar as legend) with the Completed
 * trials on top.
 */
import type { ApiJobDetail } from '../api.ts';
import type { ContourData } from '../model/contour.ts';
import { BASE, type ChartOption } from './common.ts';
import { escapeHtml, formatNumber, formatValue, SEQUENTIAL } from './format.ts';

/** The contour chart's option. */
export function contourOption(detail: ApiJobDetail, data: ContourData): ChartOption {
  const metric = detail.summary.objective.metric;
  const axis = (name: string, values: readonly (number | string)[], side: 'x' | 'y') => ({
    type: 'category',
    name,
    nameLocation: 'middle',
    nameGap: side === 'x' ? 28 : 64,
    nameTextStyle: { fontWeight: 'bold' },
    data: values.map(formatValue),
    // About six labels along a numeric axis; every category's.
    axisLabel: { hideOverlap: true, interval: values.length > 8 ? Math.ceil(values.length / 6) - 1 : 0 },
    axisTick: { alignWithLabel: true },
    splitArea: { show: false },
  });
  return {
    ...BASE,
    grid: { left: 80, right: 110, top: 36, bottom: 50 },
    legend: { top: 0, left: 'center', data: [`${metric} predicted (random forest)`, 'Completed trials'] },
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesName: string; value: number[] }) =>
        item.seriesName === 'Completed trials'
          ? `trial ${item.value[3]}: ${formatNumber(item.value[2])}`
          : escapeHtml(
              `${data.x} ${formatValue(data.xValues[item.value[0]!])}, ${data.y} ${formatValue(data.yValues[item.value[1]!])}`,
            ) + `<br/>${escapeHtml(metric)} predicted: ${formatNumber(item.value[2])}`,
    },
    xAxis: axis(data.x, data.xValues, 'x'),
    yAxis: axis(data.y, data.yValues, 'y'),
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min: data.min,
      max: data.max === data.min ? data.min + 1 : data.max,
      right: 8,
      top: 'middle',
      itemHeight: 120,
      text: ['high', 'low'],
      formatter: formatNumber,
      inRange: {
        color: detail.summary.objective.type === 'Minimize' ? [...SEQUENTIAL].reverse() : SEQUENTIAL,
      },
    },
    series: [
      { name: `${metric} predicted (random forest)`, type: 'heatmap', data: data.cells, progressive: 0 },
      {
        name: 'Completed trials',
        type: 'scatter',
        symbolSize: 5,
        itemStyle: { color: '#ffffff', borderColor: '#111827', borderWidth: 1 },
        data: data.trials,
      },
    ],
  };
}
