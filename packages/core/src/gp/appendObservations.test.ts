import { describe, expect, it } from 'vitest';
import { appendObservations, growCholeskyFactor } from './appendObservations.ts';
import { buildGaussianProcessModel } from './model.ts';
import { posterior } from './posterior.ts';

const hyperparameters = { lengthScales: Float64Array.of(0.4, 0.7), signalVariance: 1.2, noiseVariance: 1e-3 };
const inputs = Array.from({ length: 30 }, (_, i) => ((i * 0.618034) % 1) * 0.9 + 0.05);
const targets = Array.from({ length: 15 }, (_, i) => Math.sin(5 * inputs[2 * i]!) + inputs[2 * i + 1]! * 3);

describe('appendObservations', () => {
  it('gives the same model as conditioning on all the data at once', () => {
    const options = { dimension: 2, targetMean: 0.7, targetScale: 1.3 };
    const all = buildGaussianProcessModel(inputs, targets, hyperparameters, options);
    const first = buildGaussianProcessModel(
      inputs.slice(0, 20),
      targets.slice(0, 10),
      hyperparameters,
      options,
    );
    const extended = appendObservations(first, inputs.slice(20), targets.slice(10));
    expect(extended.count).toBe(15);
    for (let i = 0; i < all.choleskyFactor.length; i++) {
      expect(extended.choleskyFactor[i]).toBeCloseTo(all.choleskyFactor[i]!, 10);
    }
    for (let i = 0; i < 15; i++) expect(extended.alpha[i]).toBeCloseTo(all.alpha[i]!, 8);
    const points = Float64Array.of(0.3, 0.3, 0.8, 0.1);
    const [meanAll, varianceAll, meanExtended, varianceExtended] = [0, 1, 2, 3].map(
      () => new Float64Array(2),
    );
    posterior(all, points, meanAll!, varianceAll!);
    posterior(extended, points, meanExtended!, varianceExtended!);
    for (let p = 0; p < 2; p++) {
      expect(meanExtended![p]).toBeCloseTo(meanAll![p]!, 9);
      expect(varianceExtended![p]).toBeCloseTo(varianceAll![p]!, 9);
    }
  });

  it('stays finite when a pending point duplicates an observation (kriging believer)', () => {
    const base = buildGaussianProcessModel(
      inputs.slice(0, 10),
      targets.slice(0, 5),
      { ...hyperparameters, noiseVariance: 0 },
      { dimension: 2 },
    );
    const extended = appendObservations(base, inputs.slice(0, 4), [targets[0]!, targets[1]!]);
    expect(extended.choleskyFactor.every(Number.isFinite)).toBe(true);
    expect(extended.alpha.every(Number.isFinite)).toBe(true);
    const mean = new Float64Array(1);
    const variance = new Float64Array(1);
    posterior(extended, Float64Array.from(inputs.slice(0, 2)), mean, variance);
    expect(Number.isFinite(mean[0])).toBe(true);
    expect(variance[0]).toBeGreaterThanOrEqual(0);
  });

  it('rejects a mismatched shape', () => {
    const base = buildGaussianProcessModel(inputs.slice(0, 4), targets.slice(0, 2), hyperparameters, {
      dimension: 2,
    });
    expect(() => appendObservations(base, [0.1, 0.2, 0.3], [1])).toThrow(/2 numbers/);
  });

  it('grows a factor by several rows in one call or in steps from an earlier growth, with the same bits', () => {
    const base = buildGaussianProcessModel(inputs.slice(0, 12), targets.slice(0, 6), hyperparameters, {
      dimension: 2,
    });
    const rows = inputs.slice(12);
    const once = growCholeskyFactor(base, rows);
    const twoRows = growCholeskyFactor(base, rows.slice(0, 4));
    const fiveRows = growCholeskyFactor(base, rows.slice(0, 10), twoRows);
    const stepwise = growCholeskyFactor(base, rows, fiveRows);
    expect(Array.from(stepwise.factor)).toEqual(Array.from(once.factor));
    expect(Array.from(stepwise.inputs)).toEqual(Array.from(once.inputs));
    expect(() => growCholeskyFactor(base, rows.slice(0, 2), fiveRows)).toThrow(/from must be/);
  });
});
