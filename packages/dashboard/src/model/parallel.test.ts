import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { brushedTrials, parallelData } from './parallel.ts';

const parameters: ApiParameter[] = [
  { type: 'continuous', name: 'eta', min: 0.001, max: 1, scaling: 'Logarithmic' },
  { type: 'integer', name: 'depth', min: 2, max: 10, scaling: 'Auto' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear', 'dart'] },
];
const job = jobFixture(parameters, [
  { hyperparameters: { eta: 0.01, depth: 3, booster: 'gbtree' }, objective: 1 },
  { hyperparameters: { eta: 0.1, depth: 5, booster: 'dart' }, objective: 2 },
  { hyperparameters: { eta: 0.5, depth: 9, booster: 'gblinear' }, objective: 3 },
  { hyperparameters: { eta: 0.2, depth: 4, booster: 'gbtree' }, status: 'Stopped', objective: 9 },
  { hyperparameters: { eta: 0.3, depth: 6, booster: 'gbtree' }, status: 'Running' },
]);

describe('parallel coordinates', () => {
  it('has an axis per range (log, value, category) and the objective last, a line per completed trial', () => {
    const data = parallelData(job);
    expect(data.dimensions.map((dimension) => [dimension.name, dimension.kind])).toEqual([
      ['eta', 'log'],
      ['depth', 'value'],
      ['booster', 'category'],
      ['loss', 'value'],
    ]);
    expect(data.dimensions[2]!.categories).toEqual(['gbtree', 'gblinear', 'dart']);
    expect(data.trials).toEqual([1, 2, 3]);
    expect(data.rows[1]).toEqual([0.1, 5, 'dart', 2]);
    // The stopped trial's 9 does not stretch the objective axis.
    expect(data.dimensions[3]!.max).toBeLessThanOrEqual(3.5);
  });

  it('keeps the trials inside every brushed axis', () => {
    const { dimensions } = parallelData(job);
    expect(brushedTrials(job, dimensions, new Map())).toBeUndefined();
    expect([...brushedTrials(job, dimensions, new Map([[1, [[2, 5]]]]))!]).toEqual([1, 2, 4]);
    expect([
      ...brushedTrials(
        job,
        dimensions,
        new Map([
          [1, [[2, 5]]],
          [3, [[0, 1.5]]],
        ]),
      )!,
    ]).toEqual([1]);
    // Category intervals are of indices; two intervals on one axis keep either.
    expect([
      ...brushedTrials(
        job,
        dimensions,
        new Map([
          [
            2,
            [
              [-0.4, 0.4],
              [1.6, 2.4],
            ],
          ],
        ]),
      )!,
    ]).toEqual([1, 2, 4, 5]);
    // No objective yet: not kept by a brush on the objective.
    expect(brushedTrials(job, dimensions, new Map([[3, [[0, 100]]]]))!.has(5)).toBe(false);
  });
});
