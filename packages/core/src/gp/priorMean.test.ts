import { describe, expect, it } from 'vitest';
import { fitGaussianProcess } from './fit.ts';
import { buildGaussianProcessModel, standardizeTargets } from './model.ts';
import { posterior } from './posterior.ts';

describe('the constant prior mean', () => {
  const targets = [3, -1, 0.5, 7, 2];

  it('centres on the average by default and on the largest target with priorMean maximum', () => {
    const average = standardizeTargets(targets);
    const maximum = standardizeTargets(targets, 'maximum');
    expect(average.targetMean).toBeCloseTo(2.3, 12);
    expect(maximum.targetMean).toBe(7);
    // The scale stays the standard deviation about the mean.
    expect(maximum.targetScale).toBe(average.targetScale);
    // Constant targets still give a finite, positive scale.
    expect(standardizeTargets([5, 5, 5], 'maximum')).toEqual({ targetMean: 5, targetScale: 5 });
  });

  it('is where the posterior mean returns far from the data, for a built and for a fitted model', () => {
    const inputs = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
    const hyperparameters = { lengthScales: Float64Array.of(0.05), signalVariance: 1, noiseVariance: 1e-6 };
    const far = Float64Array.of(0.95);
    const mean = new Float64Array(1);
    const variance = new Float64Array(1);
    for (const [priorMean, expected] of [
      ['average', 2.3],
      ['maximum', 7],
    ] as const) {
      const model = buildGaussianProcessModel(inputs, targets, hyperparameters, { dimension: 1, priorMean });
      posterior(model, far, mean, variance);
      expect(mean[0]! * model.targetScale + model.targetMean).toBeCloseTo(expected, 4);
    }
    const fitted = fitGaussianProcess(inputs, targets, { dimension: 1, seed: 1, priorMean: 'maximum' });
    expect(fitted.targetMean).toBe(7);
    // The data are still interpolated.
    posterior(fitted, Float64Array.of(0.4), mean, variance);
    expect(mean[0]! * fitted.targetScale + fitted.targetMean).toBeCloseTo(7, 1);
  });
});
