import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { historyData } from './history.ts';

const x: ApiParameter = { type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' };

describe('optimization history', () => {
  it('sets the objective axis by completed trials: stopped trials 3x worse do not squash them', () => {
    const job = jobFixture(
      [x],
      [
        { hyperparameters: { x: 0.1 }, objective: 1.0 },
        { hyperparameters: { x: 0.2 }, status: 'Stopped', objective: 3.6 },
        { hyperparameters: { x: 0.3 }, objective: 1.2 },
        { hyperparameters: { x: 0.4 }, status: 'Stopped', objective: 3.3 },
        { hyperparameters: { x: 0.5 }, objective: 0.9 },
        { hyperparameters: { x: 0.6 }, status: 'Failed', reason: 'exit 1' },
      ],
    );
    const data = historyData(job, 'trial');
    // Completed values span 0.9..1.2; stopped ones reach 3.6 and must not widen the axis.
    expect(data.yRange!.max).toBeLessThanOrEqual(1.3 + 1e-9);
    expect(data.yRange!.min).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(data.stopped.map((point) => point.trial)).toEqual([2, 4]);
    expect(data.completed.map((point) => point.trial)).toEqual([1, 3, 5]);
    expect(data.failed).toEqual([{ trial: 6, x: 6, value: data.yRange!.min }]);
  });

  it('draws the best so far as a step line that follows the direction', () => {
    const trials = [3, 2, 4, 1, 5].map((objective, index) => ({
      hyperparameters: { x: index / 5 },
      objective,
    }));
    expect(historyData(jobFixture([x], trials), 'trial').best).toEqual([
      [1, 3],
      [2, 2],
      [4, 1],
      [5, 1],
    ]);
    expect(historyData(jobFixture([x], trials, { type: 'Maximize' }), 'trial').best).toEqual([
      [1, 3],
      [3, 4],
      [5, 5],
    ]);
  });

  it('puts trials at seconds since the job was created when by time', () => {
    const data = historyData(
      jobFixture(
        [x],
        [
          { hyperparameters: { x: 0 }, objective: 1 },
          { hyperparameters: { x: 1 }, objective: 2 },
        ],
      ),
      'time',
    );
    expect(data.completed.map((point) => point.x)).toEqual([0.9, 1.9]);
  });

  it('allows a log axis only when every value is positive', () => {
    const positive = jobFixture(
      [x],
      [
        { hyperparameters: { x: 0 }, objective: 1 },
        { hyperparameters: { x: 1 }, objective: 100 },
      ],
    );
    expect(historyData(positive, 'trial').logAllowed).toBe(true);
    const log = historyData(positive, 'trial', true).yRange!;
    expect(log.min).toBeGreaterThan(0);
    expect(log.min).toBeLessThan(1);
    const withZero = jobFixture(
      [x],
      [
        { hyperparameters: { x: 0 }, objective: 0 },
        { hyperparameters: { x: 1 }, objective: 100 },
      ],
    );
    expect(historyData(withZero, 'trial').logAllowed).toBe(false);
    expect(historyData(withZero, 'trial', true).yRange!.min).toBeLessThan(0);
  });
});
