/**
 * Log marginal likelihood of a zero-mean Gaussian process and its analytic gradient.
 *
 * Shapes: X n × d row-major, z length n (standardised targets). K = K_f + (noiseVariance + jitter) I = L Lᵀ,
 * where K_f is the Matérn-5/2 kernel matrix; alpha = K⁻¹ z.
 *   log p(z) = -½ zᵀ alpha - Σ_i log L_ii - (n/2) log 2π
 *   ∂ log p / ∂θ = ½ Σ_ij W_ij ∂K_ij/∂θ,  W = alpha alphaᵀ - K⁻¹
 * with ∂K/∂log σ² = K_f, ∂K/∂noiseVariance = I and ∂K_ij/∂log l_j as in `kernel.ts`.
 * Cost: one Cholesky and one inverse, O(n³), plus O(n² d) for the kernel and the gradient.
 * @internal
 */

import { log } from '../math/log.ts';
import {
  inverseSquares,
  matern52WithDerivativeFactor,
  scaledSquaredDistance,
  scaledSquaredDistancesFour,
} from './kernel.ts';
import {
  choleskyWithJitter,
  inverseFromCholesky,
  logDeterminantFromCholesky,
  solveLowerInPlace,
  solveLowerTransposeInPlace,
} from './linalg.ts';

const HALF_LOG_TWO_PI = 0.5 * log(2 * Math.PI);

/** Buffers reused across evaluations for one data set (n × n each, four of them). */
export interface LikelihoodWorkspace {
  readonly count: number;
  readonly covariance: Float64Array;
  /** Per pair i > j: σ² k(r_ij) at [i, j] and σ² · (derivative factor) at [j, i], kept for the gradient. */
  readonly pairCache: Float64Array;
  readonly factor: Float64Array;
  readonly inverse: Float64Array;
  readonly alpha: Float64Array;
}

/**
 * Allocates the buffers for a data set of n points.
 *
 * @param count - n.
 * @returns the workspace.
 */
export function createLikelihoodWorkspace(count: number): LikelihoodWorkspace {
  return {
    count,
    covariance: new Float64Array(count * count),
    pairCache: new Float64Array(count * count),
    factor: new Float64Array(count * count),
    inverse: new Float64Array(count * count),
    alpha: new Float64Array(count),
  };
}

/** The data a likelihood is evaluated on. */
export interface LikelihoodData {
  /** X, n × d row-major. */
  readonly inputs: Float64Array;
  /** Standardised targets z, length n. */
  readonly targets: Float64Array;
  readonly dimension: number;
  readonly categoricalMask: Uint8Array;
  /**
   * 1 on rows that are a discountable prior (a warm start's parent observations under transfer learning): their
   * diagonal gets `priorNoiseVariance` on top of the noise, length n. Absent: no such row.
   */
  readonly discountMask?: Uint8Array;
}

/** Gradient of the log marginal likelihood. */
export interface LikelihoodGradient {
  /** ∂/∂log l_j, length d. */
  readonly lengthScales: Float64Array;
  /** ∂/∂log σ². */
  signalVariance: number;
  /** ∂/∂noiseVariance. */
  noiseVariance: number;
  /** ∂/∂priorNoiseVariance (0 without a discount mask). */
  priorNoiseVariance?: number;
}

/**
 * The discount mask of a data set whose first `priorCount` rows are a discountable prior.
 *
 * @param count - n.
 * @param priorCount - Leading prior rows.
 * @returns 1 on the first `priorCount` rows, 0 after; undefined when there are none.
 */
export function leadingPriorMask(count: number, priorCount: number): Uint8Array | undefined {
  return priorCount > 0 ? Uint8Array.from({ length: count }, (_, i) => (i < priorCount ? 1 : 0)) : undefined;
}

/**
 * Log marginal likelihood and (optionally) its gradient.
 *
 * @param data - inputs, standardised targets, dimension and categorical mask.
 * @param lengthScales - l_j, length d.
 * @param signalVariance - σ².
 * @param noiseVariance - noise variance.
 * @param workspace - buffers from {@link createLikelihoodWorkspace} for n = data.targets.length.
 * @param gradient - output for the gradient, or undefined to skip the O(n³) inverse.
 * @param priorNoiseVariance - extra noise variance on the rows of `data.discountMask`.
 * @returns log p(z); on return `workspace.factor` and `workspace.alpha` hold L and alpha.
 */
export function logMarginalLikelihood(
  data: LikelihoodData,
  lengthScales: ArrayLike<number>,
  signalVariance: number,
  noiseVariance: number,
  workspace: LikelihoodWorkspace,
  gradient?: LikelihoodGradient,
  priorNoiseVariance = 0,
): number {
  const { inputs, targets, dimension, categoricalMask, discountMask } = data;
  const n = targets.length;
  const { covariance, pairCache, factor, inverse, alpha } = workspace;
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  const hasCategorical = categoricalMask.includes(1);

  for (let i = 0; i < n; i++) {
    covariance[i * n + i] =
      signalVariance + noiseVariance + (discountMask?.[i] === 1 ? priorNoiseVariance : 0);
    let j = 0;
    if (!hasCategorical) {
      for (; j + 4 <= i; j += 4) {
        scaledSquaredDistancesFour(
          inputs,
          i,
          inputs,
          j,
          dimension,
          inverseSquaredLengthScales,
          covariance,
          i * n + j,
          1,
        );
      }
    }
    for (; j < i; j++) {
      covariance[i * n + j] = scaledSquaredDistance(
        inputs,
        i,
        inputs,
        j,
        dimension,
        inverseSquaredLengthScales,
        categoricalMask,
      );
    }
    // Then the kernel values from the distances held in row i (one call site, which V8 inlines).
    for (let other = 0; other < i; other++) {
      const value = matern52WithDerivativeFactor(
        covariance[i * n + other]!,
        signalVariance,
        pairCache,
        other * n + i,
      );
      covariance[i * n + other] = value;
      covariance[other * n + i] = value;
      pairCache[i * n + other] = value;
    }
  }
  choleskyWithJitter(covariance, n, factor);
  alpha.set(targets);
  solveLowerInPlace(factor, n, alpha);
  let dataFit = 0;
  for (let i = 0; i < n; i++) dataFit += alpha[i]! * alpha[i]!;
  solveLowerTransposeInPlace(factor, n, alpha);
  // Halving the doubled sum is exact: the same bits as summing the logs here.
  const logDeterminantHalf = 0.5 * logDeterminantFromCholesky(factor, n);
  const value = -0.5 * dataFit - logDeterminantHalf - n * HALF_LOG_TWO_PI;
  if (gradient === undefined) return value;

  // `covariance` is free again: use it as scratch for L⁻¹.
  inverseFromCholesky(factor, n, inverse, covariance);
  const lengthScaleGradient = gradient.lengthScales;
  lengthScaleGradient.fill(0);
  let signalGradient = 0;
  let noiseGradient = 0;
  let priorNoiseGradient = 0;
  for (let i = 0; i < n; i++) {
    const wDiagonal = alpha[i]! * alpha[i]! - inverse[i * n + i]!;
    noiseGradient += wDiagonal;
    if (discountMask?.[i] === 1) priorNoiseGradient += wDiagonal;
    signalGradient += wDiagonal * signalVariance;
    const rowI = i * dimension;
    for (let j = 0; j < i; j++) {
      const rowJ = j * dimension;
      // Off-diagonal pairs count twice (W and K are symmetric).
      const w = 2 * (alpha[i]! * alpha[j]! - inverse[i * n + j]!);
      signalGradient += w * pairCache[i * n + j]!;
      const lengthWeight = w * pairCache[j * n + i]!;
      if (hasCategorical) {
        for (let k = 0; k < dimension; k++) {
          const difference = inputs[rowI + k]! - inputs[rowJ + k]!;
          const squared = categoricalMask[k] ? (difference === 0 ? 0 : 1) : difference * difference;
          lengthScaleGradient[k] =
            lengthScaleGradient[k]! + lengthWeight * squared * inverseSquaredLengthScales[k]!;
        }
      } else {
        for (let k = 0; k < dimension; k++) {
          const difference = inputs[rowI + k]! - inputs[rowJ + k]!;
          lengthScaleGradient[k] =
            lengthScaleGradient[k]! +
            lengthWeight * (difference * difference) * inverseSquaredLengthScales[k]!;
        }
      }
    }
  }
  for (let k = 0; k < dimension; k++) lengthScaleGradient[k] = 0.5 * lengthScaleGradient[k]!;
  gradient.signalVariance = 0.5 * signalGradient;
  gradient.noiseVariance = 0.5 * noiseGradient;
  gradient.priorNoiseVariance = 0.5 * priorNoiseGradient;
  return value;
}
