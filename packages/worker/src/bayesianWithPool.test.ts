import { createBayesianStrategy, createSearchSpace, type Observation } from '@tunekit/core';
import type { AcquisitionEvaluator } from '@tunekit/core/acquisition';
import { afterAll, describe, expect, it } from 'vitest';
import { createAcquisitionPool } from './acquisitionPool.ts';

const space = createSearchSpace([
  { type: 'continuous', name: 'x', min: -2, max: 2, scaling: 'Linear' },
  { type: 'continuous', name: 'lr', min: 1e-5, max: 1, scaling: 'Auto' },
  { type: 'integer', name: 'layers', min: 1, max: 8, scaling: 'Linear' },
  { type: 'categorical', name: 'act', values: ['relu', 'tanh'] },
]);

function objective(unit: Float64Array): number {
  const values = space.fromUnit(unit);
  const x = Number(values.x);
  return (
    (x - 0.5) ** 2 +
    (Math.log10(Number(values.lr)) + 3) ** 2 / 4 +
    0.1 * (Number(values.layers) - 3) ** 2 +
    (values.act === 'tanh' ? 0 : 0.3)
  );
}

// One pool for the whole file, as a job has one: created once, closed at the end.
const pool = createAcquisitionPool({ threads: 2 });
afterAll(() => pool.close());

/** The pool, counting the jobs it receives (so the comparison cannot pass with the pool unused). */
const calls = { score: 0, refine: 0 };
const countedPool: AcquisitionEvaluator = {
  score: (job) => {
    calls.score += 1;
    return pool.score(job);
  },
  refine: (job) => {
    calls.refine += 1;
    return pool.refine(job);
  },
  close: () => pool.close(),
};

/** 14 sequential suggestions (5 from the Sobol design, then 9 from the model), then a pending-aware batch of 3. */
async function suggestions(evaluator?: AcquisitionEvaluator): Promise<number[][]> {
  const strategy = createBayesianStrategy({ space, seed: 21, ...(evaluator ? { evaluator } : {}) });
  const observations: Observation[] = [];
  const out: number[][] = [];
  for (let k = 0; k < 14; k++) {
    const [suggestion] = await strategy.suggest({
      count: 1,
      startIndex: k,
      observations,
      pending: [],
      failed: [],
    });
    out.push(Array.from(suggestion!.unit));
    observations.push({ unit: suggestion!.unit, value: objective(suggestion!.unit) });
  }
  // A trial still running at a point nobody has observed yet.
  const running = space.snapUnit(Float64Array.from([0.6, 0.4, 0.3, 0.75]));
  const batch = await strategy.suggest({
    count: 3,
    startIndex: 15,
    observations,
    pending: [running],
    failed: [],
  });
  return [...out, ...batch.map((s) => Array.from(s.unit))];
}
const runningKey = space.key(space.fromUnit(space.snapUnit(Float64Array.from([0.6, 0.4, 0.3, 0.75]))));

describe('the Bayesian strategy with the acquisition pool', () => {
  it('makes exactly the suggestions it makes with the local evaluator for the same seed', async () => {
    const local = await suggestions();
    const pooled = await suggestions(countedPool);
    expect(calls.score).toBeGreaterThanOrEqual(9);
    expect(calls.refine).toBeGreaterThanOrEqual(9);
    expect(pooled).toHaveLength(17);
    expect(pooled).toEqual(local);
    // The batch is spread out: three distinct configurations, none the running one.
    const keys = pooled.slice(14).map((unit) => space.key(space.fromUnit(Float64Array.from(unit))));
    expect(new Set(keys).size).toBe(3);
    expect(keys).not.toContain(runningKey);
  }, 120_000);

  it('is closed by the strategy that used it; closing again is harmless and later work is refused', async () => {
    const own = createAcquisitionPool({ threads: 1 });
    const strategy = createBayesianStrategy({ space, seed: 3, evaluator: own });
    await own.ready();
    await strategy.close?.();
    await expect(own.close()).resolves.toBeUndefined();
    await expect(own.ready()).rejects.toThrow(/acquisition pool is closed/);
  });
});
