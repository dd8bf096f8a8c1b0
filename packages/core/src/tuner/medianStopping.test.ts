import { describe, expect, it } from 'vitest';
import { type GracePeriod, MedianStoppingRule } from './medianStopping.ts';

/** The rule as it was before the grace period: any step, 3 finished trials. */
const NO_GRACE: GracePeriod = { minSteps: 0, minTrials: 3, minFraction: 0 };

/** 'stop' or 'continue', as the rule decided a value. */
function decide(rule: MedianStoppingRule, trialId: number, step: number, value: number): 'stop' | 'continue' {
  return rule.report(trialId, step, value) === undefined ? 'continue' : 'stop';
}

/** Runs a trial's whole curve through the rule and completes it. */
function completeTrial(rule: MedianStoppingRule, trialId: number, curve: number[]): void {
  for (const [step, value] of curve.entries()) rule.report(trialId, step, value);
  rule.complete(trialId);
}

describe('MedianStoppingRule', () => {
  it('stops no trial at a step below minSteps, nor before minTrials finished trials reached that step', () => {
    const rule = new MedianStoppingRule({ minSteps: 2, minTrials: 3, minFraction: 0 });
    completeTrial(rule, 1, [1, 1, 1, 1]);
    completeTrial(rule, 2, [1, 1, 1, 1]);
    completeTrial(rule, 3, [1, 1]); // stopped after step 1: it never reached step 2
    expect(decide(rule, 4, 0, 1000)).toBe('continue'); // minSteps
    expect(decide(rule, 4, 1, 1000)).toBe('continue'); // minSteps
    expect(decide(rule, 4, 2, 1000)).toBe('continue'); // two trials reached step 2, three are needed
    completeTrial(rule, 5, [1, 1, 1]);
    expect(decide(rule, 4, 2, 1000)).toBe('stop');
    expect(rule.report(4, 2, 1000)).toEqual({ median: 1, trials: 4, best: 1000 });
  });

  it('stops no trial before it has run minFraction of the longest finished trial, the stopped ones short', () => {
    const rule = new MedianStoppingRule({ minSteps: 0, minTrials: 2, minFraction: 0.5 });
    completeTrial(rule, 1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    completeTrial(rule, 2, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    completeTrial(rule, 3, [1, 1, 1]); // stopped after 3 steps: the longest finished trial still ran 10
    completeTrial(rule, 4, [1, 1, 1]);
    // A slow learner: worse than the median until it has run half of 10 steps.
    for (let step = 0; step < 4; step++) expect(decide(rule, 5, step, 1000), `step ${step}`).toBe('continue');
    expect(decide(rule, 5, 4, 1000)).toBe('stop');
    // Without finished trials there is no length to follow, and no median either.
    expect(decide(new MedianStoppingRule({ minSteps: 0, minTrials: 1, minFraction: 0.5 }), 1, 0, 1)).toBe(
      'continue',
    );
  });

  it('never stops before enough trials have completed', () => {
    const rule = new MedianStoppingRule(NO_GRACE);
    completeTrial(rule, 1, [1, 1, 1]);
    completeTrial(rule, 2, [1, 1, 1]);
    expect(decide(rule, 3, 0, 1000)).toBe('continue');
  });

  it('stops a trial whose current value is worse than the median of running averages at the same step', () => {
    const rule = new MedianStoppingRule(NO_GRACE);
    completeTrial(rule, 1, [10, 8, 6]); // running averages 10, 9, 8
    completeTrial(rule, 2, [12, 9, 7]); // 12, 10.5, 28/3
    completeTrial(rule, 3, [11, 10, 3]); // 11, 10.5, 8
    // step 0: median of 10, 12, 11 = 11; step 1: median of 9, 10.5, 10.5 = 10.5; step 2: median = 8.
    expect(decide(rule, 4, 0, 11)).toBe('continue'); // equal is not worse
    expect(decide(rule, 4, 1, 10.5)).toBe('continue');
    expect(decide(rule, 4, 2, 8.01)).toBe('stop');
    expect(decide(rule, 5, 0, 11.01)).toBe('stop');
    expect(decide(rule, 6, 1, 10.4)).toBe('continue');
  });

  it('judges a trial by its best value so far: a noisy epoch after a good one does not stop it', () => {
    const rule = new MedianStoppingRule(NO_GRACE);
    completeTrial(rule, 1, [10, 8, 6]); // running averages 10, 9, 8
    completeTrial(rule, 2, [12, 9, 7]); // 12, 10.5, 28/3
    completeTrial(rule, 3, [11, 10, 3]); // 11, 10.5, 8: medians 11, 10.5, 8
    expect(decide(rule, 4, 0, 9)).toBe('continue');
    expect(decide(rule, 4, 1, 7.5)).toBe('continue');
    // Step 2: 9 is worse than the median 8, but the trial was at 7.5 a step before.
    expect(decide(rule, 4, 2, 9)).toBe('continue');
    // A trial that never went below the median is stopped, with its best value as the basis.
    expect(decide(rule, 5, 0, 10.9)).toBe('continue');
    expect(decide(rule, 5, 1, 10.6)).toBe('stop');
    expect(rule.report(5, 2, 9)).toEqual({ median: 8, trials: 3, best: 9 });
  });

  it('uses the running average of all values of a completed trial that ran fewer steps', () => {
    // Two trials reached step 3 (the third stopped at step 1), which this grace period accepts.
    const rule = new MedianStoppingRule({ minSteps: 0, minTrials: 2, minFraction: 0 });
    completeTrial(rule, 1, [4, 2]); // running averages 4, 3 (and 3 beyond)
    completeTrial(rule, 2, [6, 6, 6, 6]);
    completeTrial(rule, 3, [5, 5, 5, 5]);
    // step 3: 3, 6, 5 -> median 5
    expect(decide(rule, 4, 3, 5.5)).toBe('stop');
    expect(decide(rule, 5, 3, 4.5)).toBe('continue');
    // The basis says what the stop came from: the median, and how many trials' running averages.
    expect(rule.report(6, 3, 7)).toEqual({ median: 5, trials: 3, best: 7 });
  });

  it('leaves out failed and stopped trials, and updates the median when a trial completes', () => {
    const rule = new MedianStoppingRule(NO_GRACE);
    completeTrial(rule, 1, [1]);
    completeTrial(rule, 2, [2]);
    rule.report(3, 0, 100);
    rule.discard(3);
    expect(decide(rule, 4, 0, 1000)).toBe('continue'); // only two completed
    completeTrial(rule, 5, [3]);
    expect(decide(rule, 6, 0, 2.5)).toBe('stop'); // median of 1, 2, 3 = 2
    completeTrial(rule, 7, [4]);
    expect(decide(rule, 8, 0, 2.4)).toBe('continue'); // median of 1, 2, 3, 4 = 2.5
  });

  it('skips steps without a value when averaging, and restores completed curves', () => {
    const rule = new MedianStoppingRule(NO_GRACE);
    rule.restoreCompleted(1, [Number.NaN, 4, 2]); // running averages NaN, 4, 3
    rule.restoreCompleted(2, [5, 5, 5]);
    rule.restoreCompleted(3, [1, 1, 1]);
    // step 0: only two averages exist -> no decision; step 2: 3, 5, 1 -> median 3
    expect(decide(rule, 4, 0, 100)).toBe('continue');
    expect(decide(rule, 4, 2, 3.1)).toBe('stop');
    expect([...rule.completedCurveEntries()].map(([id]) => id)).toEqual([1, 2, 3]);
  });
});
