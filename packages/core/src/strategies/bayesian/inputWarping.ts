/**
 * Input warping of `Auto` ranges: the Bayesian strategy's model sees an `Auto` range either as the search
 * space maps it (linear) or through a logarithm, decided from the data.
 *
 * Symbols: u the unit coordinate of a range (linear in the value, as `SearchSpace` maps `Auto`), x its value,
 * [lo, hi] the interval u spans (continuous: [min, max]; integer: the relaxed [min - ½, max + ½]), w the
 * model's coordinate. Linear: w = u. Logarithmic (possible when lo > 0):
 *   x = lo + u (hi - lo),   w = log(x / lo) / log(hi / lo),   and back u = (lo (hi/lo)^w - lo) / (hi - lo).
 * Both maps are increasing bijections of [0, 1] with w(0) = 0 and w(1) = 1, so the model's box stays [0, 1]^d.
 * Only `Auto` ranges with lo > 0 spanning at least a decade (hi/lo ≥ 10) are candidates for the logarithm;
 * below a decade the two maps differ too little to matter.
 * @internal
 */

import { exp } from '../../math/exp.ts';
import { log } from '../../math/log.ts';
import type { Parameter } from '../../space/types.ts';

/** One warp per coordinate: `undefined` is the identity, otherwise the logarithm over [lo, hi]. */
export type Warp = { readonly lo: number; readonly hi: number } | undefined;

/**
 * The logarithmic warp a range could take, or undefined when it is not an `Auto` range fit for one.
 *
 * @param parameter - a range of the space.
 * @returns [lo, hi] for an `Auto` continuous or integer range with lo > 0 and hi/lo ≥ 10, else undefined.
 */
export function logWarpCandidate(parameter: Parameter): Warp {
  if (parameter.type === 'categorical' || parameter.scaling !== 'Auto') return undefined;
  const lo = parameter.type === 'integer' ? parameter.min - 0.5 : parameter.min;
  const hi = parameter.type === 'integer' ? parameter.max + 0.5 : parameter.max;
  return lo > 0 && hi / lo >= 10 ? { lo, hi } : undefined;
}

/**
 * Maps unit points into the model's coordinates.
 *
 * @param units - points, m × d row-major, in [0, 1].
 * @param warps - one warp per coordinate, length d.
 * @returns a new m × d array of warped coordinates in [0, 1].
 */
export function warpPoints(units: Float64Array, warps: readonly Warp[]): Float64Array {
  const d = warps.length;
  const out = Float64Array.from(units);
  for (let j = 0; j < d; j++) {
    const warp = warps[j];
    if (warp === undefined) continue;
    const span = warp.hi - warp.lo;
    const logRatio = log(warp.hi / warp.lo);
    for (let i = j; i < out.length; i += d) {
      const value = warp.lo + clamp01(out[i]!) * span;
      out[i] = clamp01(log(value / warp.lo) / logRatio);
    }
  }
  return out;
}

/**
 * Maps model coordinates back to unit points (the inverse of {@link warpPoints}).
 *
 * @param points - m × d row-major model coordinates in [0, 1].
 * @param warps - one warp per coordinate.
 * @returns a new m × d array of unit coordinates in [0, 1].
 */
export function unwarpPoints(points: Float64Array, warps: readonly Warp[]): Float64Array {
  const d = warps.length;
  const out = Float64Array.from(points);
  for (let j = 0; j < d; j++) {
    const warp = warps[j];
    if (warp === undefined) continue;
    const span = warp.hi - warp.lo;
    const ratio = warp.hi / warp.lo;
    for (let i = j; i < out.length; i += d) {
      const w = clamp01(out[i]!);
      // Exact at the ends, so that the bounds of the range stay reachable.
      out[i] = w === 0 ? 0 : w === 1 ? 1 : clamp01((warp.lo * exp(w * log(ratio)) - warp.lo) / span);
    }
  }
  return out;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
