import { describe, expect, it } from 'vitest';
import { createFitObjective } from './fitObjective.ts';
import reference from './fixtures/gp-matern52-d3-n12.json' with { type: 'json' };
import {
  createLikelihoodWorkspace,
  type LikelihoodData,
  logMarginalLikelihood,
} from './marginalLikelihood.ts';
import { MINIMUM_NOISE_VARIANCE } from './priors.ts';

const SKLEARN_ALPHA = 1e-10;

function referenceData(): LikelihoodData {
  return {
    inputs: Float64Array.from(reference.train.X.flat()),
    targets: Float64Array.from(reference.train.y),
    dimension: 3,
    categoricalMask: new Uint8Array(3),
  };
}

function mixedData(): LikelihoodData {
  // 8 points in 3-D, the last dimension categorical with three cells (centres 1/6, 1/2, 5/6), one duplicate.
  const inputs = [
    0.1,
    0.2,
    1 / 6,
    0.8,
    0.3,
    0.5,
    0.45,
    0.9,
    5 / 6,
    0.3,
    0.6,
    1 / 6,
    0.65,
    0.15,
    0.5,
    0.2,
    0.75,
    5 / 6,
    0.9,
    0.9,
    1 / 6,
    0.1,
    0.2,
    1 / 6,
  ];
  const targets = [0.3, -1.2, 0.8, 1.5, -0.4, 0.1, -1.0, 0.35];
  return {
    inputs: Float64Array.from(inputs),
    targets: Float64Array.from(targets),
    dimension: 3,
    categoricalMask: Uint8Array.of(0, 0, 1),
  };
}

describe('logMarginalLikelihood', () => {
  it('matches scikit-learn’s log marginal likelihood on the reference data', () => {
    const data = referenceData();
    const value = logMarginalLikelihood(
      data,
      reference.kernel.lengthscales,
      reference.kernel.signalVariance,
      reference.kernel.noiseVariance + SKLEARN_ALPHA,
      createLikelihoodWorkspace(12),
    );
    expect(
      Math.abs(value - reference.logMarginalLikelihood) / Math.abs(reference.logMarginalLikelihood),
    ).toBeLessThan(1e-10);
  });

  it.each(['optuna', 'dimensionScaled'] as const)(
    'gives the fit objective an analytic gradient that agrees with finite differences (%s prior)',
    (prior) => {
      const data = mixedData();
      const objective = createFitObjective(data, createLikelihoodWorkspace(8), prior);
      const theta = Float64Array.of(
        Math.log(0.4),
        Math.log(1.3),
        Math.log(0.7),
        Math.log(0.9),
        Math.log(3e-3),
      );
      const analytic = Float64Array.from(objective(theta).gradient);
      const h = 1e-5;
      for (let k = 0; k < theta.length; k++) {
        const up = Float64Array.from(theta);
        const down = Float64Array.from(theta);
        up[k] = up[k]! + h;
        down[k] = down[k]! - h;
        const numeric = (objective(up).value - objective(down).value) / (2 * h);
        expect(Math.abs(analytic[k]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    },
  );

  it('gives the prior-noise coordinate of a discounted fit an analytic gradient that agrees with finite differences', () => {
    const data: LikelihoodData = { ...mixedData(), discountMask: Uint8Array.of(1, 1, 1, 0, 0, 0, 0, 0) };
    const objective = createFitObjective(data, createLikelihoodWorkspace(8), 'dimensionScaled');
    const theta = Float64Array.of(
      Math.log(0.4),
      Math.log(1.3),
      Math.log(0.7),
      Math.log(0.9),
      Math.log(3e-3),
      Math.log(0.2),
    );
    const { gradient } = objective(theta);
    expect(gradient.length).toBe(6);
    const analytic = Float64Array.from(gradient);
    const h = 1e-5;
    for (let k = 0; k < theta.length; k++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[k] = up[k]! + h;
      down[k] = down[k]! - h;
      const numeric = (objective(up).value - objective(down).value) / (2 * h);
      expect(Math.abs(analytic[k]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('stays finite with duplicated inputs and the smallest noise', () => {
    const data: LikelihoodData = {
      inputs: Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.2, 0.2),
      targets: Float64Array.of(1, -1, 0),
      dimension: 2,
      categoricalMask: new Uint8Array(2),
    };
    const gradient = { lengthScales: new Float64Array(2), signalVariance: 0, noiseVariance: 0 };
    const value = logMarginalLikelihood(
      data,
      [0.3, 0.3],
      1,
      MINIMUM_NOISE_VARIANCE,
      createLikelihoodWorkspace(3),
      gradient,
    );
    expect(Number.isFinite(value)).toBe(true);
    expect(gradient.lengthScales.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(gradient.noiseVariance)).toBe(true);
  });
});
