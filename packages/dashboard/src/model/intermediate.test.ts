import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { intermediateCurves } from './intermediate.ts';

const x: ApiParameter = { type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' };

describe('intermediate values', () => {
  it('gives every curve with its status, stopped ones included', () => {
    const job = jobFixture(
      [x],
      [
        {
          hyperparameters: { x: 0 },
          objective: 1,
          curve: [
            [1, 3],
            [2, 1],
          ],
        },
        { hyperparameters: { x: 1 }, status: 'Stopped', objective: 9, curve: [[1, 9]] },
        { hyperparameters: { x: 1 }, status: 'Failed' },
      ],
    );
    const data = intermediateCurves(job);
    expect(data.total).toBe(2);
    expect(data.curves.map((curve) => [curve.trial, curve.status, curve.points.length])).toEqual([
      [1, 'Completed', 2],
      [2, 'Stopped', 1],
    ]);
    expect(intermediateCurves(job, new Set([2])).curves.map((curve) => curve.trial)).toEqual([2]);
  });

  it('past the limit keeps the running trials, then the best, then the latest', () => {
    const inputs = Array.from({ length: 50 }, (_, index) => ({
      hyperparameters: { x: index / 50 },
      objective: index === 10 ? 0 : 100 - index,
      curve: [[1, 1]] as [number, number][],
      status: index === 5 ? ('Running' as const) : ('Completed' as const),
    }));
    const data = intermediateCurves(jobFixture([x], inputs), undefined, 5);
    expect(data.total).toBe(50);
    // Trial 6 runs; the best two are 11 and 50; then the latest not yet taken: 49 and 48.
    expect(data.curves.map((curve) => curve.trial)).toEqual([6, 11, 48, 49, 50]);
  });
});
