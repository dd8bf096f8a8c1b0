/**
 * Fitting a Gaussian process: maximum a posteriori hyperparameters by projected L-BFGS from several starts.
 *
 * Shapes: X n × d row-major in the unit cube, y length n in original units. Targets are standardised
 * (z = (y - c) / std with c the mean or, with `priorMean: 'maximum'`, the maximum; see `standardizeTargets`),
 * and the fit maximises
 *   log p(z | θ) + log p(θ)
 * (marginal likelihood in `marginalLikelihood.ts`, priors in `priors.ts`) over
 *   θ = [log l_1 .. log l_d, log σ², log(noiseVariance - 1e-6)]
 * with analytic gradients, within wide box bounds. The starts are the previous fit's hyperparameters when
 * given (warm start), otherwise the prior's mode for every l_j (1 with Optuna's prior), σ² = 1 and noise
 * 1e-2 (Optuna's initial values); plus `restarts` random starts drawn from the seeded generator. The best
 * final objective wins.
 *
 * Priors: Optuna GPSampler's by default (gamma-type priors on the inverse squared length scales, σ² and the
 * noise, with a 1e-6 noise floor), the recipe of the reference figures; BoTorch's dimension-scaled
 * log-normal prior is available as `lengthScalePrior: 'dimensionScaled'` (the Bayesian strategy's choice,
 * measured in `priors.ts`).
 *
 * Cost: every step of the search is one Cholesky plus one inverse, O(n³): about 4-5 ms at n = 200 on one
 * core here, so a cold fit with the default 2 random starts takes ~0.5 s at n = 200 and a warm refit
 * (`previous`, `restarts: 0`) ~50 ms. `maxFitObservations` bounds the search's n for large histories.
 */
import { TunekitError } from '../errors.ts';
import { exp } from '../math/exp.ts';
import { log } from '../math/log.ts';
import { minimizeBounded } from '../optim/lbfgsb.ts';
import { createRng } from '../rng.ts';
import { createFitObjective } from './fitObjective.ts';
import { selectFitSubset } from './fitSubset.ts';
import {
  createLikelihoodWorkspace,
  type LikelihoodData,
  leadingPriorMask,
  logMarginalLikelihood,
} from './marginalLikelihood.ts';
import { buildGaussianProcessModel, type PriorMean, standardizeTargets, validateData } from './model.ts';
import { type LengthScalePrior, lengthScalePriorMode, MINIMUM_NOISE_VARIANCE } from './priors.ts';
import type { GaussianProcessHyperparameters, GaussianProcessModel } from './types.ts';

/** Options of {@link fitGaussianProcess}. */
export interface FitGaussianProcessOptions {
  /** Input dimension d. */
  readonly dimension: number;
  /** 1 on categorical dimensions (Hamming-type distance), length d; all continuous when omitted. */
  readonly categoricalMask?: ArrayLike<number>;
  /** Hyperparameters of the last fit: the first start (warm start). */
  readonly previous?: GaussianProcessHyperparameters;
  /** Seed of the random starts (a whole number); the same data, seed and options give the same model. */
  readonly seed: number;
  /** Number of random starts besides the warm (or default) start. Default 2. */
  readonly restarts?: number;
  /** Length-scale prior, see `priors.ts`. Default `optuna`. */
  readonly lengthScalePrior?: LengthScalePrior;
  /** Iteration budget of each start's L-BFGS run. Default 200. */
  readonly maxIterations?: number;
  /** Largest projected-gradient component at convergence (Optuna's gtol). Default 1e-2. */
  readonly tolerance?: number;
  /**
   * Most observations the hyperparameter search uses (each of its steps costs O(m³)); beyond it the search
   * runs on a subset (the lowest half of the budget by target plus an even spread of the rest, see
   * `fitSubset.ts`) and the model is then conditioned on all n observations. Default: all.
   */
  readonly maxFitObservations?: number;
  /** The constant prior mean (see {@link PriorMean}). Default `average`. */
  readonly priorMean?: PriorMean;
  /**
   * The first `priorCount` observations are a discountable prior (a warm start's parent trials under transfer
   * learning): they get an extra noise variance, `priorNoiseVariance`, fitted with the other hyperparameters, so
   * the more the parents' values disagree with the job's own, the less the model trusts them. Default 0.
   */
  readonly priorCount?: number;
}

const LOG_LENGTH_SCALE_BOUNDS = [log(1e-3), log(1e3)] as const;
const LOG_SIGNAL_VARIANCE_BOUNDS = [log(1e-4), log(1e4)] as const;
const LOG_EXCESS_NOISE_BOUNDS = [log(1e-9), log(10)] as const;
/** Up to 100 signal variances: a prior that far off is as good as ignored. */
const LOG_PRIOR_NOISE_BOUNDS = [log(1e-6), log(100)] as const;
/** The first start's prior noise: a tenth of the standardised targets' variance. */
const DEFAULT_PRIOR_NOISE_VARIANCE = 0.1;

/**
 * Fits a Gaussian process to data: standardises the targets, finds maximum a posteriori hyperparameters
 * (Optuna GPSampler's priors by default), and conditions on the data.
 *
 * @param inputs - X, n × d row-major, finite (unit-cube coordinates; categorical ones at their cell's centre).
 * @param targets - y, length n, finite, original units (duplicates and constant targets are fine).
 * @param options - dimension, categorical mask, warm start, seed and restarts.
 * @returns the fitted model as plain transferable data (posterior in standardised units).
 * @throws TunekitError `invalidArgument` on mismatched shapes or non-finite data.
 */
export function fitGaussianProcess(
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  options: FitGaussianProcessOptions,
): GaussianProcessModel {
  const dimension = options.dimension;
  const categoricalMask = validateData(inputs, targets, dimension, options.categoricalMask);
  const restarts = options.restarts ?? 2;
  if (!Number.isInteger(restarts) || restarts < 0) {
    throw new TunekitError('invalidArgument', `restarts must be a non-negative integer, got ${restarts}`);
  }
  if (options.previous !== undefined && options.previous.lengthScales.length !== dimension) {
    throw new TunekitError(
      'invalidArgument',
      `previous.lengthScales must have length dimension (${dimension}), got ${options.previous.lengthScales.length}`,
    );
  }
  const maxFitObservations = options.maxFitObservations ?? Number.POSITIVE_INFINITY;
  if (!(maxFitObservations >= 1)) {
    throw new TunekitError(
      'invalidArgument',
      `maxFitObservations must be at least 1, got ${maxFitObservations}`,
    );
  }
  const prior = options.lengthScalePrior ?? 'optuna';
  const n = targets.length;
  const priorCount = Math.min(Math.max(Math.floor(options.priorCount ?? 0), 0), n);
  const discountMask = leadingPriorMask(n, priorCount);
  const { targetMean, targetScale } = standardizeTargets(targets, options.priorMean);
  const standardized = new Float64Array(n);
  for (let i = 0; i < n; i++) standardized[i] = (targets[i]! - targetMean) / targetScale;
  const data: LikelihoodData = {
    inputs: Float64Array.from(inputs),
    targets: standardized,
    dimension,
    categoricalMask,
    ...(discountMask === undefined ? {} : { discountMask }),
  };
  const subset = selectFitSubset(standardized, maxFitObservations);
  const fitData = subset.length === n ? data : subsetOf(data, subset);
  const workspace = createLikelihoodWorkspace(subset.length);

  const discounted = discountMask !== undefined;
  const size = dimension + (discounted ? 3 : 2);
  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  lower.fill(LOG_LENGTH_SCALE_BOUNDS[0], 0, dimension);
  upper.fill(LOG_LENGTH_SCALE_BOUNDS[1], 0, dimension);
  lower[dimension] = LOG_SIGNAL_VARIANCE_BOUNDS[0];
  upper[dimension] = LOG_SIGNAL_VARIANCE_BOUNDS[1];
  lower[dimension + 1] = LOG_EXCESS_NOISE_BOUNDS[0];
  upper[dimension + 1] = LOG_EXCESS_NOISE_BOUNDS[1];
  if (discounted) {
    lower[dimension + 2] = LOG_PRIOR_NOISE_BOUNDS[0];
    upper[dimension + 2] = LOG_PRIOR_NOISE_BOUNDS[1];
  }

  const starts: Float64Array[] = [
    encode(options.previous ?? defaultHyperparameters(dimension, prior), dimension, discounted),
  ];
  const rng = createRng(options.seed);
  for (let s = 0; s < restarts; s++) {
    const start = new Float64Array(size);
    for (let j = 0; j < dimension; j++) start[j] = log(0.05) + rng.nextFloat() * log(2 / 0.05);
    start[dimension] = log(0.3) + rng.nextFloat() * log(10);
    start[dimension + 1] = log(1e-5) + rng.nextFloat() * log(1e4);
    if (discounted) start[dimension + 2] = log(1e-3) + rng.nextFloat() * log(1e4);
    starts.push(start);
  }

  let best = starts[0]!;
  let bestValue = Number.POSITIVE_INFINITY;
  if (n > 0) {
    const objective = createFitObjective(fitData, workspace, prior);
    for (const start of starts) {
      const result = minimizeBounded(objective, start, lower, upper, {
        maxIterations: options.maxIterations ?? 200,
        tolerance: options.tolerance ?? 1e-2,
        functionTolerance: 1e-9,
      });
      if (result.value < bestValue) {
        bestValue = result.value;
        best = result.x;
      }
    }
  }
  const hyperparameters = decode(clampInto(best, lower, upper), dimension, discounted);
  if (fitData !== data) {
    return buildGaussianProcessModel(data.inputs, targets, hyperparameters, {
      dimension,
      categoricalMask,
      targetMean,
      targetScale,
      priorCount,
    });
  }
  // Leaves L and alpha of the chosen hyperparameters in the workspace.
  logMarginalLikelihood(
    data,
    hyperparameters.lengthScales,
    hyperparameters.signalVariance,
    hyperparameters.noiseVariance,
    workspace,
    undefined,
    hyperparameters.priorNoiseVariance ?? 0,
  );
  return {
    dimension,
    count: n,
    inputs: data.inputs,
    categoricalMask,
    hyperparameters,
    ...(discounted ? { priorCount } : {}),
    choleskyFactor: workspace.factor,
    alpha: workspace.alpha,
    targetMean,
    targetScale,
  };
}

function subsetOf(data: LikelihoodData, rows: Int32Array): LikelihoodData {
  const d = data.dimension;
  const inputs = new Float64Array(rows.length * d);
  const targets = new Float64Array(rows.length);
  rows.forEach((row, k) => {
    inputs.set(data.inputs.subarray(row * d, (row + 1) * d), k * d);
    targets[k] = data.targets[row]!;
  });
  const discountMask = data.discountMask;
  return {
    inputs,
    targets,
    dimension: d,
    categoricalMask: data.categoricalMask,
    ...(discountMask === undefined
      ? {}
      : { discountMask: Uint8Array.from(rows, (row) => discountMask[row]!) }),
  };
}

function defaultHyperparameters(dimension: number, prior: LengthScalePrior): GaussianProcessHyperparameters {
  const lengthScale = lengthScalePriorMode(prior, dimension);
  return {
    lengthScales: new Float64Array(dimension).fill(lengthScale),
    signalVariance: 1,
    noiseVariance: 1e-2,
  };
}

function encode(
  hyperparameters: GaussianProcessHyperparameters,
  dimension: number,
  discounted: boolean,
): Float64Array {
  const theta = new Float64Array(dimension + (discounted ? 3 : 2));
  for (let j = 0; j < dimension; j++) theta[j] = log(hyperparameters.lengthScales[j] ?? 1);
  theta[dimension] = log(hyperparameters.signalVariance);
  const excess = hyperparameters.noiseVariance - MINIMUM_NOISE_VARIANCE;
  theta[dimension + 1] = log(Math.max(excess, 1e-9));
  if (discounted)
    theta[dimension + 2] = log(
      Math.max(hyperparameters.priorNoiseVariance ?? DEFAULT_PRIOR_NOISE_VARIANCE, 1e-6),
    );
  // NaN (for example from a non-positive previous value) falls back to the default start's coordinates.
  for (let k = 0; k < theta.length; k++)
    if (Number.isNaN(theta[k]))
      theta[k] =
        k === dimension + 1 ? log(1e-2) : k === dimension + 2 ? log(DEFAULT_PRIOR_NOISE_VARIANCE) : 0;
  return theta;
}

function decode(theta: Float64Array, dimension: number, discounted: boolean): GaussianProcessHyperparameters {
  const lengthScales = new Float64Array(dimension);
  for (let j = 0; j < dimension; j++) lengthScales[j] = exp(theta[j]!);
  return {
    lengthScales,
    signalVariance: exp(theta[dimension]!),
    noiseVariance: MINIMUM_NOISE_VARIANCE + exp(theta[dimension + 1]!),
    ...(discounted ? { priorNoiseVariance: exp(theta[dimension + 2]!) } : {}),
  };
}

function clampInto(theta: Float64Array, lower: Float64Array, upper: Float64Array): Float64Array {
  return theta.map((value, k) => Math.min(Math.max(value, lower[k]!), upper[k]!));
}
