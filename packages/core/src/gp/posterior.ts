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
import { inverseSquares, matern52, scaledSquaredDistance } from './kernel.ts';
import { solveLowerInPlace, solveLowerTransposeInPlace } from './linalg.ts';
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
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
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
  const inverseSquaredLengthScales = inverseSquares(model.hyperparameters.lengthScales);
  const buffer = scratchOf(4 * n);
  const lanes = [0, 1, 2, 3].map((lane) => buffer.subarray(lane * n, (lane + 1) * n));
  // Points go through the triangular solve four at a time (each row of L is loaded once for four points);
  // the arithmetic per point is the same whatever the grouping, so results do not depend on how a candidate
  // set is split into chunks.
  for (let first = 0; first < m; first += 4) {
    const width = Math.min(4, m - first);
    for (let lane = 0; lane < width; lane++) {
      const p = first + lane;
      const crossCovariance = lanes[lane]!;
      let mean = 0;
      for (let i = 0; i < n; i++) {
        const squaredDistance = scaledSquaredDistance(
          points,
          p,
          inputs,
          i,
          dimension,
          inverseSquaredLengthScales,
          categoricalMask,
        );
        const covariance = signalVariance * matern52(squaredDistance);
        crossCovariance[i] = covariance;
        mean += covariance * alpha[i]!;
      }
      outMean[p] = mean;
    }
    // Unused lanes of a last, partial group are solved on zeros and ignored.
    for (let lane = width; lane < 4; lane++) lanes[lane]!.fill(0);
    solveLowerFour(choleskyFactor, n, lanes[0]!, lanes[1]!, lanes[2]!, lanes[3]!);
    for (let lane = 0; lane < width; lane++) {
      const v = lanes[lane]!;
      let explained = 0;
      for (let i = 0; i < n; i++) explained += v[i]! * v[i]!;
      outVariance[first + lane] = Math.max(signalVariance - explained, 0);
    }
  }
}

/** Solves L x = b for four right-hand sides at once, in place, with plain left-to-right sums. */
function solveLowerFour(
  factor: Float64Array,
  n: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  e: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sumA = a[i]!;
    let sumB = b[i]!;
    let sumC = c[i]!;
    let sumE = e[i]!;
    for (let k = 0; k < i; k++) {
      const l = factor[row + k]!;
      sumA -= l * a[k]!;
      sumB -= l * b[k]!;
      sumC -= l * c[k]!;
      sumE -= l * e[k]!;
    }
    const inverseDiagonal = 1 / factor[row + i]!;
    a[i] = sumA * inverseDiagonal;
    b[i] = sumB * inverseDiagonal;
    c[i] = sumC * inverseDiagonal;
    e[i] = sumE * inverseDiagonal;
  }
}

/**
 * Posterior mean and latent variance at one point with their gradients with respect to that point, in
 * standardised target units (for gradient-based refinement of an acquisition function).
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
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  if (point.length !== dimension || outMeanGrad.length < dimension || outVarGrad.length < dimension) {
    throw new TunekitError(
      'invalidArgument',
      `point must have length ${dimension} and the gradient outputs at least ${dimension}`,
    );
  }
  const inverseSquaredLengthScales = inverseSquares(model.hyperparameters.lengthScales);
  const buffer = scratchOf(2 * n + dimension);
  const crossCovariance = buffer.subarray(0, n);
  const derivativeFactors = buffer.subarray(n, 2 * n);
  const x = buffer.subarray(2 * n, 2 * n + dimension);
  for (let j = 0; j < dimension; j++) x[j] = point[j]!;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const squaredDistance = scaledSquaredDistance(
      x,
      0,
      inputs,
      i,
      dimension,
      inverseSquaredLengthScales,
      categoricalMask,
    );
    // One exp for both the kernel value and its derivative factor (see kernel.ts).
    const r = Math.sqrt(squaredDistance);
    const decay = signalVariance * Math.exp(-SQRT5 * r);
    const covariance = (1 + SQRT5 * r + (5 / 3) * squaredDistance) * decay;
    crossCovariance[i] = covariance;
    derivativeFactors[i] = (5 / 3) * (1 + SQRT5 * r) * decay;
    mean += covariance * alpha[i]!;
  }
  // weights = K⁻¹ k*, via v = L⁻¹ k* (whose squared norm is the explained variance).
  const weights = crossCovariance;
  solveLowerInPlace(choleskyFactor, n, weights);
  let explained = 0;
  for (let i = 0; i < n; i++) explained += weights[i]! * weights[i]!;
  solveLowerTransposeInPlace(choleskyFactor, n, weights);
  const rawVariance = signalVariance - explained;
  const variance = Math.max(rawVariance, 0);
  const clamped = !(rawVariance > 0);

  outMeanGrad.fill(0, 0, dimension);
  outVarGrad.fill(0, 0, dimension);
  for (let i = 0; i < n; i++) {
    const factor = derivativeFactors[i]!;
    const meanWeight = alpha[i]! * factor;
    const varianceWeight = clamped ? 0 : weights[i]! * factor;
    const offset = i * dimension;
    for (let j = 0; j < dimension; j++) {
      if (categoricalMask[j]) continue;
      // ∂k*_i/∂x_j = -factor · (x_j - X_ij) / l_j²
      const scaledDifference = (x[j]! - inputs[offset + j]!) * inverseSquaredLengthScales[j]!;
      outMeanGrad[j] = outMeanGrad[j]! - meanWeight * scaledDifference;
      outVarGrad[j] = outVarGrad[j]! + 2 * varianceWeight * scaledDifference;
    }
  }
  return { mean, variance };
}
