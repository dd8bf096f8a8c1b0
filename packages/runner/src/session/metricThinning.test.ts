import type { MetricObservation } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { FULL_VALUES, MetricThinning } from './metricThinning.ts';

const value = (metric: string, step: number): MetricObservation => ({
  metric,
  value: 1 / (1 + step),
  line: step + 1,
  step,
});

/** The steps of the values of one metric that are journaled, the held last one included. */
function journaledSteps(count: number): number[] {
  const thinning = new MetricThinning();
  const kept: number[] = [];
  for (let step = 0; step < count; step++) if (thinning.admit(1, value('loss', step))) kept.push(step);
  for (const held of thinning.end(1)) kept.push(held.step);
  return kept;
}

describe('MetricThinning', () => {
  it('journals every value up to 1,000, then one in 2, 4, 8 ... as the count doubles, and always the last', () => {
    const kept = journaledSteps(200_000);
    expect(kept.slice(0, FULL_VALUES)).toEqual(Array.from({ length: FULL_VALUES }, (_, step) => step));
    expect(kept.at(-1)).toBe(199_999);
    // 500 values a doubling after the first 1,000: log2(200) < 8 doublings.
    expect(kept.length).toBeLessThanOrEqual(FULL_VALUES + 8 * 500 + 1);
    expect(kept.length).toBeGreaterThan(FULL_VALUES + 7 * 500);
    // Evenly spread within a doubling: the gap never exceeds the doubling's spacing.
    for (let index = 1; index < kept.length; index++) {
      const gap = kept[index]! - kept[index - 1]!;
      expect(gap).toBeLessThanOrEqual(
        Math.max(1, 2 ** Math.ceil(Math.log2((kept[index]! + 1) / FULL_VALUES))),
      );
    }
  });

  it('holds back nothing when the last value was journaled anyway', () => {
    expect(journaledSteps(1_000)).toHaveLength(1_000);
    expect(journaledSteps(1_001)).toHaveLength(1_001);
  });

  it('counts each trial and metric on its own, and starts a rerun of a trial afresh', () => {
    const thinning = new MetricThinning();
    for (let step = 0; step < 1_500; step++) thinning.admit(1, value('loss', step));
    expect(thinning.admit(1, value('acc', 0))).toBe(true);
    expect(thinning.admit(2, value('loss', 0))).toBe(true);
    expect(thinning.admit(1, value('loss', 1_500))).toBe(true);
    expect(thinning.admit(1, value('loss', 1_501))).toBe(false);
    expect(thinning.end(1).map((held) => [held.metric, held.step])).toEqual([['loss', 1_501]]);
    expect(thinning.admit(1, value('loss', 1_501))).toBe(true);
  });
});
