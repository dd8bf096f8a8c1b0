import { describe, expect, it } from 'vitest';
import { createTuner } from './createTuner.ts';
import { testSpec } from './testSpec.ts';
import type { Tuner } from './tuner.ts';

/** Runs a trial through its curve of objective values and completes it with the last one. */
async function runCurve(tuner: Tuner, curve: number[]): Promise<void> {
  const [trial] = await tuner.ask(1);
  for (const [step, value] of curve.entries()) {
    expect(tuner.report(trial!.id, { metric: 'loss', value, line: step + 1, step })).toBe('continue');
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
    const tuner = createTuner(testSpec({ earlyStopping: 'Auto', limits: { maxParallel: 1 } }));
    await runCurve(tuner, [10, 8, 6]);
    await runCurve(tuner, [12, 9, 7]);
    const [third] = await tuner.ask(1);
    // Two completed trials are not enough to judge.
    expect(tuner.report(third!.id, observation(100, 0))).toBe('continue');
    tuner.tell(third!.id, { status: 'Completed', objective: 9 });
    // third's curve is [100]: running averages at step 1 are 9, 10.5 and 100, median 10.5.
    const [fourth] = await tuner.ask(1);
    expect(tuner.report(fourth!.id, observation(10, 0))).toBe('continue'); // median at step 0: 12
    expect(tuner.report(fourth!.id, observation(10.5, 1))).toBe('continue');
    expect(tuner.report(fourth!.id, observation(10.6, 1))).toBe('stop');
    // Other metrics and invalid values never stop a trial.
    expect(tuner.report(fourth!.id, observation(1000, 2, 'accuracy'))).toBe('continue');
    expect(tuner.report(fourth!.id, { ...observation(Number.NaN, 2), invalid: 'nan' })).toBe('continue');
    tuner.tell(fourth!.id, { status: 'Stopped', reason: 'early-stopping', objective: 10.6 });
    expect(tuner.trials()[3]).toMatchObject({
      status: 'Stopped',
      stopReason: 'early-stopping',
      objective: 10.6,
    });
  });

  it('compares the other way for a Maximize objective', async () => {
    const tuner = createTuner(
      testSpec({
        earlyStopping: 'Auto',
        objective: { metric: 'loss', type: 'Maximize' },
        limits: { maxParallel: 1 },
      }),
    );
    await runCurve(tuner, [0.5, 0.6]);
    await runCurve(tuner, [0.7, 0.8]);
    await runCurve(tuner, [0.6, 0.7]);
    const [trial] = await tuner.ask(1);
    expect(tuner.report(trial!.id, observation(0.6, 0))).toBe('continue'); // median 0.6
    expect(tuner.report(trial!.id, observation(0.59, 0))).toBe('stop');
  });

  it('never stops a trial when early stopping is Off', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: 'Off', limits: { maxParallel: 1 } }));
    for (let i = 0; i < 4; i++) await runCurve(tuner, [1, 1]);
    const [trial] = await tuner.ask(1);
    expect(tuner.report(trial!.id, observation(1e9, 0))).toBe('continue');
  });

  it('counts the curves of early-stopped trials in the medians, also after the tuner is rebuilt from its state', async () => {
    const tuner = createTuner(testSpec({ earlyStopping: 'Auto', limits: { maxParallel: 1 } }));
    for (const curve of [[1], [2], [3]]) await runCurve(tuner, curve);
    // Median at step 0 of [1, 2, 3] is 2: a trial at 5 is stopped.
    for (let i = 0; i < 2; i++) {
      const [stopped] = await tuner.ask(1);
      expect(tuner.report(stopped!.id, observation(5, 0))).toBe('stop');
      tuner.tell(stopped!.id, { status: 'Stopped', reason: 'early-stopping', objective: 5 });
    }
    // With the stopped curves the values at step 0 are [1, 2, 3, 5, 5]: median 3. Survivors alone would give 2.
    const rebuilt = createTuner(testSpec({ earlyStopping: 'Auto', limits: { maxParallel: 1 } }), {
      state: JSON.parse(JSON.stringify(tuner.state())),
    });
    for (const current of [tuner, rebuilt]) {
      const [trial] = await current.ask(1);
      expect(current.report(trial!.id, observation(2.5, 0))).toBe('continue');
      expect(current.report(trial!.id, observation(3.5, 0))).toBe('stop');
    }
  });
});
