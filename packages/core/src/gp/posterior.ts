/**
 * Posterior mean and variance of a fitted Gaussian process, and their gradients at one point.
 *
 * Units: everything here is in STANDARDISED target units, z = (y - model.targetMean) / model.targetScale,
 * which is where the acquisition works. To report in original units: mean · targetScale + targetMean and
 * variance · targetScale². The variance is that of the latent function (observation noise NOT included);
 * add `model.hyperparameters.noiseVariance` for the predictive variance of a new observation.
 *
 * Symbols: x* a point (length d); k* = k(x*, X) (length n); v = L⁻¹ k*; w = K⁻¹ k* = L⁻ᵀ v.
 *   mean(x*) = k*ᵀ alpha,   variance(x*) = σ² - vᵀ v  (clamped at 0 against rounding),
 *   ∂mean/∂x*_j = Σ_i alpha_i ∂k*_i/∂x*_j,   ∂variance/∂x*_j = -2 Σ_i w_i ∂k*_i/∂x*_j.
 * Gradients with respect to categorical coordinates are 0 (the Hamming distance is piecewise constant).
 */
import { TunekitError } from '../errors.ts';
import { exp } from '../math/exp.ts';
import {
  inverseSquares,
  matern52,
  matern52WithDerivativeFactor,
  scaledSquaredDistance,
  scaledSquaredDistancesFour,
} from './kernel.ts';
import type { GaussianProcessModel } from './types.ts';

const SQRT5 = Math.sqrt(5);

// Scratch reused across calls (JavaScript runs one call at a time per thread), grown on demand, so that the
// acquisition's many small calls allocate nothing.
let scratch = new Float64Array(0);
function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  return scratch;
}

/** Posterior mean and variance at one point, in standardised target units. */
export interface PosteriorPoint {
  readonly mean: number;
  readonly variance: number;
}

/**
 * Posterior mean and latent variance at m points, in standardised target units.
 *
 * @param model - a fitted model (plain data; may have been rebuilt in a worker).
 * @param points - m × d row-major.
 * @param outMean - output, length ≥ m.
 * @param outVariance - output, length ≥ m; each value ≥ 0.
 * @throws TunekitError `invalidArgument` when `points` is not a whole number of rows or an output is too short.
 */
export function posterior(
  model: GaussianProcessModel,
  points: Float64Array,
  outMean: Float64Array,
  outVariance: Float64Array,
): void {
  const { dimension, count: n, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  const m = points.length / dimension;
  if (!Number.isInteger(m)) {
    throw new TunekitError(
      'invalidArgument',
      `points length ${points.length} is not a multiple of dimension ${dimension}`,
    );
  }
  if (outMean.length < m || outVariance.length < m) {
    throw new TunekitError('invalidArgument', `outMean and outVariance must hold at least ${m} values`);
  }
  const { lengthScales } = model.hyperparameters;
  const buffer = scratchOf(4 * n + n * dimension + 2 * dimension);
  // Four right-hand sides interleaved: lanes[4 i + lane] (one contiguous load a row of L for four points).
  const lanes = buffer.subarray(0, 4 * n);
  const scaledInputs = buffer.subarray(4 * n, 4 * n + n * dimension);
  const scaledPoint = buffer.subarray(4 * n + n * dimension, 4 * n + n * dimension + dimension);
  const categoricalWeights = buffer.subarray(4 * n + n * dimension + dimension);
  scaleInputs(model, scaledInputs, categoricalWeights);
  // Points go through the triangular solve four at a time; the arithmetic per point is the same whatever the
  // grouping, so results do not depend on how a candidate set is split into chunks.
  for (let first = 0; first < m; first += 4) {
    const width = Math.min(4, m - first);
    for (let lane = 0; lane < width; lane++) {
      const offset = (first + lane) * dimension;
      for (let j = 0; j < dimension; j++) {
        scaledPoint[j] = categoricalMask[j] ? points[offset + j]! : points[offset + j]! / lengthScales[j]!;
      }
      outMean[first + lane] = crossCovariance(
        scaledPoint,
        scaledInputs,
        categoricalWeights,
        categoricalMask,
        n,
        signalVariance,
        alpha,
        lanes,
        lane,
      );
    }
    // Unused lanes of a last, partial group are solved on zeros and ignored.
    for (let lane = width; lane < 4; lane++) for (let i = 0; i < n; i++) lanes[4 * i + lane] = 0;
    solveLowerFour(choleskyFactor, n, lanes);
    for (let lane = 0; lane < width; lane++) {
      let explained = 0;
      for (let i = 0; i < n; i++) explained += lanes[4 * i + lane]! * lanes[4 * i + lane]!;
      outVariance[first + lane] = Math.max(signalVariance - explained, 0);
    }
  }
}

/**
 * Continuous coordinates of the model's inputs divided by their length scale once, so that r² is a plain sum
 * of squared differences; categorical ones stay as they are and add 1/l_j² (`categoricalWeights`) when they
 * differ. A point is scaled the same way before `crossCovariance`.
 */
function scaleInputs(
  model: GaussianProcessModel,
  scaledInputs: Float64Array,
  categoricalWeights: Float64Array,
): void {
  const { dimension, count: n, inputs, categoricalMask } = model;
  const { lengthScales } = model.hyperparameters;
  for (let j = 0; j < dimension; j++) {
    const lengthScale = lengthScales[j]!;
    categoricalWeights[j] = categoricalMask[j] ? 1 / (lengthScale * lengthScale) : 0;
    const scale = categoricalMask[j] ? 1 : 1 / lengthScale;
    for (let i = 0; i < n; i++) scaledInputs[i * dimension + j] = inputs[i * dimension + j]! * scale;
  }
}

/** Writes k*_i = σ² k(x*, x_i) into lane `lane` of `lanes` and returns the posterior mean k*ᵀ alpha. */
function crossCovariance(
  scaledPoint: Float64Array,
  scaledInputs: Float64Array,
  categoricalWeights: Float64Array,
  categoricalMask: Uint8Array,
  n: number,
  signalVariance: number,
  alpha: Float64Array,
  lanes: Float64Array,
  lane: number,
): number {
  const d = scaledPoint.length;
  const hasCategorical = categoricalMask.includes(1);
  // First every squared distance (into the lane), then every kernel value from it: one call of `exp` in the
  // code, so that V8 inlines it (an exp called out of line returns each result boxed: 16 bytes of garbage a
  // pair).
  let i = 0;
  if (!hasCategorical) {
    // Four observations at a time: each distance is summed in the same order as below (same bits), but the
    // four sums are independent, so the processor overlaps their additions instead of waiting on one chain.
    for (; i + 4 <= n; i += 4) {
      const offset = i * d;
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let j = 0; j < d; j++) {
        const x = scaledPoint[j]!;
        const da = x - scaledInputs[offset + j]!;
        const db = x - scaledInputs[offset + d + j]!;
        const dc = x - scaledInputs[offset + 2 * d + j]!;
        const de = x - scaledInputs[offset + 3 * d + j]!;
        a += da * da;
        b += db * db;
        c += dc * dc;
        e += de * de;
      }
      lanes[4 * i + lane] = a;
      lanes[4 * (i + 1) + lane] = b;
      lanes[4 * (i + 2) + lane] = c;
      lanes[4 * (i + 3) + lane] = e;
    }
  }
  for (let offset = i * d; i < n; i++, offset += d) {
    let squaredDistance = 0;
    if (hasCategorical) {
      for (let j = 0; j < d; j++) {
        const difference = scaledPoint[j]! - scaledInputs[offset + j]!;
        squaredDistance += categoricalMask[j]
          ? difference === 0
            ? 0
            : categoricalWeights[j]!
          : difference * difference;
      }
    } else {
      for (let j = 0; j < d; j++) {
        const difference = scaledPoint[j]! - scaledInputs[offset + j]!;
        squaredDistance += difference * difference;
      }
    }
    lanes[4 * i + lane] = squaredDistance;
  }
  let mean = 0;
  for (let k = 0; k < n; k++) {
    const squaredDistance = lanes[4 * k + lane]!;
    const r = Math.sqrt(squaredDistance);
    const covariance = signalVariance * (1 + SQRT5 * r + (5 / 3) * squaredDistance) * exp(-SQRT5 * r);
    lanes[4 * k + lane] = covariance;
    mean += covariance * alpha[k]!;
  }
  return mean;
}

/** Solves L x = b for four interleaved right-hand sides (x[4 i + lane]) at once, in place. */
function solveLowerFour(factor: Float64Array, n: number, lanes: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sumA = lanes[4 * i]!;
    let sumB = lanes[4 * i + 1]!;
    let sumC = lanes[4 * i + 2]!;
    let sumE = lanes[4 * i + 3]!;
    for (let k = 0; k < i; k++) {
      const l = factor[row + k]!;
      const q = 4 * k;
      sumA -= l * lanes[q]!;
      sumB -= l * lanes[q + 1]!;
      sumC -= l * lanes[q + 2]!;
      sumE -= l * lanes[q + 3]!;
    }
    const inverseDiagonal = 1 / factor[row + i]!;
    lanes[4 * i] = sumA * inverseDiagonal;
    lanes[4 * i + 1] = sumB * inverseDiagonal;
    lanes[4 * i + 2] = sumC * inverseDiagonal;
    lanes[4 * i + 3] = sumE * inverseDiagonal;
  }
}

/**
 * Posterior mean and latent variance at one point with their gradients with respect to that point, in
 * standardised target units (for gradient-based refinement of an acquisition function): one lane of
 * {@link posteriorWithGradientLanes}.
 *
 * @param model - a fitted model.
 * @param point - x*, length d.
 * @param outMeanGrad - output ∂mean/∂x*, length d.
 * @param outVarGrad - output ∂variance/∂x*, length d (0 where the variance was clamped at 0).
 * @returns the mean and variance at `point`.
 * @throws TunekitError `invalidArgument` when a length does not match the model's dimension.
 */
export function posteriorWithGradient(
  model: GaussianProcessModel,
  point: ArrayLike<number>,
  outMeanGrad: Float64Array,
  outVarGrad: Float64Array,
): PosteriorPoint {
  const { dimension } = model;
  if (point.length !== dimension || outMeanGrad.length < dimension || outVarGrad.length < dimension) {
    throw new TunekitError(
      'invalidArgument',
      `point must have length ${dimension} and the gradient outputs at least ${dimension}`,
    );
  }
  const mean = new Float64Array(1);
  const variance = new Float64Array(1);
  posteriorWithGradientLanes(model, Float64Array.from(point), mean, variance, outMeanGrad, outVarGrad);
  return { mean: mean[0]!, variance: variance[0]! };
}

/**
 * Posterior mean and an upper bound on the latent variance at m points, in standardised target units.
 *
 * The bound is the variance of the same process conditioned only on the `neighbours` observations with the
 * largest prior covariance with the point: conditioning on fewer observations never lowers the variance, so
 * bound ≥ the exact variance of {@link posterior}. The subset's covariance matrix takes its diagonal from the
 * model's own factor (K_aa = Σ_k L_ak², which holds the noise, a prior's discount and the jitter) and its
 * off-diagonal entries from the kernel (the model adds nothing there). A point costs O(n d + s² d) instead of
 * the exact variance's O(n²) (s = neighbours); rounding moves the bound by about 1e-10 of the signal variance
 * at worst (the noise floor bounds the subset's conditioning), which callers allow for. The mean is
 * {@link posterior}'s, bit for bit.
 *
 * @param model - a fitted model.
 * @param points - m × d row-major.
 * @param neighbours - s, the size of each point's conditioning subset (≥ 1).
 * @param outMean - output, length ≥ m.
 * @param outBound - output, length ≥ m; each value ≥ the exact latent variance at the point (+Infinity when
 *   the subset's factorisation failed, which bounds nothing).
 */
export function posteriorWithVarianceBound(
  model: GaussianProcessModel,
  points: Float64Array,
  neighbours: number,
  outMean: Float64Array,
  outBound: Float64Array,
): void {
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance, lengthScales } = model.hyperparameters;
  const m = points.length / dimension;
  if (!Number.isInteger(m) || outMean.length < m || outBound.length < m) {
    throw new TunekitError(
      'invalidArgument',
      `points must be whole rows of ${dimension} and the outputs hold at least their number`,
    );
  }
  const s = Math.max(1, Math.min(neighbours, n));
  const lanes = new Float64Array(4 * n);
  const scaledInputs = new Float64Array(n * dimension);
  const scaledPoint = new Float64Array(dimension);
  const categoricalWeights = new Float64Array(dimension);
  scaleInputs(model, scaledInputs, categoricalWeights);
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += choleskyFactor[i * n + k]! * choleskyFactor[i * n + k]!;
    diagonal[i] = sum;
  }
  // Pair values cached in an n × n table up to PAIR_CACHE_UP_TO observations (32 MB); beyond, recomputed.
  const pairCovariance = n <= PAIR_CACHE_UP_TO ? new Float64Array(n * n).fill(Number.NaN) : undefined;
  const nearest = new Int32Array(s);
  const nearestCovariance = new Float64Array(s);
  const subset = new Float64Array(s * s);
  const solved = new Float64Array(s);
  for (let p = 0; p < m; p++) {
    const offset = p * dimension;
    for (let j = 0; j < dimension; j++) {
      scaledPoint[j] = categoricalMask[j] ? points[offset + j]! : points[offset + j]! / lengthScales[j]!;
    }
    outMean[p] = crossCovariance(
      scaledPoint,
      scaledInputs,
      categoricalWeights,
      categoricalMask,
      n,
      signalVariance,
      alpha,
      lanes,
      0,
    );
    // The s largest covariances, descending (insertion into a short sorted list).
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const covariance = lanes[4 * i]!;
      if (kept === s && !(covariance > nearestCovariance[s - 1]!)) continue;
      let position = kept < s ? kept++ : s - 1;
      while (position > 0 && nearestCovariance[position - 1]! < covariance) {
        nearestCovariance[position] = nearestCovariance[position - 1]!;
        nearest[position] = nearest[position - 1]!;
        position--;
      }
      nearestCovariance[position] = covariance;
      nearest[position] = i;
    }
    // K_SS (diagonal from L, the rest from the kernel), factorised in place; then explained = |L_S⁻¹ k_S|².
    let factorised = true;
    for (let a = 0; a < kept && factorised; a++) {
      for (let b = 0; b <= a; b++) {
        let entry: number;
        if (a === b) {
          entry = diagonal[nearest[a]!]!;
        } else {
          // Neighbourhoods overlap from one point to the next: each pair's kernel value is computed once.
          const pair = nearest[a]! * n + nearest[b]!;
          entry = pairCovariance === undefined ? Number.NaN : pairCovariance[pair]!;
          if (Number.isNaN(entry)) {
            entry =
              signalVariance *
              matern52(
                scaledSquaredDistance(
                  inputs,
                  nearest[a]!,
                  inputs,
                  nearest[b]!,
                  dimension,
                  inverseSquaredLengthScales,
                  categoricalMask,
                ),
              );
            if (pairCovariance !== undefined) {
              pairCovariance[pair] = entry;
              pairCovariance[nearest[b]! * n + nearest[a]!] = entry;
            }
          }
        }
        for (let k = 0; k < b; k++) entry -= subset[a * s + k]! * subset[b * s + k]!;
        if (a === b) {
          if (!(entry > 0)) factorised = false;
          subset[a * s + a] = Math.sqrt(entry);
        } else {
          subset[a * s + b] = entry / subset[b * s + b]!;
        }
      }
    }
    if (!factorised) {
      outBound[p] = Number.POSITIVE_INFINITY;
      continue;
    }
    let explained = 0;
    for (let a = 0; a < kept; a++) {
      let value = nearestCovariance[a]!;
      for (let k = 0; k < a; k++) value -= subset[a * s + k]! * solved[k]!;
      value /= subset[a * s + a]!;
      solved[a] = value;
      explained += value * value;
    }
    outBound[p] = Math.max(signalVariance - explained, 0);
  }
}

/** Observations up to which `posteriorWithVarianceBound` caches the pairs' covariances in an n × n table. */
const PAIR_CACHE_UP_TO = 2048;

/** Most points {@link posteriorWithGradientLanes} takes at once. */
export const GRADIENT_LANES = 4;

/**
 * Posterior mean and latent variance with their gradients at up to four points at once (see
 * {@link posteriorWithGradient} for one), each lane's arithmetic independent of the others (results equal bit
 * for bit, whatever the grouping; the solves keep `solveLowerInPlace`'s and `solveLowerTransposeInPlace`'s
 * order). The two triangular solves read each row of the factor once for all lanes instead of once a point: about half the time at 200-1000 observations, where the
 * factor no longer fits in the cache. Independent optimisers (the refinement's starts) advance in lockstep
 * to use it.
 *
 * @param model - a fitted model.
 * @param points - w × d row-major, 1 ≤ w ≤ {@link GRADIENT_LANES}.
 * @param outMean - output, length ≥ w.
 * @param outVariance - output, length ≥ w.
 * @param outMeanGrad - output ∂mean/∂x*, w × d.
 * @param outVarGrad - output ∂variance/∂x*, w × d (0 for a lane whose variance was clamped at 0).
 * @throws TunekitError `invalidArgument` when the points are not 1-4 whole rows or an output is too short.
 */
export function posteriorWithGradientLanes(
  model: GaussianProcessModel,
  points: Float64Array,
  outMean: Float64Array,
  outVariance: Float64Array,
  outMeanGrad: Float64Array,
  outVarGrad: Float64Array,
): void {
  const { dimension: d, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  const width = points.length / d;
  if (!Number.isInteger(width) || width < 1 || width > GRADIENT_LANES) {
    throw new TunekitError('invalidArgument', `points must be 1 to ${GRADIENT_LANES} rows of ${d}`);
  }
  if (
    outMean.length < width ||
    outVariance.length < width ||
    outMeanGrad.length < width * d ||
    outVarGrad.length < width * d
  ) {
    throw new TunekitError('invalidArgument', `the outputs must hold ${width} points and their gradients`);
  }
  const inverseSquaredLengthScales = inverseSquares(model.hyperparameters.lengthScales);
  const buffer = scratchOf(8 * n);
  // Interleaved by lane: lanes[4 i + lane] is k*_i, then v = L⁻¹ k*, then w = K⁻¹ k* of that lane's point.
  const lanes = buffer.subarray(0, 4 * n);
  const derivativeFactors = buffer.subarray(4 * n, 8 * n);
  const hasCategorical = categoricalMask.includes(1);
  for (let lane = 0; lane < GRADIENT_LANES; lane++) {
    if (lane >= width) {
      for (let i = 0; i < n; i++) lanes[4 * i + lane] = 0;
      continue;
    }
    // Squared distances first, then the kernel values (one call site of the kernel, see crossCovariance).
    let i = 0;
    if (!hasCategorical) {
      for (; i + 4 <= n; i += 4) {
        scaledSquaredDistancesFour(
          points,
          lane,
          inputs,
          i,
          d,
          inverseSquaredLengthScales,
          lanes,
          4 * i + lane,
          4,
        );
      }
    }
    for (; i < n; i++) {
      lanes[4 * i + lane] = scaledSquaredDistance(
        points,
        lane,
        inputs,
        i,
        d,
        inverseSquaredLengthScales,
        categoricalMask,
      );
    }
    let mean = 0;
    for (let k = 0; k < n; k++) {
      const at = 4 * k + lane;
      const covariance = matern52WithDerivativeFactor(lanes[at]!, signalVariance, derivativeFactors, at);
      lanes[at] = covariance;
      mean += covariance * alpha[k]!;
    }
    outMean[lane] = mean;
  }
  solveLowerLanes(choleskyFactor, n, lanes);
  for (let lane = 0; lane < width; lane++) {
    let explained = 0;
    for (let i = 0; i < n; i++) explained += lanes[4 * i + lane]! * lanes[4 * i + lane]!;
    outVariance[lane] = signalVariance - explained;
  }
  solveLowerTransposeLanes(choleskyFactor, n, lanes);
  for (let lane = 0; lane < width; lane++) {
    const rawVariance = outVariance[lane]!;
    outVariance[lane] = Math.max(rawVariance, 0);
    const clamped = !(rawVariance > 0);
    const x = lane * d;
    // Per coordinate, the sums over observations run in observation order, in locals rather than through the
    // output arrays.
    for (let j = 0; j < d; j++) {
      if (categoricalMask[j]) {
        outMeanGrad[x + j] = 0;
        outVarGrad[x + j] = 0;
        continue;
      }
      const p = points[x + j]!;
      const scale = inverseSquaredLengthScales[j]!;
      let meanGradient = 0;
      let varianceGradient = 0;
      for (let i = 0, offset = j; i < n; i++, offset += d) {
        const factor = derivativeFactors[4 * i + lane]!;
        const meanWeight = alpha[i]! * factor;
        const varianceWeight = clamped ? 0 : lanes[4 * i + lane]! * factor;
        const scaledDifference = (p - inputs[offset]!) * scale;
        meanGradient = meanGradient - meanWeight * scaledDifference;
        varianceGradient = varianceGradient + 2 * varianceWeight * scaledDifference;
      }
      outMeanGrad[x + j] = meanGradient;
      outVarGrad[x + j] = varianceGradient;
    }
  }
}

/**
 * `solveLowerInPlace` on four interleaved right-hand sides: each lane's sums are split four ways and joined
 * as its `crossDot` joins them, so a lane's result equals the single solve's bit for bit.
 */
function solveLowerLanes(factor: Float64Array, n: number, v: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let k = 0;
    for (; k + 3 < i; k += 4) {
      const l0 = factor[row + k]!;
      const l1 = factor[row + k + 1]!;
      const l2 = factor[row + k + 2]!;
      const l3 = factor[row + k + 3]!;
      const q = 4 * k;
      a0 += l0 * v[q]!;
      b0 += l0 * v[q + 1]!;
      c0 += l0 * v[q + 2]!;
      e0 += l0 * v[q + 3]!;
      a1 += l1 * v[q + 4]!;
      b1 += l1 * v[q + 5]!;
      c1 += l1 * v[q + 6]!;
      e1 += l1 * v[q + 7]!;
      a2 += l2 * v[q + 8]!;
      b2 += l2 * v[q + 9]!;
      c2 += l2 * v[q + 10]!;
      e2 += l2 * v[q + 11]!;
      a3 += l3 * v[q + 12]!;
      b3 += l3 * v[q + 13]!;
      c3 += l3 * v[q + 14]!;
      e3 += l3 * v[q + 15]!;
    }
    for (; k < i; k++) {
      const l = factor[row + k]!;
      const q = 4 * k;
      a0 += l * v[q]!;
      b0 += l * v[q + 1]!;
      c0 += l * v[q + 2]!;
      e0 += l * v[q + 3]!;
    }
    const diagonal = factor[row + i]!;
    const q = 4 * i;
    v[q] = (v[q]! - (a0 + a1 + (a2 + a3))) / diagonal;
    v[q + 1] = (v[q + 1]! - (b0 + b1 + (b2 + b3))) / diagonal;
    v[q + 2] = (v[q + 2]! - (c0 + c1 + (c2 + c3))) / diagonal;
    v[q + 3] = (v[q + 3]! - (e0 + e1 + (e2 + e3))) / diagonal;
  }
}

/** `solveLowerTransposeInPlace` on four interleaved right-hand sides, each lane's arithmetic unchanged. */
function solveLowerTransposeLanes(factor: Float64Array, n: number, v: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const diagonal = factor[i * n + i]!;
    const q = 4 * i;
    const x0 = v[q]! / diagonal;
    const x1 = v[q + 1]! / diagonal;
    const x2 = v[q + 2]! / diagonal;
    const x3 = v[q + 3]! / diagonal;
    v[q] = x0;
    v[q + 1] = x1;
    v[q + 2] = x2;
    v[q + 3] = x3;
    const row = i * n;
    for (let k = 0; k < i; k++) {
      const l = factor[row + k]!;
      const p = 4 * k;
      v[p] = v[p]! - l * x0;
      v[p + 1] = v[p + 1]! - l * x1;
      v[p + 2] = v[p + 2]! - l * x2;
      v[p + 3] = v[p + 3]! - l * x3;
    }
  }
}
