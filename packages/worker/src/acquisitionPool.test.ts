import { buildGaussianProcessModel, createLocalEvaluator } from '@tunekit/core/acquisition';
import { afterAll, describe, expect, it } from 'vitest';
import { createAcquisitionPool } from './acquisitionPool.ts';

// A 3-d model on 30 pseudo-random points (a fixed linear congruential sequence, no library randomness needed).
const dimension = 3;
const count = 30;
const inputs = new Float64Array(count * dimension);
let state = 12345;
for (let i = 0; i < inputs.length; i++) {
  state = (state * 1103515245 + 12345) % 2147483648;
  inputs[i] = state / 2147483648;
}
const targets = new Float64Array(count);
for (let i = 0; i < count; i++) {
  targets[i] = (inputs[3 * i]! - 0.3) ** 2 + Math.sin(5 * inputs[3 * i + 1]!) + inputs[3 * i + 2]!;
}
const model = buildGaussianProcessModel(
  inputs,
  targets,
  { lengthScales: Float64Array.from([0.4, 0.3, 0.8]), signalVariance: 1, noiseVariance: 1e-4 },
  { dimension },
);
const incumbent = Math.min(...targets.map((y) => (y - model.targetMean) / model.targetScale));
const candidates = new Float64Array(1500 * dimension);
for (let i = 0; i < candidates.length; i++) candidates[i] = ((i * 0.6180339887498949) % 1) * 0.999;

const pool = createAcquisitionPool({ threads: 2 });
afterAll(() => pool.close());

describe('createAcquisitionPool', () => {
  it('scores candidates exactly as the local evaluator, and leaves the caller its buffers', async () => {
    const local = await createLocalEvaluator().score({ model, incumbent, candidates });
    const pooled = await pool.score({ model, incumbent, candidates });
    expect(pooled).toEqual(local);
    expect(model.choleskyFactor.length).toBe(count * count);
    expect(candidates.length).toBe(1500 * dimension);
  });

  it('gives the same best scores as the local evaluator when a job wants only its top, however it is split', async () => {
    // Enough observations that each thread screens its chunk by variance bounds before scoring exactly.
    const n = 160;
    const xs = Float64Array.from({ length: n * dimension }, (_, i) => ((i * 0.7548776662) % 1) * 0.98);
    const ys = Array.from(
      { length: n },
      (_, i) => Math.sin(4 * xs[3 * i]!) + xs[3 * i + 1]! * xs[3 * i + 2]!,
    );
    const big = buildGaussianProcessModel(
      xs,
      ys,
      { lengthScales: Float64Array.from([0.3, 0.5, 0.6]), signalVariance: 1, noiseVariance: 1e-6 },
      { dimension },
    );
    const best = Math.min(...ys.map((y) => (y - big.targetMean) / big.targetScale));
    const job = { model: big, incumbent: best, candidates, top: 100 };
    const local = await createLocalEvaluator().score(job);
    const pooled = await pool.score(job);
    expect(Array.from(pooled)).toEqual(Array.from(local));
    expect(pooled.filter((score) => score > Number.NEGATIVE_INFINITY).length).toBe(100);
  });

  it('refines starts exactly as the local evaluator', async () => {
    const job = {
      model,
      incumbent,
      starts: candidates.slice(0, 5 * dimension),
      lower: new Float64Array(dimension),
      upper: new Float64Array(dimension).fill(1),
      maxIterations: 30,
    };
    const local = await createLocalEvaluator().refine(job);
    const pooled = await pool.refine(job);
    expect(pooled.points).toEqual(local.points);
    expect(pooled.values).toEqual(local.values);
  });

  it('answers a ping once its threads have loaded the task script', async () => {
    await expect(pool.ready()).resolves.toBeUndefined();
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => createAcquisitionPool({ threads: 0 })).toThrow(/threads must be a positive integer/);
  });
});
