/**
 * Adding observations to a fitted Gaussian process without refitting: the Cholesky factor grows by rows in
 * O(n²) each instead of a new O(n³) factorisation.
 *
 * Shapes: the model has n observations (X n × d, L n × n); k new rows X' (k × d) with targets y' (length k,
 * original units). With the same hyperparameters and standardisation, for each new row x:
 *   l = L⁻¹ k(X, x),  c = √(σ² + noiseVariance - lᵀ l)  (floored at √(1e-10 σ²) against rounding),
 *   L_new = [[L, 0], [lᵀ, c]].
 * The standardised targets of the old rows are recovered as z = L (Lᵀ alpha), and alpha_new = K_new⁻¹ z_new.
 * Use: kriging believer / constant liar for pending trials, or a cheap update between hyperparameter refits.
 */
import { TunekitError } from '../errors.ts';
import { inverseSquares, matern52, scaledSquaredDistance } from './kernel.ts';
import { solveLowerInPlace, solveLowerTransposeInPlace } from './linalg.ts';
import type { GaussianProcessModel } from './types.ts';

/** The inputs and Cholesky factor of a model grown by k rows (see {@link growCholeskyFactor}). */
export interface GrownFactor {
  /** X then X', (n + k) × d. */
  readonly inputs: Float64Array;
  /** L_new, (n + k) × (n + k) row-major, lower triangle. */
  readonly factor: Float64Array;
}

/**
 * The Cholesky factor of a model's covariance grown by k more inputs, with the same hyperparameters, in
 * O(k n²) (see the module comment); the targets play no part.
 *
 * Each new row is computed from the rows above it alone, so growing by k rows in one call or in several (with
 * `from`, a factor this function returned for the same model and the first rows of X') gives the same bits.
 *
 * @param model - a fitted model; not modified.
 * @param inputs - X', k × d row-major, finite.
 * @param from - optional: the result of growing `model` by the first rows of `inputs` (its inputs must equal
 *   the model's followed by those rows); only the rows after them are computed.
 * @returns all inputs and the grown factor.
 * @throws TunekitError `invalidArgument` when inputs is not a whole number of rows or holds a non-finite value.
 */
export function growCholeskyFactor(
  model: GaussianProcessModel,
  inputs: ArrayLike<number>,
  from?: GrownFactor,
): GrownFactor {
  const { dimension, count: n, categoricalMask, choleskyFactor } = model;
  const { lengthScales, signalVariance, noiseVariance } = model.hyperparameters;
  const k = inputs.length / dimension;
  if (!Number.isInteger(k)) {
    throw new TunekitError(
      'invalidArgument',
      `inputs must hold a whole number of rows of ${dimension} numbers, got ${inputs.length}`,
    );
  }
  for (let i = 0; i < inputs.length; i++) {
    if (!Number.isFinite(inputs[i])) {
      throw new TunekitError('invalidArgument', `inputs[${i}] is ${inputs[i]}: every input must be finite`);
    }
  }
  const total = n + k;
  const allInputs = new Float64Array(total * dimension);
  allInputs.set(model.inputs.subarray(0, n * dimension));
  for (let i = 0; i < k * dimension; i++) allInputs[n * dimension + i] = inputs[i]!;
  const factor = new Float64Array(total * total);
  const start = from === undefined ? n : from.inputs.length / dimension;
  if (!Number.isInteger(start) || start < n || start > total) {
    throw new TunekitError('invalidArgument', `from must be the model grown by 0 to ${k} of these rows`);
  }
  const previous = from?.factor ?? choleskyFactor;
  for (let i = 0; i < start; i++) {
    factor.set(previous.subarray(i * start, i * start + i + 1), i * total);
  }
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  const pivotFloor = 1e-10 * signalVariance;
  for (let row = start; row < total; row++) {
    const offset = row * total;
    // Row `row` of L: l = L⁻¹ k(X_{<row}, x_row), computed inside the new factor itself.
    const line = factor.subarray(offset, offset + row);
    for (let i = 0; i < row; i++) {
      line[i] =
        signalVariance *
        matern52(
          scaledSquaredDistance(
            allInputs,
            row,
            allInputs,
            i,
            dimension,
            inverseSquaredLengthScales,
            categoricalMask,
          ),
        );
    }
    for (let i = 0; i < row; i++) {
      let sum = line[i]!;
      for (let c = 0; c < i; c++) sum -= factor[i * total + c]! * line[c]!;
      line[i] = sum / factor[i * total + i]!;
    }
    let explained = 0;
    for (let i = 0; i < row; i++) explained += line[i]! * line[i]!;
    factor[offset + row] = Math.sqrt(Math.max(signalVariance + noiseVariance - explained, pivotFloor));
  }
  return { inputs: allInputs, factor };
}

/**
 * A new model that also conditions on k more observations, with the same hyperparameters and standardisation.
 *
 * @param model - a fitted model; not modified.
 * @param inputs - X', k × d row-major, finite.
 * @param targets - y', length k, finite, in ORIGINAL units (standardised with the model's targetMean/Scale).
 * @returns the extended model (n + k observations).
 * @throws TunekitError `invalidArgument` on mismatched shapes or non-finite values.
 */
export function appendObservations(
  model: GaussianProcessModel,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): GaussianProcessModel {
  const { dimension, count: n, categoricalMask, choleskyFactor, alpha, targetMean, targetScale } = model;
  const { lengthScales } = model.hyperparameters;
  const k = targets.length;
  if (inputs.length !== k * dimension) {
    throw new TunekitError(
      'invalidArgument',
      `inputs must hold targets.length × dimension = ${k} × ${dimension} numbers, got ${inputs.length}`,
    );
  }
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(targets[i])) {
      throw new TunekitError(
        'invalidArgument',
        `targets[${i}] is ${targets[i]}: every target must be finite`,
      );
    }
  }
  const { inputs: allInputs, factor } = growCholeskyFactor(model, inputs);
  const total = n + k;

  // Standardised targets of the old rows: z = L (Lᵀ alpha).
  const standardized = new Float64Array(total);
  const transposed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let r = i; r < n; r++) sum += choleskyFactor[r * n + i]! * alpha[r]!;
    transposed[i] = sum;
  }
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c <= i; c++) sum += choleskyFactor[i * n + c]! * transposed[c]!;
    standardized[i] = sum;
  }
  for (let i = 0; i < k; i++) standardized[n + i] = (targets[i]! - targetMean) / targetScale;

  const newAlpha = Float64Array.from(standardized);
  solveLowerInPlace(factor, total, newAlpha);
  solveLowerTransposeInPlace(factor, total, newAlpha);
  return {
    dimension,
    count: total,
    inputs: allInputs,
    categoricalMask: Uint8Array.from(categoricalMask),
    // The new rows are the job's own: only the first `priorCount` rows carry the prior's extra noise.
    hyperparameters: { ...model.hyperparameters, lengthScales: Float64Array.from(lengthScales) },
    ...(model.priorCount === undefined ? {} : { priorCount: model.priorCount }),
    choleskyFactor: factor,
    alpha: newAlpha,
    targetMean,
    targetScale,
  };
}
