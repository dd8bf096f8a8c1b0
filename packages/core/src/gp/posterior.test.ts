import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import reference from './fixtures/gp-matern52-d3-n12.json' with { type: 'json' };
import { buildGaussianProcessModel } from './model.ts';
import {
  posterior,
  posteriorWithGradient,
  posteriorWithGradientLanes,
  posteriorWithVarianceBound,
} from './posterior.ts';

// scikit-learn's GaussianProcessRegressor adds alpha = 1e-10 to the training covariance's diagonal on top of
// the WhiteKernel: it is part of the reference model's noise on the training points.
const SKLEARN_ALPHA = 1e-10;

function referenceModel() {
  const { kernel, train } = reference;
  return buildGaussianProcessModel(
    train.X.flat(),
    train.y,
    {
      lengthScales: Float64Array.from(kernel.lengthscales),
      signalVariance: kernel.signalVariance,
      noiseVariance: kernel.noiseVariance + SKLEARN_ALPHA,
    },
    { dimension: 3, targetMean: 0, targetScale: 1 },
  );
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('posterior', () => {
  it('matches scikit-learn’s posterior mean and predictive standard deviation to 1e-8 relative', () => {
    const model = referenceModel();
    const points = Float64Array.from(reference.test.X.flat());
    const m = reference.test.X.length;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    posterior(model, points, mean, variance);
    for (let p = 0; p < m; p++) {
      expect(relativeError(mean[p]!, reference.test.mean[p]!)).toBeLessThan(1e-8);
      // The reference's standard deviation includes the observation noise (WhiteKernel at test points).
      const predictive = Math.sqrt(variance[p]! + reference.kernel.noiseVariance);
      expect(relativeError(predictive, reference.test.std[p]!)).toBeLessThan(1e-8);
    }
  });

  it('returns the same mean and variance from posteriorWithGradient as from posterior', () => {
    const model = referenceModel();
    const point = Float64Array.from(reference.test.X[1]!);
    const mean = new Float64Array(1);
    const variance = new Float64Array(1);
    posterior(model, point, mean, variance);
    const single = posteriorWithGradient(model, point, new Float64Array(3), new Float64Array(3));
    expect(single.mean).toBeCloseTo(mean[0]!, 12);
    expect(single.variance).toBeCloseTo(variance[0]!, 12);
  });

  it('gives gradients of mean and variance that agree with central finite differences', () => {
    const model = buildGaussianProcessModel(
      [0.1, 0.2, 0.9, 0.4, 0.5, 0.5, 0.3, 0.8, 0.7, 0.7, 0.2, 0.1],
      [1.5, -0.3, 0.8, 2.0],
      { lengthScales: Float64Array.of(0.3, 0.6, 0.45), signalVariance: 1.3, noiseVariance: 1e-4 },
      { dimension: 3 },
    );
    const meanGradient = new Float64Array(3);
    const varianceGradient = new Float64Array(3);
    const point = [0.35, 0.45, 0.6];
    posteriorWithGradient(model, point, meanGradient, varianceGradient);
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const up = point.slice();
      const down = point.slice();
      up[j] = up[j]! + h;
      down[j] = down[j]! - h;
      const scratch = new Float64Array(3);
      const plus = posteriorWithGradient(model, up, scratch, scratch);
      const minus = posteriorWithGradient(model, down, scratch, scratch);
      expect(meanGradient[j]).toBeCloseTo((plus.mean - minus.mean) / (2 * h), 6);
      expect(varianceGradient[j]).toBeCloseTo((plus.variance - minus.variance) / (2 * h), 6);
    }
  });

  it('gives zero gradient along a categorical dimension and treats equal categories as identical', () => {
    const model = buildGaussianProcessModel(
      [0.2, 0.25, 0.7, 0.75],
      [1, -1],
      { lengthScales: Float64Array.of(0.3, 0.5), signalVariance: 1, noiseVariance: 1e-6 },
      { dimension: 2, categoricalMask: [0, 1] },
    );
    const meanGradient = new Float64Array(2);
    const varianceGradient = new Float64Array(2);
    const atTraining = posteriorWithGradient(model, [0.2, 0.25], meanGradient, varianceGradient);
    expect(meanGradient[1]).toBe(0);
    expect(varianceGradient[1]).toBe(0);
    expect(atTraining.variance).toBeLessThan(1e-5);
    // Another category at the same continuous coordinate is not close to the training point.
    const otherCategory = posteriorWithGradient(model, [0.2, 0.75], meanGradient, varianceGradient);
    expect(otherCategory.variance).toBeGreaterThan(0.1);
  });

  it('gives bit-identical results however a candidate set is split into chunks (pool determinism)', () => {
    const model = referenceModel();
    const count = 11;
    const points = Float64Array.from({ length: count * 3 }, (_, i) => (i * 0.618034) % 1);
    const mean = new Float64Array(count);
    const variance = new Float64Array(count);
    posterior(model, points, mean, variance);
    for (const [start, end] of [
      [0, 3],
      [3, 10],
      [10, 11],
      [5, 6],
    ] as const) {
      const chunkMean = new Float64Array(end - start);
      const chunkVariance = new Float64Array(end - start);
      posterior(model, points.subarray(start * 3, end * 3), chunkMean, chunkVariance);
      expect(Array.from(chunkMean)).toEqual(Array.from(mean.subarray(start, end)));
      expect(Array.from(chunkVariance)).toEqual(Array.from(variance.subarray(start, end)));
    }
  });

  test.prop([fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: 3, maxLength: 3 })])(
    'posterior variance is never negative and never above the signal variance',
    (point) => {
      const model = referenceModel();
      const mean = new Float64Array(1);
      const variance = new Float64Array(1);
      posterior(model, Float64Array.from(point), mean, variance);
      expect(Number.isFinite(mean[0])).toBe(true);
      expect(variance[0]).toBeGreaterThanOrEqual(0);
      expect(variance[0]).toBeLessThanOrEqual(reference.kernel.signalVariance + 1e-12);
    },
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 12 }),
      fc.boolean(),
      fc.boolean(),
    ],
    { numRuns: 60 },
  )(
    'bounds the variance from above and gives the same mean, bit for bit (any model, duplicates, categories)',
    (seed, n, neighbours, categorical, duplicates) => {
      let state = seed;
      const next = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      const d = 3;
      const inputs = Float64Array.from({ length: n * d }, next);
      if (categorical) for (let i = 0; i < n; i++) inputs[i * d + 2] = (Math.floor(next() * 3) + 0.5) / 3;
      // Near-duplicate observations make the covariance nearly singular: the hard case for rounding.
      if (duplicates && n > 1) for (let j = 0; j < d; j++) inputs[d + j] = inputs[j]! + 1e-9;
      const targets = Array.from({ length: n }, next);
      const model = buildGaussianProcessModel(
        inputs,
        targets,
        {
          lengthScales: Float64Array.of(0.05 + next(), 0.05 + next(), 0.05 + next()),
          signalVariance: 0.5 + next(),
          noiseVariance: 1e-6,
          priorNoiseVariance: 0.3,
        },
        { dimension: d, categoricalMask: categorical ? [0, 0, 1] : [0, 0, 0], priorCount: n >> 2 },
      );
      const m = 25;
      const points = Float64Array.from({ length: m * d }, next);
      // Some points on the observations themselves, where the variance is near its floor.
      points.set(inputs.subarray(0, Math.min(n, 3) * d));
      const mean = new Float64Array(m);
      const variance = new Float64Array(m);
      const boundMean = new Float64Array(m);
      const bound = new Float64Array(m);
      posterior(model, points, mean, variance);
      posteriorWithVarianceBound(model, points, neighbours, boundMean, bound);
      expect(Array.from(boundMean)).toEqual(Array.from(mean));
      for (let p = 0; p < m; p++) {
        // Rounding only: far below the slack scoreCandidates adds (1e-6 of the signal variance).
        expect(bound[p]!).toBeGreaterThanOrEqual(variance[p]! - 1e-9 * model.hyperparameters.signalVariance);
      }
    },
  );

  it('gives the exact variance when the subset is every observation, and a looser bound with fewer', () => {
    const model = referenceModel();
    const points = Float64Array.from({ length: 10 * 3 }, (_, i) => (i * 0.618034) % 1);
    const mean = new Float64Array(10);
    const variance = new Float64Array(10);
    posterior(model, points, mean, variance);
    const all = new Float64Array(10);
    const one = new Float64Array(10);
    posteriorWithVarianceBound(model, points, model.count, new Float64Array(10), all);
    posteriorWithVarianceBound(model, points, 1, new Float64Array(10), one);
    for (let p = 0; p < 10; p++) {
      expect(all[p]).toBeCloseTo(variance[p]!, 10);
      expect(one[p]!).toBeGreaterThanOrEqual(all[p]! - 1e-12);
    }
    expect(one.some((value, p) => value > all[p]! + 1e-3)).toBe(true);
  });

  it('gives posteriorWithGradient’s results bit for bit in each of one to four lanes, categorical too', () => {
    let state = 99;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (const categorical of [false, true]) {
      const d = 3;
      const n = 37;
      const inputs = Float64Array.from({ length: n * d }, next);
      if (categorical) for (let i = 0; i < n; i++) inputs[i * d + 1] = (Math.floor(next() * 3) + 0.5) / 3;
      const model = buildGaussianProcessModel(
        inputs,
        Array.from({ length: n }, next),
        { lengthScales: Float64Array.of(0.2, 0.5, 0.3), signalVariance: 1.2, noiseVariance: 1e-6 },
        { dimension: d, categoricalMask: categorical ? [0, 1, 0] : [0, 0, 0] },
      );
      for (let width = 1; width <= 4; width++) {
        const points = Float64Array.from({ length: width * d }, next);
        // One lane on an observation, where the variance is clamped at 0.
        points.set(inputs.subarray(0, d));
        const mean = new Float64Array(4);
        const variance = new Float64Array(4);
        const meanGrad = new Float64Array(4 * d);
        const varGrad = new Float64Array(4 * d);
        posteriorWithGradientLanes(model, points, mean, variance, meanGrad, varGrad);
        for (let lane = 0; lane < width; lane++) {
          const singleMeanGrad = new Float64Array(d);
          const singleVarGrad = new Float64Array(d);
          const single = posteriorWithGradient(
            model,
            points.subarray(lane * d, (lane + 1) * d),
            singleMeanGrad,
            singleVarGrad,
          );
          expect(mean[lane]).toBe(single.mean);
          expect(variance[lane]).toBe(single.variance);
          expect(Array.from(meanGrad.subarray(lane * d, (lane + 1) * d))).toEqual(Array.from(singleMeanGrad));
          expect(Array.from(varGrad.subarray(lane * d, (lane + 1) * d))).toEqual(Array.from(singleVarGrad));
        }
      }
    }
  });
});
