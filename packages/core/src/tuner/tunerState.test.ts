import { describe, expect, it } from 'vitest';
import { initialDesignSize } from '../strategies/bayesian.ts';
import type { StrategyName } from '../strategy.ts';
import { createTuner } from './createTuner.ts';
import { manualClock, testObjective, testSpec } from './testSpec.ts';
import type { TunerState } from './types.ts';

const roundTrip = (state: TunerState): TunerState => JSON.parse(JSON.stringify(state)) as TunerState;

describe('tuner state', () => {
  it.each<StrategyName>(['Random', 'Sobol', 'Bayesian'])(
    'a %s tuner rebuilt from its JSON state makes the same next suggestions',
    async (strategy) => {
      const clock = manualClock();
      const spec = testSpec({
        strategy,
        earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 3 },
        limits: { maxTrials: 30, maxParallel: 4, maxRetries: 1 },
        completion: { maxTrialsNotImproving: 10 },
      });
      const original = createTuner(spec, { now: clock.now });
      // A history with every kind of outcome, finishing out of id order.
      for (let round = 0; round < 3; round++) {
        const batch = await original.ask(4);
        clock.advance(1000);
        for (const trial of [...batch].reverse()) {
          clock.advance(10);
          for (let step = 0; step < 3; step++) {
            original.report(trial.id, {
              metric: 'loss',
              value: testObjective(trial.params) + 3 - step,
              line: 1,
              step,
            });
          }
          if (trial.id % 5 === 0) original.tell(trial.id, { status: 'Failed', reason: 'crash' });
          else if (trial.id % 7 === 0)
            original.tell(trial.id, { status: 'Stopped', reason: 'early-stopping', objective: 5 });
          else if (trial.id % 4 !== 3)
            original.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
        }
      }
      const state = roundTrip(original.state());
      expect(state.objectiveCurves).toBeDefined();
      const rebuilt = createTuner(spec, { now: clock.now, state });

      expect(rebuilt.trials()).toEqual(original.trials());
      expect(rebuilt.pending()).toEqual(original.pending());
      expect(rebuilt.best()).toEqual(original.best());
      expect(rebuilt.completion()).toEqual(original.completion());
      expect(rebuilt.state()).toEqual(state);
      // A pending trial's report is judged against the same medians, with the same basis.
      const running = original.pending()[0]!;
      // Its step 0 is made bad first: the rule judges the best value so far.
      const first = { metric: 'loss', value: 100, line: 1, step: 0 };
      expect(rebuilt.report(running.id, first)).toEqual(original.report(running.id, first));
      for (const value of [100, 0]) {
        const probe = { metric: 'loss', value, line: 1, step: 1 };
        const decision = original.report(running.id, probe);
        expect(decision.action).toBe(value === 100 ? 'stop' : 'continue');
        expect(rebuilt.report(running.id, probe)).toEqual(decision);
      }

      const fromOriginal = await original.ask(4);
      const fromRebuilt = await rebuilt.ask(4);
      expect(fromOriginal.length).toBeGreaterThan(0);
      expect(fromOriginal.some((t) => t.attempt > 0)).toBe(true); // a retry is among them
      // New configurations past the Bayesian initial design: the rebuilt surrogate is fitted from the state alone.
      expect(fromOriginal.some((t) => t.attempt === 0 && t.configIndex >= initialDesignSize(4))).toBe(true);
      expect(fromRebuilt).toEqual(fromOriginal);
    },
  );

  it('replays outcomes told in the same millisecond in their telling order', async () => {
    const clock = manualClock(); // never advances: every tell lands in the same millisecond
    const spec = testSpec({ completion: { maxTrialsNotImproving: 3 }, limits: { maxParallel: 3 } });
    const original = createTuner(spec, { now: clock.now });
    const [a, b, c] = await original.ask(3);
    original.tell(a!.id, { status: 'Completed', objective: 10 });
    original.tell(c!.id, { status: 'Completed', objective: 8 }); // an improvement
    original.tell(b!.id, { status: 'Completed', objective: 9 }); // then not one (in id order it would be)
    for (const value of [8.5, 9.5]) {
      const [trial] = await original.ask(1);
      original.tell(trial!.id, { status: 'Completed', objective: value });
    }
    expect(original.completion()).toEqual({ done: true, reason: 'maxTrialsNotImproving' });
    const finishedAt = original.trials().map((trial) => trial.finishedAt!);
    expect(new Set(finishedAt).size).toBe(finishedAt.length);
    const rebuilt = createTuner(spec, { now: clock.now, state: roundTrip(original.state()) });
    expect(rebuilt.completion()).toEqual(original.completion());
  });

  it('keeps the start time, so the runtime limit counts from the first start', async () => {
    const clock = manualClock();
    const spec = testSpec({ limits: { maxRuntimeSeconds: 10 } });
    const original = createTuner(spec, { now: clock.now });
    clock.advance(11_000);
    const rebuilt = createTuner(spec, { now: clock.now, state: roundTrip(original.state()) });
    expect(rebuilt.completion()).toEqual({ done: true, reason: 'maxRuntime' });
  });

  it('rebuilds a 10,000-trial job quickly', async () => {
    const clock = manualClock();
    const spec = testSpec({ limits: { maxTrials: 20_000, maxParallel: 10_000 } });
    const original = createTuner(spec, { now: clock.now });
    const trials = await original.ask(10_000);
    for (const trial of trials)
      original.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
    const json = JSON.stringify(original.state());
    const rebuilt = createTuner(spec, { now: clock.now, state: JSON.parse(json) as TunerState });
    expect(rebuilt.trials()).toHaveLength(10_000);
    expect(rebuilt.best()).toEqual(original.best());
    expect(await rebuilt.ask(1)).toEqual(await original.ask(1));
  });

  it('refuses a state from another version or another search space', () => {
    const spec = testSpec();
    expect(() =>
      createTuner(spec, { state: { version: 2, startedAt: 0, trials: [] } as unknown as TunerState }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalidState',
        message: 'state.version: is 2; this tuner reads version 1',
      }),
    );
    const trial = {
      id: 1,
      configIndex: 0,
      attempt: 0,
      params: {},
      unit: [0.5],
      status: 'Pending',
      askedAt: 0,
    } as const;
    expect(() => createTuner(spec, { state: { version: 1, startedAt: 0, trials: [trial] } })).toThrow(
      expect.objectContaining({
        code: 'invalidState',
        message: expect.stringContaining('unit must hold 4 coordinates'),
      }),
    );
  });
});
