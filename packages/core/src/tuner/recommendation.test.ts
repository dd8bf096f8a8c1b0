import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { createTuner } from './createTuner.ts';
import { testObjective, testSpec } from './testSpec.ts';
import type { Tuner } from './tuner.ts';

/** Runs `trials` trials one at a time, telling `measure(params)`; returns the true value of each trial by id. */
async function run(
  tuner: Tuner,
  trials: number,
  measure: (truth: number) => number,
  afterTell?: () => void,
): Promise<Map<number, number>> {
  const truths = new Map<number, number>();
  for (let i = 0; i < trials; i++) {
    const [trial] = await tuner.ask(1);
    const truth = testObjective(trial!.params);
    truths.set(trial!.id, truth);
    tuner.tell(trial!.id, { status: 'Completed', objective: measure(truth) });
    afterTell?.();
  }
  return truths;
}

const bayesian = (seed: number, overrides: Parameters<typeof testSpec>[0] = {}) =>
  createTuner(
    testSpec({ strategy: 'Bayesian', seed, limits: { maxTrials: 40, maxParallel: 1 }, ...overrides }),
  );

describe('the model’s choice of best trial under noise', () => {
  it('estimates the noise of an objective with known noise, and calls it significant', async () => {
    const parameters = [
      { type: 'continuous' as const, name: 'x', min: 0, max: 1, scaling: 'Linear' as const },
      { type: 'continuous' as const, name: 'y', min: 0, max: 1, scaling: 'Linear' as const },
    ];
    const bowl = (p: Readonly<Record<string, unknown>>) =>
      10 * ((Number(p.x) - 0.3) ** 2 + (Number(p.y) - 0.6) ** 2);
    const estimate = async (seed: number, noiseStd: number) => {
      const noise = createRng(seed, 99);
      const tuner = bayesian(seed, { parameters });
      for (let i = 0; i < 30; i++) {
        const [trial] = await tuner.ask(1);
        tuner.tell(trial!.id, {
          status: 'Completed',
          objective: bowl(trial!.params) + noiseStd * noise.normal(),
        });
      }
      const found = tuner.recommendation()!;
      await tuner.close();
      return found;
    };
    for (const seed of [1, 2, 3]) {
      const small = await estimate(seed, 0.1);
      const large = await estimate(seed, 0.5);
      // The estimate follows the true noise (0.5 and 0.1): the residuals with the model's degrees of freedom
      // taken out, in the objective's units (the model's own noise variance read 0.2-0.33 for 0.5 here).
      expect(large.noiseStd).toBeGreaterThan(0.3);
      expect(large.noiseStd).toBeLessThan(0.75);
      expect(small.noiseStd).toBeGreaterThan(0.04);
      expect(small.noiseStd).toBeLessThan(0.2);
      expect(large.significant).toBe(true);
      expect(large.basedOn).toBe(30);
    }
  });

  it('picks a trial at least as good as the luckiest observation, summed over seeds', async () => {
    let modelRegret = 0;
    let observedRegret = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const noise = createRng(seed, 98);
      const tuner = bayesian(seed);
      const truths = await run(tuner, 30, (truth) => truth + 0.5 * noise.normal());
      const found = tuner.recommendation()!;
      modelRegret += truths.get(found.trialId)!;
      observedRegret += truths.get(tuner.best()!.id)!;
      // The estimate is the trial's true value up to the noise, not the lucky draw that made it look best.
      expect(Math.abs(found.estimate - truths.get(found.trialId)!)).toBeLessThan(3 * found.noiseStd);
      await tuner.close();
    }
    expect(modelRegret).toBeLessThan(observedRegret);
  });

  it('finds a deterministic objective noise-free, so the best observed trial stays the best', async () => {
    const tuner = bayesian(4);
    await run(tuner, 30, (truth) => truth);
    const found = tuner.recommendation()!;
    expect(found.significant).toBe(false);
    expect(found.noiseRatio).toBeLessThan(0.03);
    await tuner.close();
  });

  it('reports estimates in the objective’s units when maximising', async () => {
    const noise = createRng(5, 97);
    const tuner = bayesian(5, { objective: { metric: 'loss', type: 'Maximize' } });
    const truths = await run(tuner, 30, (truth) => -truth + 0.3 * noise.normal());
    const found = tuner.recommendation()!;
    expect(found.significant).toBe(true);
    expect(Math.abs(found.estimate + truths.get(found.trialId)!)).toBeLessThan(3 * found.noiseStd);
    await tuner.close();
  });

  it('never recommends a stopped trial, and has nothing to say before the design is done or without a model', async () => {
    const tuner = bayesian(6);
    expect(tuner.recommendation()).toBeUndefined();
    const noise = createRng(6, 96);
    let stoppedId = 0;
    for (let i = 0; i < 20; i++) {
      const [trial] = await tuner.ask(1);
      const value = testObjective(trial!.params) + 0.3 * noise.normal();
      // The first trial is stopped with a value far better than any: a partial curve, not a result.
      if (i === 0) {
        stoppedId = trial!.id;
        tuner.tell(trial!.id, { status: 'Stopped', reason: 'early-stopping', objective: -100 });
      } else tuner.tell(trial!.id, { status: 'Completed', objective: value });
    }
    expect(tuner.recommendation()?.trialId).not.toBe(stoppedId);
    await tuner.close();
    const random = createTuner(testSpec({ strategy: 'Random', limits: { maxTrials: 40, maxParallel: 1 } }));
    await run(random, 10, (truth) => truth);
    expect(random.recommendation()).toBeUndefined();
  });

  it('never changes what the tuner suggests next', async () => {
    const asked = async (recommendEachTime: boolean) => {
      const noise = createRng(7, 95);
      const tuner = bayesian(7);
      const out: unknown[] = [];
      await run(
        tuner,
        20,
        (truth) => truth + 0.3 * noise.normal(),
        () => recommendEachTime && tuner.recommendation(),
      );
      for (const trial of tuner.trials()) out.push(trial.params);
      await tuner.close();
      return out;
    };
    expect(await asked(true)).toEqual(await asked(false));
  });
});
