import { describe, expect, it } from 'vitest';
import { createStrategy } from '../strategies/createStrategy.ts';
import type { Strategy, SuggestRequest } from '../strategy.ts';
import { createTuner } from './createTuner.ts';
import { testObjective, testSpec } from './testSpec.ts';
import type { WarmStartPrior } from './warmStart.ts';

function recordingStrategy(spec: ReturnType<typeof testSpec>): {
  strategy: Strategy;
  requests: SuggestRequest[];
} {
  const inner = createStrategy(spec);
  const requests: SuggestRequest[] = [];
  return {
    requests,
    strategy: {
      name: inner.name,
      capacity: inner.capacity,
      suggest: (request) => {
        requests.push(request);
        return inner.suggest(request);
      },
    },
  };
}

const DEFAULTS = { learning_rate: 0.1, dropout: 0.2, layers: 6, optimizer: 'sgd' };
const SECOND = { learning_rate: 0.01, dropout: 0, layers: 2, optimizer: 'adam' };

describe('initialTrials', () => {
  it('are asked first, in order, count toward maxTrials, and feed the strategy', async () => {
    const spec = testSpec({ initialTrials: [DEFAULTS, SECOND], limits: { maxTrials: 4, maxParallel: 3 } });
    const { strategy, requests } = recordingStrategy(spec);
    const tuner = createTuner(spec, { strategy });
    const first = await tuner.ask(3);
    expect(first.map((t) => [t.configIndex, t.params])).toEqual([
      [0, DEFAULTS],
      [1, SECOND],
      [2, expect.any(Object)],
    ]);
    expect(requests[0]).toMatchObject({ count: 1, startIndex: 2, observations: [] });
    for (const trial of first)
      tuner.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) });
    expect(await tuner.ask(3)).toHaveLength(1);
    expect(requests[1]!.observations.map((o) => o.value)).toEqual(first.map((t) => testObjective(t.params)));
    expect(tuner.completion().done).toBe(false);
  });

  it('a resumed job does not ask an initial trial again', async () => {
    const spec = testSpec({ initialTrials: [DEFAULTS, SECOND], limits: { maxParallel: 1 } });
    const tuner = createTuner(spec);
    const [first] = await tuner.ask(1);
    tuner.tell(first!.id, { status: 'Completed', objective: 1 });
    const resumed = createTuner(spec, { state: JSON.parse(JSON.stringify(tuner.state())) });
    const [next] = await resumed.ask(1);
    expect(next).toMatchObject({ configIndex: 1, params: SECOND });
    const [again] = await tuner.ask(1);
    expect(again!.params).toEqual(next!.params);
  });

  it('the Bayesian strategy counts them in its design and is otherwise unchanged', async () => {
    const spec = testSpec({ strategy: 'Bayesian', initialTrials: [DEFAULTS] });
    const withInitial = createTuner(spec);
    const without = createTuner(testSpec({ strategy: 'Bayesian' }));
    const [a] = await withInitial.ask(1);
    const [b] = await without.ask(1);
    expect(a!.params).toEqual(DEFAULTS);
    expect(b!.params).not.toEqual(DEFAULTS);
  });
});

/** 40 parent trials of the test objective, drawn by a Random job. */
async function parentTrials(): Promise<WarmStartPrior['trials']> {
  const parent = createTuner(testSpec({ limits: { maxTrials: 40, maxParallel: 40 }, seed: 99 }));
  const trials = await parent.ask(40);
  return trials.map((t) => ({ params: t.params, objective: testObjective(t.params) }));
}

describe('warmStart', () => {
  it('IdenticalDataAndAlgorithm: parents are observations, not trials, and never the best', async () => {
    const trials = await parentTrials();
    const spec = testSpec({ limits: { maxTrials: 3, maxParallel: 1 } });
    const { strategy, requests } = recordingStrategy(spec);
    const outside = { params: { ...DEFAULTS, layers: 12 }, objective: -100 };
    const tuner = createTuner(spec, {
      strategy,
      warmStart: { type: 'IdenticalDataAndAlgorithm', trials: [...trials, outside] },
    });
    const [trial] = await tuner.ask(1);
    expect(trial!.configIndex).toBe(0);
    // The trial outside this job's ranges (layers 12 > 8) is dropped, not clipped.
    expect(requests[0]!.observations.map((o) => o.value)).toEqual(trials.map((t) => t.objective));
    expect(tuner.best()).toBeUndefined();
    tuner.tell(trial!.id, { status: 'Completed', objective: 5 });
    expect(tuner.best()!.id).toBe(trial!.id);
  });

  it('IdenticalDataAndAlgorithm: the strategy never suggests a parent configuration again', async () => {
    const spec = testSpec({
      parameters: [{ type: 'categorical', name: 'optimizer', values: ['adam', 'sgd', 'rmsprop'] }],
      limits: { maxTrials: 3, maxParallel: 3 },
    });
    const tuner = createTuner(spec, {
      warmStart: {
        type: 'IdenticalDataAndAlgorithm',
        trials: [{ params: { optimizer: 'adam' }, objective: 1 }],
      },
    });
    const asked = await tuner.ask(3);
    expect(asked.map((t) => t.params.optimizer).sort()).toEqual(['rmsprop', 'sgd']);
  });

  it('the Bayesian strategy is model-guided from its first suggestion with a parent', async () => {
    const trials = await parentTrials();
    const spec = testSpec({ strategy: 'Bayesian', limits: { maxTrials: 5 } });
    const cold = createTuner(spec);
    const warm = createTuner(spec, { warmStart: { type: 'IdenticalDataAndAlgorithm', trials } });
    const [coldFirst] = await cold.ask(1);
    const [warmFirst] = await warm.ask(1);
    const best = Math.min(...trials.map((t) => t.objective));
    // The cold start's first point is a design point; the warm one is chosen by the model near the parents' best.
    expect(testObjective(warmFirst!.params)).toBeLessThan(testObjective(coldFirst!.params));
    expect(testObjective(warmFirst!.params)).toBeLessThan(best + 0.5);
  });

  it('TransferLearning: the parents’ best run first, then their values shifted by the measured difference', async () => {
    const trials = await parentTrials();
    const spec = testSpec({ strategy: 'Bayesian', initialTrials: [DEFAULTS], limits: { maxParallel: 4 } });
    const { strategy, requests } = recordingStrategy(spec);
    const tuner = createTuner(spec, { strategy, warmStart: { type: 'TransferLearning', trials } });
    const asked = await tuner.ask(4);
    const bestThree = trials
      .slice()
      .sort((a, b) => a.objective - b.objective)
      .slice(0, 3)
      .map((t) => t.params);
    expect(asked.map((t) => t.params)).toEqual([
      DEFAULTS,
      ...bestThree.map((p) => expect.objectContaining({ optimizer: p.optimizer, layers: p.layers })),
    ]);
    expect(requests).toHaveLength(0);
    // The new function is the parents' plus 10: each re-measured configuration tells the shift.
    for (const trial of asked)
      tuner.tell(trial.id, { status: 'Completed', objective: testObjective(trial.params) + 10 });
    await tuner.ask(1);
    const seen = requests[0]!.observations;
    const own = seen.slice(-4).map((o) => o.value);
    expect(own).toEqual(asked.map((t) => testObjective(t.params) + 10));
    const shifted = seen.slice(0, -4);
    expect(shifted.length).toBeGreaterThan(30);
    expect(shifted.length).toBeLessThan(trials.length);
    const parentValues = new Set(trials.map((t) => (t.objective + 10).toFixed(9)));
    for (const o of shifted) expect(parentValues.has(o.value.toFixed(9))).toBe(true);
    // The parents' values are a discountable prior (the surrogate fits how far to trust them); the job's own are not.
    expect(shifted.every((o) => o.prior === true)).toBe(true);
    expect(seen.slice(-4).every((o) => o.prior === undefined)).toBe(true);
  });

  it('TransferLearning with Random queues nothing and only avoids the parents', async () => {
    const trials = await parentTrials();
    const spec = testSpec({ limits: { maxParallel: 2 } });
    const tuner = createTuner(spec, { warmStart: { type: 'TransferLearning', trials } });
    const keys = new Set(trials.map((t) => JSON.stringify(t.params)));
    for (const trial of await tuner.ask(2)) expect(keys.has(JSON.stringify(trial.params))).toBe(false);
  });
});
