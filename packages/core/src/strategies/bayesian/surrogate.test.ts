import { describe, expect, it } from 'vitest';
import { buildGaussianProcessModel } from '../../gp/model.ts';
import { posterior } from '../../gp/posterior.ts';
import { createSobolSequence } from '../../sobol/sobolSequence.ts';
import type { Parameter } from '../../space/types.ts';
import { logWarpCandidate, unwarpPoints, warpPoints } from './inputWarping.ts';
import { createSurrogateFitter } from './surrogate.ts';

const parameters: Parameter[] = [
  { type: 'continuous', name: 'lr', min: 1e-6, max: 1, scaling: 'Auto' },
  { type: 'continuous', name: 'width', min: 1, max: 1000, scaling: 'Auto' },
];
const warpCandidates = parameters.map(logWarpCandidate);

/** n Sobol points (linear in the values, as the space maps Auto) and two objectives of them. */
function data(n: number) {
  const units = createSobolSequence({ dimension: 2, seed: 3 }).fill(0, n);
  const logScaled = new Float64Array(n);
  const linear = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lr = 1e-6 + units[2 * i]! * (1 - 1e-6);
    const width = 1 + units[2 * i + 1]! * 999;
    logScaled[i] = (Math.log10(lr) + 3) ** 2 + 0.001 * width;
    linear[i] = ((width - 600) / 300) ** 2 + lr;
  }
  return { units, logScaled, linear };
}

describe('Auto input warping', () => {
  it('offers the logarithm only to Auto ranges with a positive lower end spanning a decade', () => {
    expect(warpCandidates).toEqual([
      { lo: 1e-6, hi: 1 },
      { lo: 1, hi: 1000 },
    ]);
    expect(
      logWarpCandidate({ type: 'continuous', name: 'a', min: 1e-3, max: 1, scaling: 'Logarithmic' }),
    ).toBeUndefined();
    expect(
      logWarpCandidate({ type: 'continuous', name: 'a', min: 0, max: 1, scaling: 'Auto' }),
    ).toBeUndefined();
    expect(logWarpCandidate({ type: 'integer', name: 'a', min: 1, max: 64, scaling: 'Auto' })).toEqual({
      lo: 0.5,
      hi: 64.5,
    });
  });

  it('warps and unwarps as inverse maps that keep the ends of the range', () => {
    const points = Float64Array.from([0, 0, 1, 1, 0.25, 0.5, 1e-9, 0.999]);
    const warped = warpPoints(points, warpCandidates);
    expect(warped[0]).toBe(0);
    expect(warped[2]).toBe(1);
    // A quarter of the way in value is most of the way in log10: log(0.25e6)/log(1e6).
    expect(warped[4]).toBeCloseTo(Math.log((0.25 * (1 - 1e-6)) / 1e-6 + 1) / Math.log(1e6), 12);
    const back = unwarpPoints(warped, warpCandidates);
    for (let i = 0; i < points.length; i++) expect(back[i]).toBeCloseTo(points[i]!, 12);
  });

  it('chooses the logarithm for a range whose effect is logarithmic, and linear for one whose effect is linear', () => {
    for (const n of [10, 16]) {
      const { units, logScaled, linear } = data(n);
      const settings = { dimension: 2, categoricalMask: new Uint8Array(2), warpCandidates, seed: 1 };
      const logFit = createSurrogateFitter(settings).fit(units, logScaled);
      expect(logFit.warps[0]).toEqual({ lo: 1e-6, hi: 1 });
      const linearFit = createSurrogateFitter(settings).fit(units, linear);
      expect(linearFit.warps[1]).toBeUndefined();
    }
  });

  it('gives the same model from a fresh fitter as from one that fitted the earlier history', () => {
    const { units, logScaled } = data(13);
    const settings = { dimension: 2, categoricalMask: new Uint8Array(2), warpCandidates, seed: 4 };
    const warm = createSurrogateFitter(settings);
    warm.fit(units.subarray(0, 20), logScaled.subarray(0, 10));
    const fromWarm = warm.fit(units, logScaled);
    const fresh = createSurrogateFitter(settings).fit(units, logScaled);
    expect(Array.from(fresh.model.hyperparameters.lengthScales)).toEqual(
      Array.from(fromWarm.model.hyperparameters.lengthScales),
    );
    expect(fresh.model.alpha).toEqual(fromWarm.model.alpha);
  });

  it('from 100 observations on, grows the checkpoint’s factor: the same posterior as a full rebuild, the same bits after a resume', () => {
    const n = 107; // checkpoint at 104, three rows grown
    const { units, logScaled } = data(n);
    const settings = { dimension: 2, categoricalMask: new Uint8Array(2), warpCandidates, seed: 5 };
    const running = createSurrogateFitter(settings);
    running.fit(units.subarray(0, 2 * 105), logScaled.subarray(0, 105));
    const grown = running.fit(units, logScaled);
    const fresh = createSurrogateFitter(settings).fit(units, logScaled);
    expect(fresh.model.choleskyFactor).toEqual(grown.model.choleskyFactor);
    expect(fresh.model.alpha).toEqual(grown.model.alpha);
    const rebuilt = buildGaussianProcessModel(
      warpPoints(units, grown.warps),
      grown.targets,
      grown.model.hyperparameters,
      { dimension: 2, priorMean: 'maximum' },
    );
    const points = createSobolSequence({ dimension: 2, seed: 9 }).fill(0, 64);
    const mean = new Float64Array(64);
    const variance = new Float64Array(64);
    const rebuiltMean = new Float64Array(64);
    const rebuiltVariance = new Float64Array(64);
    posterior(grown.model, points, mean, variance);
    posterior(rebuilt, points, rebuiltMean, rebuiltVariance);
    for (let i = 0; i < 64; i++) {
      expect(mean[i]).toBeCloseTo(rebuiltMean[i]!, 6);
      expect(variance[i]).toBeCloseTo(rebuiltVariance[i]!, 8);
    }
  });
});
