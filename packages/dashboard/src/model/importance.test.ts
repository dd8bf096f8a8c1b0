import { describe, expect, it } from 'vitest';
import { fixtureRandom, jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { importances } from './importance.ts';

const ranges: ApiParameter[] = ['x1', 'x2', 'x3'].map((name) => ({
  type: 'continuous',
  name,
  min: 0,
  max: 1,
  scaling: 'Linear',
}));

describe('hyperparameter importance', () => {
  it('ranks f = 10 x1 + 1 x2 + 0 x3 + noise as x1 > x2 > x3, with shares near the true variance shares', () => {
    const random = fixtureRandom(3);
    const trials = Array.from({ length: 200 }, () => {
      const [x1, x2, x3] = [random(), random(), random()];
      return { hyperparameters: { x1, x2, x3 }, objective: 10 * x1 + x2 + 0 * x3 + 0.1 * (random() - 0.5) };
    });
    const result = importances(jobFixture(ranges, trials))!;
    expect(result.map((entry) => entry.name)).toEqual(['x1', 'x2', 'x3']);
    // True first-order shares: 100/101 and 1/101.
    expect(result[0]!.importance).toBeGreaterThan(0.9);
    expect(result[1]!.importance).toBeGreaterThan(result[2]!.importance * 2);
    expect(result.reduce((sum, entry) => sum + entry.importance, 0)).toBeCloseTo(1, 9);
  });

  it('finds a categorical range that matters, and gives the same answer twice', () => {
    const random = fixtureRandom(5);
    const parameters: ApiParameter[] = [
      { type: 'categorical', name: 'booster', values: ['a', 'b', 'c'] },
      { type: 'continuous', name: 'eta', min: 0.001, max: 1, scaling: 'Logarithmic' },
    ];
    const trials = Array.from({ length: 120 }, () => {
      const booster = ['a', 'b', 'c'][Math.floor(random() * 3)]!;
      const eta = 10 ** (-3 * random());
      return {
        hyperparameters: { booster, eta },
        objective: (booster === 'b' ? 5 : 0) + 0.2 * Math.log10(eta),
      };
    });
    const job = jobFixture(parameters, trials);
    const result = importances(job)!;
    expect(result[0]!.name).toBe('booster');
    expect(importances(job)).toEqual(result);
  });

  it('says nothing with fewer than 4 completed trials', () => {
    const job = jobFixture(ranges, [{ hyperparameters: { x1: 0, x2: 0, x3: 0 }, objective: 1 }]);
    expect(importances(job)).toBeUndefined();
  });
});
