import { describe, expect, it } from 'vitest';
import type { TunekitError } from '../errors.ts';
import { createStrategy } from '../strategies/createStrategy.ts';
import type { Strategy, SuggestRequest } from '../strategy.ts';
import { createTuner } from './createTuner.ts';
import { manualClock, testObjective, testSpec } from './testSpec.ts';

/** The spec's real strategy, with every request it receives recorded. */
function recordingStrategy(spec: ReturnType<typeof testSpec>): {
  strategy: Strategy;
  requests: SuggestRequest[];
} {
  const inner = createStrategy(spec);
  const requests: SuggestRequest[] = [];
  const strategy: Strategy = {
    name: inner.name,
    capacity: inner.capacity,
    suggest: (request) => {
      requests.push(request);
      return inner.suggest(request);
    },
  };
  return { strategy, requests };
}

describe('createTuner: the ask/tell loop', () => {
  it('runs a Random job to its trial budget and keeps the best trial', async () => {
    const spec = testSpec({ limits: { maxTrials: 25, maxParallel: 3 } });
    const tuner = createTuner(spec);
    for (let batch = await tuner.ask(3); batch.length > 0; batch = await tuner.ask(3)) {
      for (const trial of batch)
        tuner.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
    }
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrials' });
    const trials = tuner.trials();
    expect(trials.map((t) => t.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(trials.map((t) => t.configIndex)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    for (const trial of trials) {
      expect(trial.status).toBe('Completed');
      expect(trial.params.learning_rate).toBeGreaterThanOrEqual(1e-4);
      expect(trial.params.learning_rate).toBeLessThanOrEqual(1);
      expect(Number.isInteger(trial.params.layers)).toBe(true);
      expect(['adam', 'sgd', 'rmsprop']).toContain(trial.params.optimizer);
      expect(tuner.space.fromUnit(trial.unit)).toEqual(trial.params);
    }
    const smallest = Math.min(...trials.map((t) => t.objective!));
    expect(tuner.best()?.objective).toBe(smallest);
    expect(await tuner.ask(3)).toEqual([]);
  });

  it('gives the same suggestions for the same seed, and different ones for another seed', async () => {
    const first = await createTuner(testSpec()).ask(2);
    const again = await createTuner(testSpec()).ask(2);
    const other = await createTuner(testSpec({ seed: 8 })).ask(2);
    expect(again.map((t) => t.params)).toEqual(first.map((t) => t.params));
    expect(other.map((t) => t.params)).not.toEqual(first.map((t) => t.params));
  });

  it('suggests the same next trials whatever order the same outcomes were told in (Bayesian)', async () => {
    const spec = testSpec({ strategy: 'Bayesian', limits: { maxTrials: 20, maxParallel: 10 } });
    const clock = manualClock();
    const inOrder = createTuner(spec, { now: clock.now });
    const reversed = createTuner(spec, { now: clock.now });
    const batch = await inOrder.ask(10);
    expect(await reversed.ask(10)).toEqual(batch);
    for (const trial of batch)
      inOrder.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
    for (const trial of [...batch].reverse()) {
      reversed.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
    }
    const next = await inOrder.ask(2);
    expect(next.every((trial) => trial.configIndex >= 10)).toBe(true); // past the initial design: the model's
    expect((await reversed.ask(2)).map((t) => t.unit)).toEqual(next.map((t) => t.unit));
  });

  it('orients a Maximize objective: the best trial has the largest value', async () => {
    const tuner = createTuner(
      testSpec({ objective: { metric: 'loss', type: 'Maximize' }, limits: { maxTrials: 6 } }),
    );
    const values = [3, 9, 1, 9, 4, 2];
    for (const value of values) {
      const [trial] = await tuner.ask(1);
      tuner.tell(trial!.id, { status: 'Completed', objective: value });
    }
    expect(tuner.best()?.objective).toBe(9);
    expect(tuner.best()?.id).toBe(2);
  });
});

describe('createTuner: budget and parallel limits', () => {
  it('never has more than maxParallel trials pending', async () => {
    const tuner = createTuner(testSpec({ limits: { maxTrials: 10, maxParallel: 2 } }));
    const first = await tuner.ask(5);
    expect(first).toHaveLength(2);
    expect(await tuner.ask(1)).toEqual([]);
    expect(tuner.pending().map((t) => t.id)).toEqual([1, 2]);
    tuner.tell(1, { status: 'Completed', objective: 1 });
    const next = await tuner.ask(5);
    expect(next.map((t) => [t.id, t.configIndex])).toEqual([[3, 2]]);
    expect(tuner.pending().map((t) => t.id)).toEqual([2, 3]);
  });

  it('hands out no more configurations than maxTrials, and is done only when all have finished', async () => {
    const tuner = createTuner(testSpec({ limits: { maxTrials: 3, maxParallel: 5 } }));
    expect(await tuner.ask(5)).toHaveLength(3);
    expect(await tuner.ask(5)).toEqual([]);
    tuner.tell(1, { status: 'Completed', objective: 1 });
    tuner.tell(2, { status: 'Stopped', reason: 'user' });
    expect(tuner.completion()).toEqual({ done: false });
    tuner.tell(3, { status: 'Completed', objective: 2 });
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrials' });
  });

  it('passes the strategy the pending points and, as observations, completed and early-stopped results', async () => {
    const spec = testSpec({ limits: { maxTrials: 10, maxParallel: 4 } });
    const { strategy, requests } = recordingStrategy(spec);
    const tuner = createTuner(spec, { strategy });
    const [a, b, c] = await tuner.ask(3);
    tuner.tell(a!.id, { status: 'Completed', objective: 5 });
    tuner.tell(c!.id, { status: 'Stopped', reason: 'early-stopping', objective: 7 });
    await tuner.ask(2);
    const request = requests[1]!;
    expect(request.startIndex).toBe(3);
    expect(request.count).toBe(2);
    expect(request.observations.map((o) => [Array.from(o.unit), o.value])).toEqual([
      [a!.unit, 5],
      [c!.unit, 7],
    ]);
    expect(request.pending.map((unit) => Array.from(unit))).toEqual([b!.unit]);
  });

  it('runs one ask at a time, so concurrent asks never share a configuration index', async () => {
    const tuner = createTuner(testSpec({ limits: { maxTrials: 10, maxParallel: 6 } }));
    const [x, y] = await Promise.all([tuner.ask(3), tuner.ask(3)]);
    expect([...x, ...y].map((t) => t.configIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...x, ...y].map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts a tell while an ask is under way', async () => {
    const tuner = createTuner(testSpec({ limits: { maxTrials: 10, maxParallel: 3 } }));
    const [first] = await tuner.ask(1);
    const asking = tuner.ask(2);
    tuner.tell(first!.id, { status: 'Completed', objective: 1 });
    expect((await asking).map((t) => t.id)).toEqual([2, 3]);
    expect(tuner.trials()[0]?.status).toBe('Completed');
  });
});

describe('createTuner: retries', () => {
  it('retries a failed trial with the same hyperparameters before new ones, up to maxRetries', async () => {
    const spec = testSpec({ limits: { maxTrials: 3, maxParallel: 3, maxRetries: 2 } });
    const { strategy, requests } = recordingStrategy(spec);
    const tuner = createTuner(spec, { strategy });
    const [first] = await tuner.ask(1);
    tuner.tell(first!.id, { status: 'Failed', reason: 'exit code 1' });
    expect(tuner.completion().done).toBe(false);

    const [retry, fresh] = await tuner.ask(2);
    expect(retry).toMatchObject({
      id: 2,
      configIndex: 0,
      attempt: 1,
      params: first!.params,
      unit: first!.unit,
    });
    expect(fresh).toMatchObject({ id: 3, configIndex: 1, attempt: 0 });
    expect(requests.at(-1)!.pending.map((unit) => Array.from(unit))).toEqual([first!.unit]);

    tuner.tell(retry!.id, { status: 'Failed', reason: 'exit code 1' });
    const [lastRetry] = await tuner.ask(1);
    expect(lastRetry).toMatchObject({ id: 4, configIndex: 0, attempt: 2, params: first!.params });
    tuner.tell(lastRetry!.id, { status: 'Failed', reason: 'exit code 1' });

    // maxRetries used up: the configuration failed for good; retries did not use up the budget of 3.
    const [third] = await tuner.ask(2);
    expect(third).toMatchObject({ id: 5, configIndex: 2, attempt: 0 });
    expect(requests.at(-1)!.failed.map((unit) => Array.from(unit))).toEqual([first!.unit]);
    tuner.tell(fresh!.id, { status: 'Completed', objective: 1 });
    tuner.tell(third!.id, { status: 'Completed', objective: 2 });
    expect(await tuner.ask(2)).toEqual([]);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrials' });
    expect(tuner.trials()).toHaveLength(5);
  });

  it('waits for a slot when every slot is taken, and never retries Stopped trials', async () => {
    const tuner = createTuner(testSpec({ limits: { maxTrials: 4, maxParallel: 1, maxRetries: 1 } }));
    const [first] = await tuner.ask(1);
    tuner.tell(first!.id, { status: 'Stopped', reason: 'timeout' });
    const [second] = await tuner.ask(1);
    expect(second).toMatchObject({ configIndex: 1, attempt: 0 });
    tuner.tell(second!.id, { status: 'Failed', reason: 'crash' });
    const [retry] = await tuner.ask(1);
    expect(retry).toMatchObject({ configIndex: 1, attempt: 1 });
    expect(await tuner.ask(1)).toEqual([]);
  });
});

describe('createTuner: misuse', () => {
  it('rejects outcomes for unknown or finished trials, and bad counts', async () => {
    const clock = manualClock();
    const tuner = createTuner(testSpec({ earlyStopping: 'Auto' }), { now: clock.now });
    const [trial] = await tuner.ask(1);
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (caught) {
        return caught as TunekitError;
      }
      throw new Error('expected a TunekitError');
    };
    expect(error(() => tuner.tell(99, { status: 'Completed', objective: 1 }))).toMatchObject({
      code: 'unknownTrial',
      message: 'tell(99): no trial has that id; ids run from 1 to 1',
    });
    expect(error(() => tuner.tell(trial!.id, { status: 'Completed', objective: Number.NaN }))).toMatchObject({
      code: 'invalidArgument',
    });
    tuner.tell(trial!.id, { status: 'Completed', objective: 1 });
    expect(error(() => tuner.tell(trial!.id, { status: 'Failed', reason: 'x' }))).toMatchObject({
      code: 'trialNotRunning',
      message: "tell(1): the trial already finished as Completed; tell each trial's outcome once",
    });
    expect(
      error(() => tuner.report(trial!.id, { metric: 'loss', value: 1, line: 1, step: 0 })),
    ).toMatchObject({ code: 'trialNotRunning' });
    expect(error(() => tuner.report(5, { metric: 'loss', value: 1, line: 1, step: 0 }))).toMatchObject({
      code: 'unknownTrial',
    });
    await expect(tuner.ask(-1)).rejects.toMatchObject({ code: 'invalidArgument' });
    await expect(tuner.ask(1.5)).rejects.toMatchObject({ code: 'invalidArgument' });
    expect(await tuner.ask(0)).toEqual([]);
  });

  it('refuses Hyperband locally and points at sagemaker-managed', () => {
    expect(() => createTuner(testSpec({ strategy: 'Hyperband' }))).toThrow(
      expect.objectContaining({ code: 'unsupported', message: expect.stringContaining('sagemaker-managed') }),
    );
  });
});
