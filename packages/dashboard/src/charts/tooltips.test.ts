import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { contourData } from '../model/contour.ts';
import { importances } from '../model/importance.ts';
import { sliceData } from '../model/slice.ts';
import type { ChartOption } from './common.ts';
import { contourOption } from './contourChart.ts';
import { historyOption } from './historyChart.ts';
import { importanceOption } from './importanceChart.ts';
import { intermediateOption } from './intermediateChart.ts';
import { sliceOption } from './sliceChart.ts';

const hostile = '<img src=x onerror=alert(1)>';
const parameters: ApiParameter[] = [
  { type: 'categorical', name: hostile, values: [hostile, 'b'] },
  { type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' },
];
const job = jobFixture(
  parameters,
  Array.from({ length: 8 }, (_, index) => ({
    hyperparameters: { [hostile]: index % 2 ? hostile : 'b', x: index / 8 },
    objective: index,
    curve: [[1, index]] as [number, number][],
  })),
  { metric: `m${hostile}` },
);

/** The tooltip's HTML for a hovered item. */
function tooltip(option: ChartOption, item: unknown): string {
  return (option.tooltip as { formatter: (item: unknown) => string }).formatter(item);
}

describe('chart tooltips', () => {
  it('escape names, categories and metrics from the tuning file: tooltips are HTML', () => {
    const point = { seriesName: hostile, name: hostile, value: [0, 1, 2, 3] };
    const tooltips = [
      tooltip(historyOption(job, 'trial', false), point),
      tooltip(intermediateOption(job).option, point),
      tooltip(sliceOption(job, sliceData(job)[0]!), point),
      tooltip(importanceOption(importances(job)!), point),
      tooltip(contourOption(job, contourData(job, hostile, 'x')!), {
        ...point,
        seriesName: 'm',
        value: [0, 0, 1],
      }),
    ];
    for (const html of tooltips) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img');
    }
  });
});
