import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TunekitError } from '../errors.ts';
import { fitGaussianProcess } from './fit.ts';
import { createFitObjective } from './fitObjective.ts';
import { createLikelihoodWorkspace } from './marginalLikelihood.ts';
import { posterior } from './posterior.ts';
import { MINIMUM_NOISE_VARIANCE } from './priors.ts';
import type { GaussianProcessModel } from './types.ts';

function predict(
  model: GaussianProcessModel,
  points: number[],
): { mean: Float64Array; variance: Float64Array } {
  const m = points.length / model.dimension;
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  posterior(model, Float64Array.from(points), mean, variance);
  // Back to original units.
  for (let p = 0; p < m; p++) {
    mean[p] = mean[p]! * model.targetScale + model.targetMean;
    variance[p] = variance[p]! * model.targetScale ** 2;
  }
  return { mean, variance };
}

function isFiniteModel(model: GaussianProcessModel): boolean {
  return (
    model.choleskyFactor.every(Number.isFinite) &&
    model.alpha.every(Number.isFinite) &&
    model.hyperparameters.lengthScales.every(Number.isFinite) &&
    Number.isFinite(model.hyperparameters.signalVariance) &&
    Number.isFinite(model.hyperparameters.noiseVariance)
  );
}

const sineInputs = Array.from({ length: 12 }, (_, i) => (i + 0.5) / 12);
const sine = (x: number) => Math.sin(2 * Math.PI * x);

describe('fitGaussianProcess', () => {
  it('recovers a 1-D sine: posterior mean within 0.05 of the truth between the observations', () => {
    const model = fitGaussianProcess(sineInputs, sineInputs.map(sine), { dimension: 1, seed: 7 });
    const grid = Array.from({ length: 41 }, (_, i) => 0.05 + (0.9 * i) / 40);
    const { mean, variance } = predict(model, grid);
    grid.forEach((x, p) => {
      expect(Math.abs(mean[p]! - sine(x))).toBeLessThan(0.05);
      expect(variance[p]).toBeLessThan(0.01);
    });
    // A smooth function, almost noiseless: a length scale of the order of the period and little noise.
    expect(model.hyperparameters.lengthScales[0]).toBeGreaterThan(0.1);
    expect(model.hyperparameters.noiseVariance).toBeLessThan(1e-2);
  });

  it('finds hyperparameters with a better objective than the default and the warm start', () => {
    const inputs: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < 20; i++) {
      const x = [(i * 0.618) % 1, (i * 0.382 + 0.1) % 1];
      inputs.push(...x);
      targets.push(Math.sin(6 * x[0]!) + 0.1 * x[1]!);
    }
    const previous = { lengthScales: Float64Array.of(2, 2), signalVariance: 0.5, noiseVariance: 0.1 };
    const model = fitGaussianProcess(inputs, targets, { dimension: 2, seed: 1, previous });
    const standardized = Float64Array.from(targets, (y) => (y - model.targetMean) / model.targetScale);
    const objective = createFitObjective(
      {
        inputs: Float64Array.from(inputs),
        targets: standardized,
        dimension: 2,
        categoricalMask: new Uint8Array(2),
      },
      createLikelihoodWorkspace(20),
      'optuna',
    );
    const encode = (l: number[], s: number, noise: number) =>
      Float64Array.of(...l.map(Math.log), Math.log(s), Math.log(noise - MINIMUM_NOISE_VARIANCE));
    const { lengthScales, signalVariance, noiseVariance } = model.hyperparameters;
    const fitted = objective(encode([...lengthScales], signalVariance, noiseVariance)).value;
    expect(fitted).toBeLessThan(objective(encode([1, 1], 1, 1e-2)).value);
    expect(fitted).toBeLessThan(objective(encode([2, 2], 0.5, 0.1)).value);
    // The objective depends strongly on the first input, weakly on the second: relevance shows in the scales.
    expect(lengthScales[0]!).toBeLessThan(lengthScales[1]!);
  });

  it('discounts a prior that contradicts the own observations, and trusts one that agrees (priorCount)', () => {
    // Own data: f(x) = sin(6x) at 12 points. Prior rows (first): the same function, or its mirror image.
    const own = Array.from({ length: 12 }, (_, i) => (i + 0.5) / 12);
    const prior = Array.from({ length: 10 }, (_, i) => (i + 0.25) / 10);
    const f = (x: number) => Math.sin(6 * x);
    const fitWith = (priorValue: (x: number) => number) =>
      fitGaussianProcess(
        Float64Array.from([...prior, ...own]),
        Float64Array.from([...prior.map(priorValue), ...own.map(f)]),
        { dimension: 1, seed: 3, priorCount: prior.length },
      );
    const agreeing = fitWith(f);
    const contradicting = fitWith((x) => -f(x));
    expect(agreeing.priorCount).toBe(10);
    const trusted = agreeing.hyperparameters.priorNoiseVariance!;
    const discounted = contradicting.hyperparameters.priorNoiseVariance!;
    expect(trusted).toBeLessThan(0.01);
    expect(discounted).toBeGreaterThan(0.5);
    // The discounted model follows the own observations, not the prior, between them.
    const grid = [0.2, 0.5, 0.8];
    const { mean } = predict(contradicting, grid);
    grid.forEach((x, p) => {
      expect(Math.abs(mean[p]! - f(x))).toBeLessThan(0.35);
    });
    // Without priorCount the same data have no prior noise at all.
    const plain = fitGaussianProcess(Float64Array.from(own), Float64Array.from(own.map(f)), {
      dimension: 1,
      seed: 3,
    });
    expect(plain.hyperparameters.priorNoiseVariance).toBeUndefined();
    expect(plain.priorCount).toBeUndefined();
  });

  it('gives the same model for the same data and seed', () => {
    const targets = sineInputs.map((x) => sine(x) + 0.3 * x);
    const first = fitGaussianProcess(sineInputs, targets, { dimension: 1, seed: 42, restarts: 3 });
    const second = fitGaussianProcess(sineInputs, targets, { dimension: 1, seed: 42, restarts: 3 });
    expect(second.hyperparameters).toEqual(first.hyperparameters);
    expect(second.alpha).toEqual(first.alpha);
  });

  it('stays finite with duplicated inputs and with constant targets', () => {
    const duplicated = fitGaussianProcess([0.3, 0.3, 0.3, 0.7, 0.7], [1, 1.2, 0.8, -1, -1], {
      dimension: 1,
      seed: 3,
    });
    expect(isFiniteModel(duplicated)).toBe(true);
    const atDuplicate = predict(duplicated, [0.3]);
    expect(atDuplicate.mean[0]).toBeCloseTo(1, 1);

    const constant = fitGaussianProcess([0.1, 0.4, 0.6, 0.9, 0.9], [5, 5, 5, 5, 5], {
      dimension: 1,
      seed: 3,
    });
    expect(isFiniteModel(constant)).toBe(true);
    const { mean, variance } = predict(constant, [0, 0.25, 0.5, 1]);
    for (let p = 0; p < 4; p++) {
      expect(mean[p]).toBeCloseTo(5, 8);
      expect(Number.isFinite(variance[p])).toBe(true);
    }

    const empty = fitGaussianProcess([], [], { dimension: 2, seed: 3 });
    expect(empty.count).toBe(0);
    const prior = predict(empty, [0.2, 0.7]);
    expect(prior.mean[0]).toBe(0);
    expect(prior.variance[0]).toBe(empty.hyperparameters.signalVariance);

    const single = fitGaussianProcess([0.5, 0.5], [3], { dimension: 2, seed: 3 });
    expect(isFiniteModel(single)).toBe(true);
    expect(predict(single, [0.5, 0.5]).mean[0]).toBeCloseTo(3, 6);
  });

  it('fits objectives of size 1e12 and 1e-12 exactly as at unit scale (standardisation)', () => {
    const targets = sineInputs.map((x) => sine(x) + x);
    const unit = fitGaussianProcess(sineInputs, targets, { dimension: 1, seed: 5 });
    for (const scale of [1e12, 1e-12]) {
      const scaled = fitGaussianProcess(
        sineInputs,
        targets.map((y) => y * scale),
        { dimension: 1, seed: 5 },
      );
      expect(isFiniteModel(scaled)).toBe(true);
      expect(scaled.hyperparameters.lengthScales[0]).toBeCloseTo(unit.hyperparameters.lengthScales[0]!, 4);
      expect(predict(scaled, [0.37]).mean[0]! / scale).toBeCloseTo(predict(unit, [0.37]).mean[0]!, 4);
    }
  });

  it('learns per-category levels on a categorical dimension without ordering them', () => {
    // Category cells of a 3-valued categorical: centres 1/6, 1/2, 5/6. Level depends only on the category.
    const levels = [2, -1, 0.5];
    const inputs: number[] = [];
    const targets: number[] = [];
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 4; i++) {
        const x = (i + 0.5) / 4;
        inputs.push(x, (c + 0.5) / 3);
        targets.push(levels[c]! + 0.1 * x);
      }
    const model = fitGaussianProcess(inputs, targets, { dimension: 2, categoricalMask: [0, 1], seed: 11 });
    const { mean } = predict(model, [0.5, 1 / 6, 0.5, 0.5, 0.5, 5 / 6]);
    for (let c = 0; c < 3; c++) expect(Math.abs(mean[c]! - (levels[c]! + 0.05))).toBeLessThan(0.1);
  });

  it('rejects non-finite targets and mismatched shapes with the offending argument named', () => {
    expect(() => fitGaussianProcess([0.1, 0.2], [1, Number.NaN], { dimension: 1, seed: 0 })).toThrow(
      /targets\[1\]/,
    );
    expect(() => fitGaussianProcess([0.1, 0.2, 0.3], [1, 2], { dimension: 1, seed: 0 })).toThrow(
      TunekitError,
    );
    expect(() =>
      fitGaussianProcess([0.1, 0.2], [1, 2], {
        dimension: 1,
        seed: 0,
        previous: { lengthScales: Float64Array.of(1, 1), signalVariance: 1, noiseVariance: 0.1 },
      }),
    ).toThrow(/previous\.lengthScales/);
  });
  it('fits hyperparameters on a subset when asked and still conditions on every observation', () => {
    const inputs = Array.from({ length: 60 }, (_, i) => (i * 0.618034) % 1);
    const targets = inputs.map((x) => sine(x) + 0.5 * x);
    const model = fitGaussianProcess(inputs, targets, { dimension: 1, seed: 2, maxFitObservations: 15 });
    expect(model.count).toBe(60);
    expect(isFiniteModel(model)).toBe(true);
    const { mean } = predict(model, inputs);
    inputs.forEach((_, i) => {
      expect(Math.abs(mean[i]! - targets[i]!)).toBeLessThan(0.01);
    });
    expect(() =>
      fitGaussianProcess(inputs, targets, { dimension: 1, seed: 2, maxFitObservations: 0 }),
    ).toThrow(/maxFitObservations/);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 8 }).chain((n) =>
        fc.tuple(
          // Coordinates from a coarse grid, so duplicated points are common.
          fc.array(
            fc.integer({ min: 0, max: 3 }).map((k) => k / 3),
            { minLength: 2 * n, maxLength: 2 * n },
          ),
          fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n }),
        ),
      ),
    ],
    { numRuns: 30 },
  )(
    'never produces a NaN, whatever the data (duplicates, outliers, a categorical dimension)',
    ([inputs, targets]) => {
      const model = fitGaussianProcess(inputs, targets, {
        dimension: 2,
        categoricalMask: [0, 1],
        seed: 9,
        restarts: 1,
      });
      expect(isFiniteModel(model)).toBe(true);
      const { mean, variance } = predict(model, [0, 0, 0.5, 1 / 3, 1, 1]);
      for (let p = 0; p < 3; p++) {
        expect(Number.isFinite(mean[p])).toBe(true);
        expect(variance[p]).toBeGreaterThanOrEqual(0);
      }
    },
  );
});
