import { describe, expect, it } from 'vitest';
import { SPEC_DEFAULTS } from '../spec/limits.ts';
import { createTuner } from './createTuner.ts';
import { testSpec } from './testSpec.ts';
import type { Tuner } from './tuner.ts';
import type { MetricObservation } from './types.ts';

/** The rule as it was before the grace period (any step, 3 finished trials): these tests check the median itself. */
const NO_GRACE = { type: 'Auto', minSteps: 0, minTrials: 3, minFraction: 0 } as const;

/** What the tuner decided on a value: 'stop' or 'continue'. */
const action = (tuner: Tuner, trialId: number, value: MetricObservation) =>
  tuner.report(trialId, value).action;

/** Runs a trial through its curve of objective values and completes it with the last one. */
async function runCurve(tuner: Tuner, curve: number[]): Promise<void> {
  const [trial] = await tuner.ask(1);
  for (const [step, value] of curve.entries()) {
    expect(tuner.report(trial!.id, { metric: 'loss', value, line: step + 1, step }).action).toBe('continue');
  }
  tuner.tell(trial!.id, { status: 'Completed', objective: curve.at(-1)! });
}

const observation = (value: number, step: number, metric = 'loss') => ({
  metric,
  value,
  step,
  line: step + 1,
});

describe('early stopping (median rule)', () => {
  it('stops a trial whose value is worse than the median of the completed running averages', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: NO_GRACE, limits: { maxParallel: 1 } }));
    await runCurve(tuner, [10, 8, 6]);
    await runCurve(tuner, [12, 9, 7]);
    const [third] = await tuner.ask(1);
    // Two completed trials are not enough to judge.
    expect(action(tuner, third!.id, observation(100, 0))).toBe('continue');
    tuner.tell(third!.id, { status: 'Completed', objective: 9 });
    // third's curve is [100]: only two trials reached step 1, so no decision there; at step 0 the median is 12.
    const [fourth] = await tuner.ask(1);
    expect(action(tuner, fourth!.id, observation(1000, 1))).toBe('continue');
    expect(action(tuner, fourth!.id, observation(12, 0))).toBe('continue'); // equal is not worse
    expect(tuner.report(fourth!.id, observation(12.5, 0))).toEqual({
      action: 'stop',
      rule: 'median',
      step: 0,
      value: 12.5,
      median: 12,
      trials: 3,
      reason:
        "median rule: stopped at step 0: its best so far 12.5 is worse than the median 12 of 3 trials' running averages",
    });
    // Other metrics and invalid values never stop a trial.
    expect(action(tuner, fourth!.id, observation(1000, 2, 'accuracy'))).toBe('continue');
    expect(action(tuner, fourth!.id, { ...observation(Number.NaN, 2), invalid: 'nan' })).toBe('continue');
    tuner.tell(fourth!.id, { status: 'Stopped', reason: 'early-stopping', objective: 12.5 });
    expect(tuner.trials()[3]).toMatchObject({
      status: 'Stopped',
      stopReason: 'early-stopping',
      objective: 12.5,
    });
  });

  it('compares the other way for a Maximize objective', async () => {
    const tuner = createTuner(
      testSpec({
        earlyStopping: NO_GRACE,
        objective: { metric: 'loss', type: 'Maximize' },
        limits: { maxParallel: 1 },
      }),
    );
    await runCurve(tuner, [0.5, 0.6]);
    await runCurve(tuner, [0.7, 0.8]);
    await runCurve(tuner, [0.6, 0.7]);
    const [trial] = await tuner.ask(1);
    expect(action(tuner, trial!.id, observation(0.6, 0))).toBe('continue'); // median 0.6
    expect(action(tuner, trial!.id, observation(0.59, 0))).toBe('stop');
  });

  it('never stops a trial when early stopping is Off', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: 'Off', limits: { maxParallel: 1 } }));
    for (let i = 0; i < 4; i++) await runCurve(tuner, [1, 1]);
    const [trial] = await tuner.ask(1);
    expect(action(tuner, trial!.id, observation(1e9, 0))).toBe('continue');
  });

  it('counts the curves of early-stopped trials in the medians, also after the tuner is rebuilt from its state', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: NO_GRACE, limits: { maxParallel: 1 } }));
    for (const curve of [[1], [2], [3]]) await runCurve(tuner, curve);
    // Median at step 0 of [1, 2, 3] is 2: a trial at 5 is stopped.
    for (let i = 0; i < 2; i++) {
      const [stopped] = await tuner.ask(1);
      expect(action(tuner, stopped!.id, observation(5, 0))).toBe('stop');
      tuner.tell(stopped!.id, { status: 'Stopped', reason: 'early-stopping', objective: 5 });
    }
    // With the stopped curves the values at step 0 are [1, 2, 3, 5, 5]: median 3. Survivors alone would give 2.
    const rebuilt = createTuner(testSpec({ earlyStopping: NO_GRACE, limits: { maxParallel: 1 } }), {
      state: JSON.parse(JSON.stringify(tuner.state())),
    });
    for (const current of [tuner, rebuilt]) {
      const [trial] = await current.ask(1);
      expect(action(current, trial!.id, observation(2.5, 0))).toBe('continue');
      expect(action(current, trial!.id, observation(3.5, 0))).toBe('stop');
    }
  });
});

describe('the median rule with the default grace period (earlyStopping: Auto)', () => {
  /** A learning curve that starts at `start` and falls towards `end` (value at step t). */
  const curve = (start: number, end: number, steps = 40) =>
    Array.from({ length: steps }, (_, t) => end + (start - end) * Math.exp(-t / 3));

  async function finishTrials(tuner: Tuner, count: number): Promise<void> {
    // Trials that start well and end mediocre: their running averages are low at the first steps. They run to
    // the end whatever the rule says of them (only the trial under test matters).
    for (let i = 0; i < count; i++) {
      const values = curve(1 + i * 0.05, 0.6 + i * 0.02);
      const [trial] = await tuner.ask(1);
      for (const [step, value] of values.entries()) tuner.report(trial!.id, observation(value, step));
      tuner.tell(trial!.id, { status: 'Completed', objective: values.at(-1)! });
    }
  }

  it('does not stop at step 0 or 1 a trial whose first values are bad and whose curve ends the best (issue 13)', async () => {
    // As in the diabetes demo and the XGBoost example: the eventual best configuration starts far worse than the
    // others (152.5 after 1 of 150 rounds) and ends better than all of them. The rule without a grace period
    // stopped it at step 0.
    const late = curve(3, 0.3);
    for (const earlyStopping of [NO_GRACE, 'Auto'] as const) {
      const tuner = createTuner(testSpec({ earlyStopping, limits: { maxParallel: 1 } }));
      await finishTrials(tuner, 8);
      const [trial] = await tuner.ask(1);
      const decisions = late.map((value, step) => action(tuner, trial!.id, observation(value, step)));
      if (earlyStopping === NO_GRACE) {
        expect(decisions[0]).toBe('stop');
        continue;
      }
      expect(decisions.every((decision) => decision === 'continue')).toBe(true);
      tuner.tell(trial!.id, { status: 'Completed', objective: late.at(-1)! });
      expect(tuner.best()?.id).toBe(trial!.id);
    }
  });

  it('still stops a trial that stays worse than the median once the grace period is over', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: 'Auto', limits: { maxParallel: 1 } }));
    const { minSteps, minTrials } = SPEC_DEFAULTS.medianRule;
    await finishTrials(tuner, minTrials);
    const [trial] = await tuner.ask(1);
    const bad = curve(5, 4);
    const decisions = bad.map((value, step) => tuner.report(trial!.id, observation(value, step)));
    const firstStop = decisions.findIndex((decision) => decision.action === 'stop');
    expect(firstStop).toBe(minSteps);
    expect(decisions[firstStop]).toMatchObject({ rule: 'median', step: minSteps, trials: minTrials });
  });

  it('on long curves, waits until a trial has run half the steps of the longest finished trial', async () => {
    // A slow learner trails the median for a long while before it overtakes it: on the diabetes MLP's 120 epochs
    // every stop of the configuration a full run ranks best came at the first step an absolute grace allowed.
    const steps = 80;
    const tuner = createTuner(testSpec({ earlyStopping: 'Auto', limits: { maxParallel: 1 } }));
    const { minSteps, minTrials, minFraction } = SPEC_DEFAULTS.medianRule;
    for (let i = 0; i < minTrials; i++) {
      const values = curve(1 + i * 0.05, 0.6 + i * 0.02, steps);
      const [trial] = await tuner.ask(1);
      for (const [step, value] of values.entries()) tuner.report(trial!.id, observation(value, step));
      tuner.tell(trial!.id, { status: 'Completed', objective: values.at(-1)! });
    }
    const [trial] = await tuner.ask(1);
    const decisions = curve(5, 4, steps).map((value, step) =>
      tuner.report(trial!.id, observation(value, step)),
    );
    const firstStop = decisions.findIndex((decision) => decision.action === 'stop');
    expect(steps * minFraction - 1).toBeGreaterThan(minSteps);
    expect(firstStop).toBe(steps * minFraction - 1);
  });

  it('waits for minTrials finished trials to reach a step, and reads a custom grace period', async () => {
    const spec = testSpec({
      earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 4 },
      limits: { maxParallel: 1 },
    });
    const tuner = createTuner(spec);
    await finishTrials(tuner, 3);
    const [young] = await tuner.ask(1);
    expect(action(tuner, young!.id, observation(100, 0))).toBe('continue'); // step 0 < minSteps
    expect(action(tuner, young!.id, observation(100, 1))).toBe('continue'); // 3 finished trials < minTrials
    tuner.tell(young!.id, { status: 'Completed', objective: 0.5 });
    const [trial] = await tuner.ask(1);
    expect(action(tuner, trial!.id, observation(100, 0))).toBe('continue');
    expect(action(tuner, trial!.id, observation(100, 1))).toBe('stop');
  });
});
