import { describe, expect, it } from 'vitest';
import type { MetricObservation } from '../tuner/types.ts';
import { objectiveOf } from './objectiveOf.ts';

const valid = (metric: string, value: number, step: number): MetricObservation => ({
  metric,
  value,
  line: step + 1,
  step,
});
const invalid = (metric: string, step: number): MetricObservation => ({
  metric,
  value: Number.NaN,
  invalid: '"nan" is not a number (NaN)',
  line: step + 1,
  step,
});

describe('objectiveOf', () => {
  it('is the last valid value of the objective metric, not the best', () => {
    const observations = [valid('loss', 0.5, 0), valid('loss', 0.2, 1), valid('loss', 0.3, 2)];
    expect(objectiveOf(observations, 'loss')).toBe(0.3);
  });

  it('skips invalid values at the end and keeps the last number before them', () => {
    const observations = [valid('loss', 0.5, 0), valid('loss', 0.4, 1), invalid('loss', 2)];
    expect(objectiveOf(observations, 'loss')).toBe(0.4);
  });

  it('ignores other metrics', () => {
    const observations = [valid('loss', 0.5, 0), valid('accuracy', 0.9, 0)];
    expect(objectiveOf(observations, 'loss')).toBe(0.5);
    expect(objectiveOf(observations, 'accuracy')).toBe(0.9);
  });

  it('is undefined when the metric has only invalid values or none', () => {
    expect(objectiveOf([invalid('loss', 0)], 'loss')).toBeUndefined();
    expect(objectiveOf([valid('accuracy', 0.9, 0)], 'loss')).toBeUndefined();
    expect(objectiveOf([], 'loss')).toBeUndefined();
  });

  it('skips a non-finite value even when it is not marked invalid', () => {
    expect(objectiveOf([valid('loss', 1, 0), valid('loss', Number.POSITIVE_INFINITY, 1)], 'loss')).toBe(1);
  });
});
