/**
 * Conditioning a Gaussian process on data with given hyperparameters (no fitting).
 *
 * Shapes: inputs X is n × d row-major in the unit cube; targets y has length n. Targets are standardised as
 * z = (y - targetMean) / targetScale, and with K = k(X, X) + (noiseVariance + jitter) I = L Lᵀ the model holds
 * L and alpha = K⁻¹ z. The prior mean is 0 on standardised targets.
 */
import { TunekitError } from '../errors.ts';
import { kernelMatrix } from './kernel.ts';
import { choleskyWithJitter, solveLowerInPlace, solveLowerTransposeInPlace } from './linalg.ts';
import type { GaussianProcessHyperparameters, GaussianProcessModel } from './types.ts';

/** Options of {@link buildGaussianProcessModel}. */
export interface BuildGaussianProcessModelOptions {
  /** Input dimension d. */
  readonly dimension: number;
  /** 1 on categorical dimensions (Hamming-type distance), length d; all continuous when omitted. */
  readonly categoricalMask?: ArrayLike<number>;
  /** Centre of the standardisation; computed from the targets (see {@link standardizeTargets}) when omitted. */
  readonly targetMean?: number;
  /** Which constant prior mean the computed centre gives (see {@link PriorMean}); ignored with `targetMean`. */
  readonly priorMean?: PriorMean;
  /** Scale of the standardisation; computed from the targets when omitted. */
  readonly targetScale?: number;
  /** The first `priorCount` rows get `hyperparameters.priorNoiseVariance` on top of the noise. Default 0. */
  readonly priorCount?: number;
}

/**
 * The GP's constant prior mean, in original units: where the posterior mean returns far from the data.
 * - `average`: the targets' mean (scikit-learn's `normalize_y`), the neutral choice for regression;
 * - `maximum`: the largest target, the worst value when minimising. Far from every observation the model then
 *   expects nothing better than the worst seen, so expected improvement explores where the data point to
 *   improvement instead of wherever it knows least (in 4 to 6 dimensions: the cube's corners, which took a
 *   third of the Bayesian strategy's evaluations with `average`, because a search's data crowd into good
 *   regions and drag their mean down). De Ath, Fieldsend and Everson, "What do you mean? The role of the mean
 *   function in Bayesian optimisation", GECCO 2020, found the same: the worst observed value was the best
 *   constant mean in higher dimensions.
 */
export type PriorMean = 'average' | 'maximum';

/** Mean and scale that standardise a target vector. */
export interface TargetStandardization {
  readonly targetMean: number;
  readonly targetScale: number;
}

/**
 * Mean and standard deviation of the targets, with a guard for (nearly) constant targets: when the standard
 * deviation is 0, or below 1e-12 of the mean's magnitude (floating-point noise), the scale falls back to
 * |mean| (or 1 when the mean is 0), so that the standardised targets are all close to 0 and finite.
 *
 * The centre is the mean, or the maximum with `priorMean: 'maximum'` (the scale is the standard deviation
 * either way).
 *
 * @param targets - y, length n ≥ 0, finite.
 * @param priorMean - the centre: `average` (default) or `maximum`.
 * @returns targetMean and targetScale > 0.
 */
export function standardizeTargets(
  targets: ArrayLike<number>,
  priorMean: PriorMean = 'average',
): TargetStandardization {
  const n = targets.length;
  if (n === 0) return { targetMean: 0, targetScale: 1 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (targets[i]! - mean) * (targets[i]! - mean);
  const standardDeviation = Math.sqrt(variance / n);
  const magnitude = Math.abs(mean);
  let centre = mean;
  if (priorMean === 'maximum') for (let i = 0; i < n; i++) centre = Math.max(centre, targets[i]!);
  if (standardDeviation > 0 && standardDeviation >= 1e-12 * magnitude && Number.isFinite(standardDeviation)) {
    return { targetMean: centre, targetScale: standardDeviation };
  }
  return { targetMean: centre, targetScale: magnitude > 0 ? magnitude : 1 };
}

/**
 * Checks the shapes and values of a data set, and returns the categorical mask as a Uint8Array.
 *
 * @throws TunekitError `invalidArgument` naming the offending argument.
 * @internal
 */
export function validateData(
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  dimension: number,
  categoricalMask: ArrayLike<number> | undefined,
): Uint8Array {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new TunekitError('invalidArgument', `dimension must be a positive integer, got ${dimension}`);
  }
  const n = targets.length;
  if (inputs.length !== n * dimension) {
    throw new TunekitError(
      'invalidArgument',
      `inputs must hold targets.length × dimension = ${n} × ${dimension} numbers, got ${inputs.length}`,
    );
  }
  for (let i = 0; i < inputs.length; i++) {
    if (!Number.isFinite(inputs[i])) {
      throw new TunekitError(
        'invalidArgument',
        `inputs[${i}] (row ${Math.floor(i / dimension)}, column ${i % dimension}) is ${inputs[i]}: every input must be finite`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(targets[i])) {
      throw new TunekitError(
        'invalidArgument',
        `targets[${i}] is ${targets[i]}: leave failed or unfinished trials out of the data`,
      );
    }
  }
  const mask = new Uint8Array(dimension);
  if (categoricalMask !== undefined) {
    if (categoricalMask.length !== dimension) {
      throw new TunekitError(
        'invalidArgument',
        `categoricalMask must have length dimension (${dimension}), got ${categoricalMask.length}`,
      );
    }
    for (let j = 0; j < dimension; j++) mask[j] = categoricalMask[j] ? 1 : 0;
  }
  return mask;
}

/**
 * Conditions a Gaussian process with fixed hyperparameters on data: the posterior needs nothing more.
 * Use it to refit cheaply with the last hyperparameters (for example kriging believer / constant liar with
 * pending points), or with hyperparameters from elsewhere.
 *
 * @param inputs - X, n × d row-major, finite.
 * @param targets - y, length n, finite, in original units.
 * @param hyperparameters - length scales, signal and noise variances in standardised units.
 * @param options - dimension, categorical mask and optionally a fixed standardisation.
 * @returns the model as plain transferable data.
 * @throws TunekitError `invalidArgument` on mismatched shapes, non-finite data or non-positive hyperparameters.
 */
export function buildGaussianProcessModel(
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  hyperparameters: GaussianProcessHyperparameters,
  options: BuildGaussianProcessModelOptions,
): GaussianProcessModel {
  const dimension = options.dimension;
  const categoricalMask = validateData(inputs, targets, dimension, options.categoricalMask);
  const { lengthScales, signalVariance, noiseVariance } = hyperparameters;
  if (lengthScales.length !== dimension) {
    throw new TunekitError(
      'invalidArgument',
      `hyperparameters.lengthScales must have length dimension (${dimension}), got ${lengthScales.length}`,
    );
  }
  for (const [name, value] of [
    ...Array.from(lengthScales, (l, j) => [`lengthScales[${j}]`, l] as const),
    ['signalVariance', signalVariance] as const,
  ]) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new TunekitError(
        'invalidArgument',
        `hyperparameters.${name} must be positive and finite, got ${value}`,
      );
    }
  }
  if (!(noiseVariance >= 0) || !Number.isFinite(noiseVariance)) {
    throw new TunekitError(
      'invalidArgument',
      `hyperparameters.noiseVariance must be ≥ 0 and finite, got ${noiseVariance}`,
    );
  }
  const standardization = standardizeTargets(targets, options.priorMean);
  const targetMean = options.targetMean ?? standardization.targetMean;
  const targetScale = options.targetScale ?? standardization.targetScale;
  if (!Number.isFinite(targetMean) || !(targetScale > 0) || !Number.isFinite(targetScale)) {
    throw new TunekitError(
      'invalidArgument',
      'targetMean must be finite and targetScale positive and finite',
    );
  }
  const n = targets.length;
  const inputsCopy = Float64Array.from(inputs);
  const covariance = new Float64Array(n * n);
  kernelMatrix(inputsCopy, n, dimension, lengthScales, signalVariance, categoricalMask, covariance);
  const priorCount = Math.min(options.priorCount ?? 0, n);
  const priorNoiseVariance = priorCount > 0 ? (hyperparameters.priorNoiseVariance ?? 0) : 0;
  if (!(priorNoiseVariance >= 0) || !Number.isFinite(priorNoiseVariance)) {
    throw new TunekitError(
      'invalidArgument',
      `hyperparameters.priorNoiseVariance must be ≥ 0 and finite, got ${priorNoiseVariance}`,
    );
  }
  for (let i = 0; i < n; i++)
    covariance[i * n + i] =
      covariance[i * n + i]! + noiseVariance + (i < priorCount ? priorNoiseVariance : 0);
  const { factor } = choleskyWithJitter(covariance, n, covariance);
  const alpha = new Float64Array(n);
  for (let i = 0; i < n; i++) alpha[i] = (targets[i]! - targetMean) / targetScale;
  solveLowerInPlace(factor, n, alpha);
  solveLowerTransposeInPlace(factor, n, alpha);
  return {
    dimension,
    count: n,
    inputs: inputsCopy,
    categoricalMask,
    hyperparameters: {
      lengthScales: Float64Array.from(lengthScales),
      signalVariance,
      noiseVariance,
      ...(priorCount > 0 ? { priorNoiseVariance } : {}),
    },
    ...(priorCount > 0 ? { priorCount } : {}),
    choleskyFactor: factor,
    alpha,
    targetMean,
    targetScale,
  };
}
