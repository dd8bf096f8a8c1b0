import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../strategies/createStrategy.ts';
import type { Strategy, SuggestRequest } from '../../strategy.ts';
import { createTuner } from '../createTuner.ts';
import { testObjective, testSpec } from '../testSpec.ts';
import type { Tuner } from '../tuner.ts';
import type { Trial } from '../types.ts';

const hyperbandSpec = (sampler: 'Bayesian' | 'Random', maxTrials = 24) =>
  testSpec({
    strategy: 'Hyperband',
    hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler },
    limits: { maxTrials, maxParallel: 1 },
  });

/** A learning curve that ends at the test objective: value at step s = objective + (8 - s) * 0.05. */
const valueAt = (trial: Trial, step: number) => testObjective(trial.params) + (8 - step) * 0.05;

/** Runs one trial to its end: reports its curve until Hyperband stops it or it reaches maxResource. */
function runTrial(tuner: Tuner, trial: Trial): void {
  for (let step = 0; step < 9; step++) {
    const value = valueAt(trial, step);
    const report = tuner.reportRung(trial.id, { metric: 'loss', value, step, line: step + 1 });
    if (report.stop !== undefined) {
      tuner.tell(trial.id, { status: 'Stopped', reason: 'hyperband', objective: value });
      return;
    }
  }
  tuner.tell(trial.id, { status: 'Completed', objective: valueAt(trial, 8) });
}

describe('the tuner with strategy Hyperband', () => {
  it("feeds the model BOHB's level before a trial completes, then the completed trials with the stopped ones as a shifted prior", async () => {
    const spec = hyperbandSpec('Bayesian');
    const inner = createStrategy(spec);
    const requests: { request: SuggestRequest; expected: { value: number; prior: boolean }[] }[] = [];
    let tuner: Tuner | undefined;
    const strategy: Strategy = {
      name: inner.name,
      capacity: inner.capacity,
      suggest: (request) => {
        // What the model should see now, from the tuner's state.
        const state = tuner!.state();
        const levels = new Map<number, Map<number, number>>();
        for (const decision of state.rungDecisions ?? []) {
          const level = levels.get(decision.resource) ?? new Map<number, number>();
          level.set(decision.trialId, decision.value);
          levels.set(decision.resource, level);
        }
        const completed = new Map(
          state.trials
            .filter((trial) => trial.status === 'Completed')
            .map((trial) => [trial.id, trial.objective!]),
        );
        const expected: { value: number; prior: boolean }[] = [];
        if (completed.size === 0) {
          // BOHB: the highest level with at least d + 1 = 5 values; none before.
          const top = [...levels.entries()].sort((a, b) => b[0] - a[0]).find(([, v]) => v.size >= 5);
          for (const value of top?.[1].values() ?? []) expected.push({ value, prior: false });
        } else {
          for (const value of completed.values()) expected.push({ value, prior: false });
          // Each configuration stopped below at its highest level, moved by that level's median difference.
          const placed = new Set(completed.keys());
          for (const [, level] of [...levels.entries()].sort((a, b) => b[0] - a[0])) {
            const differences = [...level]
              .filter(([id]) => completed.has(id))
              .map(([id, value]) => completed.get(id)! - value)
              .sort((a, b) => a - b);
            const fresh = [...level].filter(([id]) => !placed.has(id));
            for (const [id] of fresh) placed.add(id);
            if (differences.length === 0) continue;
            const middle = differences.length >> 1;
            const shift =
              differences.length % 2 === 1
                ? differences[middle]!
                : (differences[middle - 1]! + differences[middle]!) / 2;
            for (const [, value] of fresh) expected.push({ value: value + shift, prior: true });
          }
        }
        requests.push({ request, expected });
        return inner.suggest(request);
      },
    };
    tuner = createTuner(spec, { strategy });
    expect(inner.name).toBe('Bayesian');
    for (let [trial] = await tuner.ask(1); trial !== undefined; [trial] = await tuner.ask(1))
      runTrial(tuner, trial);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrials' });
    const sorted = (rows: { value: number; prior: boolean }[]) =>
      [...rows].sort((a, b) => Number(b.prior) - Number(a.prior) || a.value - b.value);
    for (const { request, expected } of requests) {
      const got = request.observations.map((o) => ({ value: o.value, prior: o.prior === true }));
      // The prior's rows come first (the Gaussian process discounts leading rows).
      const firstOwn = got.findIndex((row) => !row.prior);
      expect(got.slice(firstOwn === -1 ? got.length : firstOwn).every((row) => !row.prior)).toBe(true);
      const gotSorted = sorted(got);
      const want = sorted(expected);
      expect(gotSorted.map((row) => row.prior)).toEqual(want.map((row) => row.prior));
      gotSorted.forEach((row, i) => {
        expect(row.value).toBeCloseTo(want[i]!.value, 12);
      });
    }
    expect(requests[0]!.request.observations).toEqual([]);
    expect(requests.some(({ request }) => request.observations.some((o) => o.prior === true))).toBe(true);
    expect(tuner.trials().some((trial) => trial.status === 'Stopped')).toBe(true);
  }, 30_000);

  it('never suggests a configuration again, even one stopped below the rung level the model is fitted on', async () => {
    for (const seed of [1, 2, 3]) {
      const spec = { ...hyperbandSpec('Bayesian', 40), seed };
      const tuner = createTuner(spec);
      for (let [trial] = await tuner.ask(1); trial !== undefined; [trial] = await tuner.ask(1))
        runTrial(tuner, trial);
      const configurations = tuner.trials().map((trial) => JSON.stringify(trial.params));
      expect(new Set(configurations).size, `seed ${seed}`).toBe(configurations.length);
    }
  }, 30_000);

  it('rebuilt from its state mid-job, asks and decides exactly as the first tuner', async () => {
    for (const sampler of ['Random', 'Bayesian'] as const) {
      const spec = hyperbandSpec(sampler, 16);
      const first = createTuner(spec, { now: () => 0 });
      for (let i = 0; i < 8; i++) runTrial(first, (await first.ask(1))[0]!);
      const rebuilt = createTuner(spec, { now: () => 0, state: JSON.parse(JSON.stringify(first.state())) });
      for (const tuner of [first, rebuilt]) {
        for (let [trial] = await tuner.ask(1); trial !== undefined; [trial] = await tuner.ask(1))
          runTrial(tuner, trial);
      }
      expect(rebuilt.state()).toEqual(first.state());
      expect(first.state().rungDecisions!.some((decision) => decision.decision === 'stop')).toBe(true);
    }
  });

  it('is refused without hyperband settings (a spec imported from a SageMaker request)', () => {
    const { hyperband: _hyperband, ...spec } = hyperbandSpec('Random');
    expect(() => createTuner(spec)).toThrow(/strategy Hyperband needs the top-level hyperband settings/);
  });
});
