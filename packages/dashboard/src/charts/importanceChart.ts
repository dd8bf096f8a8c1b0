/**
 * Hyperparameter importance as horizontal bars, most important at the top.
 */
import type { Importance } from '../model/importance.ts';
import { BASE, type ChartOption, valueAxis } from './common.ts';
import { escapeHtml, formatNumber } from './format.ts';

/** The importance chart's option. */
export function importanceOption(values: readonly Importance[]): ChartOption {
  const ordered = [...values].reverse();
  return {
    ...BASE,
    grid: { left: 120, right: 40, top: 40, bottom: 50 },
    legend: { top: 0, left: 'center', data: ['fANOVA main effect (random forest)'] },
    tooltip: {
      trigger: 'item',
      formatter: (item: { name: string; value: number }) =>
        `${escapeHtml(item.name)}: ${formatNumber(item.value)}`,
    },
    xAxis: valueAxis('importance', 'share of variance', 'x', { min: 0, max: 1 }),
    yAxis: {
      type: 'category',
      name: 'range',
      nameLocation: 'end',
      nameTextStyle: { fontWeight: 'bold' },
      data: ordered.map((entry) => entry.name),
      axisLabel: { width: 110, overflow: 'truncate' },
    },
    series: [
      {
        name: 'fANOVA main effect (random forest)',
        type: 'bar',
        itemStyle: { color: '#3b82f6' },
        label: {
          show: true,
          position: 'right',
          formatter: (item: { value: number }) => formatNumber(item.value),
        },
        data: ordered.map((entry) => entry.importance),
      },
    ],
  };
}
