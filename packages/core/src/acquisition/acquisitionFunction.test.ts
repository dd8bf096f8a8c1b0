import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildGaussianProcessModel } from '../gp/model.ts';
import { posterior } from '../gp/posterior.ts';
import {
  keepTopScores,
  MINIMUM_VARIANCE,
  refineCandidates,
  SCREEN_FROM_OBSERVATIONS,
  scoreCandidates,
} from './acquisitionFunction.ts';
import { createLocalEvaluator } from './localEvaluator.ts';
import { logExpectedImprovementValue } from './logEi.ts';

// A 2-d model: one continuous dimension, one categorical with 3 cells (centres 1/6, 1/2, 5/6).
const inputs = Float64Array.from([0.1, 1 / 6, 0.4, 0.5, 0.7, 5 / 6, 0.9, 1 / 6, 0.3, 0.5]);
const targets = Float64Array.from([1.2, 0.3, 0.8, 1.5, 0.1]);
const model = buildGaussianProcessModel(
  inputs,
  targets,
  { lengthScales: Float64Array.from([0.3, 1]), signalVariance: 1, noiseVariance: 1e-4 },
  { dimension: 2, categoricalMask: [0, 1] },
);
const incumbent = (0.1 - model.targetMean) / model.targetScale;

/** A small linear congruential generator in [0, 1): fixed test data from a seed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('scoreCandidates', () => {
  it('scores each candidate by log EI of its posterior, finite even at an observed point', () => {
    const candidates = Float64Array.from([0.25, 0.5, 0.3, 0.5, 0.95, 5 / 6]);
    const scores = scoreCandidates({ model, incumbent, candidates });
    const means = new Float64Array(3);
    const variances = new Float64Array(3);
    posterior(model, candidates, means, variances);
    for (let i = 0; i < 3; i++) {
      const std = Math.sqrt(Math.max(variances[i]!, MINIMUM_VARIANCE));
      expect(scores[i]).toBeCloseTo(logExpectedImprovementValue(means[i]!, std, incumbent), 12);
      expect(Number.isFinite(scores[i])).toBe(true);
    }
  });
  test.prop(
    [
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.constantFrom(1, 8, 64, 300),
      fc.boolean(),
      fc.constantFrom(30, SCREEN_FROM_OBSERVATIONS + 40),
    ],
    { numRuns: 16 },
  )(
    'with top, gives exactly the best scores of a full scoring, in place, and -Infinity elsewhere',
    (seed, top, categorical, n) => {
      const next = lcg(seed);
      // In 4-D (one categorical coordinate), with few observations (log EI screened by its bound on the exact
      // posterior) and enough that the variance is screened by its bound too.
      const d = 4;
      const xs = Float64Array.from({ length: n * d }, next);
      if (categorical) for (let i = 0; i < n; i++) xs[i * d + 3] = (Math.floor(next() * 4) + 0.5) / 4;
      const ys = Array.from({ length: n }, (_, i) => {
        const x = xs.subarray(i * d, (i + 1) * d);
        return (x[0]! - 0.3) ** 2 + Math.sin(6 * x[1]!) + x[2]! * x[3]!;
      });
      const big = buildGaussianProcessModel(
        xs,
        ys,
        {
          lengthScales: Float64Array.of(0.2, 0.3, 0.5, 0.8),
          signalVariance: 1,
          noiseVariance: 1e-6,
        },
        { dimension: d, categoricalMask: categorical ? [0, 0, 0, 1] : [0, 0, 0, 0] },
      );
      const best = Math.min(...ys);
      const standardised = (best - big.targetMean) / big.targetScale;
      const candidates = Float64Array.from({ length: 1000 * d }, next);
      const full = scoreCandidates({ model: big, incumbent: standardised, candidates });
      const screened = scoreCandidates({ model: big, incumbent: standardised, candidates, top });
      expect(Array.from(screened)).toEqual(Array.from(keepTopScores(full.slice(), top)));
      expect(screened.filter((score) => score > Number.NEGATIVE_INFINITY).length).toBe(top);
    },
  );

  it('keeps the best scores where they are, ties by position, NaN last', () => {
    const scores = Float64Array.of(1, Number.NaN, 3, 3, -2, 0);
    expect(Array.from(keepTopScores(scores.slice(), 3))).toEqual([
      1,
      Number.NEGATIVE_INFINITY,
      3,
      3,
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(Array.from(keepTopScores(scores.slice(), 6))).toEqual(Array.from(scores));
  });
});

describe('refineCandidates', () => {
  it('never lowers the score, stays within the bounds and keeps categorical coordinates fixed', async () => {
    const starts = Float64Array.from([0.2, 1 / 6, 0.6, 0.5, 0.05, 5 / 6]);
    const lower = Float64Array.from([0, 0]);
    const upper = Float64Array.from([0.8, 1]);
    const before = scoreCandidates({ model, incumbent, candidates: starts });
    const result = await createLocalEvaluator().refine({
      model,
      incumbent,
      starts,
      lower,
      upper,
      maxIterations: 50,
    });
    const after = scoreCandidates({ model, incumbent, candidates: result.points });
    for (let s = 0; s < 3; s++) {
      expect(result.values[s]).toBeGreaterThanOrEqual(before[s]!);
      expect(result.values[s]).toBeCloseTo(after[s]!, 10);
      expect(result.points[2 * s + 1]).toBe(starts[2 * s + 1]);
      expect(result.points[2 * s]).toBeGreaterThanOrEqual(0);
      expect(result.points[2 * s]).toBeLessThanOrEqual(0.8);
    }
    // The start far from the others moves to a strictly better point.
    expect(result.values[0]).toBeGreaterThan(before[0]! + 1e-6);
  });

  it.each([
    [0.1, 30],
    [0.05, 20],
  ])(
    'converges within the Bayesian strategy budget of 100 iterations in 30-D, length scales %f and %f',
    (short, long) => {
      // hartmann6_in_30's shape: 6 coordinates that matter (short length scales), 24 that do not (long ones), 100
      // observations, the last 70 closing in on the optimum as a Bayesian run's do. Unscaled, L-BFGS on such a
      // model ended runs at the budget up to 0.3 below the maximum of log EI.
      const d = 30;
      const n = 100;
      const next = lcg(12345);
      const xs = Float64Array.from({ length: n * d }, next);
      for (let i = 30; i < n; i++) {
        for (let j = 0; j < d; j++) {
          const spread = j < 6 ? 0.6 * 0.96 ** i : 0.3;
          xs[i * d + j] = Math.min(1, Math.max(0, (j < 6 ? 0.3 : 0.6) + (next() - 0.5) * spread));
        }
      }
      const ys = Array.from({ length: n }, (_, i) => {
        let value = 0;
        for (let j = 0; j < 6; j++) value += (j + 1) * (xs[i * d + j]! - 0.3) ** 2;
        return value + 0.01 * xs[i * d + 20]!;
      });
      const lengthScales = Float64Array.from({ length: d }, (_, j) =>
        j < 6 ? short * (1 + 0.25 * j) : long,
      );
      const wide = buildGaussianProcessModel(
        xs,
        Float64Array.from(ys),
        { lengthScales, signalVariance: 1, noiseVariance: 1e-6 },
        { dimension: d },
      );
      const bestIndex = ys.indexOf(Math.min(...ys));
      const starts = new Float64Array(8 * d);
      for (let s = 0; s < 8; s++) {
        for (let j = 0; j < d; j++) {
          starts[s * d + j] = Math.min(1, Math.max(0, xs[bestIndex * d + j]! + 0.1 * (next() - 0.5)));
        }
      }
      const job = {
        model: wide,
        incumbent: (Math.min(...ys) - wide.targetMean) / wide.targetScale,
        starts,
        lower: new Float64Array(d),
        upper: new Float64Array(d).fill(1),
      };
      const budget = refineCandidates({ ...job, maxIterations: 100 });
      const converged = refineCandidates({ ...job, maxIterations: 5000 });
      for (let s = 0; s < 8; s++) {
        expect(budget.values[s]).toBeGreaterThan(converged.values[s]! - 1e-7);
      }
    },
  );

  it('refines each start as it would alone, however many starts advance together', () => {
    const starts = Float64Array.from([
      0.2,
      1 / 6,
      0.6,
      0.5,
      0.05,
      5 / 6,
      0.45,
      1 / 6,
      0.85,
      0.5,
      0.33,
      5 / 6,
      0.7,
      1 / 6,
    ]);
    const job = {
      model,
      incumbent,
      starts,
      lower: Float64Array.from([0, 0]),
      upper: Float64Array.from([1, 1]),
      maxIterations: 50,
    };
    const together = refineCandidates(job);
    for (let s = 0; s < 7; s++) {
      const alone = refineCandidates({ ...job, starts: starts.slice(2 * s, 2 * s + 2) });
      expect(Array.from(together.points.subarray(2 * s, 2 * s + 2))).toEqual(Array.from(alone.points));
      expect(together.values[s]).toBe(alone.values[0]);
    }
  });
});
