import { describe, expect, it } from 'vitest';
import { buildGaussianProcessModel } from '../gp/model.ts';
import { createRng } from '../rng.ts';
import { residualNoiseStd } from './bayesian.ts';

describe('residualNoiseStd', () => {
  it('finds the noise of a smooth function, with the trace exact or estimated by random probes alike', () => {
    const rng = createRng(5);
    const n = 240;
    const inputs = Float64Array.from({ length: 2 * n }, () => rng.nextFloat());
    const values = Array.from(
      { length: n },
      (_, i) => Math.sin(4 * inputs[2 * i]!) + inputs[2 * i + 1]! + 0.2 * rng.normal(),
    );
    const model = buildGaussianProcessModel(
      inputs,
      values,
      { lengthScales: Float64Array.of(0.4, 0.8), signalVariance: 1, noiseVariance: 0.04 / 0.5 },
      { dimension: 2 },
    );
    const means = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const y = (values[i]! - model.targetMean) / model.targetScale;
      means[i] = y - model.hyperparameters.noiseVariance * model.alpha[i]!;
    }
    const observations = values.map((value, i) => ({ unit: inputs.subarray(2 * i, 2 * i + 2), value }));
    // No output transform here: the model's standardised units map linearly back.
    const toValue = (t: number) => t;
    const exact = residualNoiseStd(model, means, observations, toValue, 1);
    const probed = residualNoiseStd(model, means, observations, toValue, 1, 0);
    expect(exact).toBeGreaterThan(0.15);
    expect(exact).toBeLessThan(0.25);
    expect(Math.abs(probed - exact) / exact).toBeLessThan(0.1);
  });
});
