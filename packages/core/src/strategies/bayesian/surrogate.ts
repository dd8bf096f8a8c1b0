/**
 * The Bayesian strategy's surrogate: a Gaussian process on warped inputs, with hyperparameters that are a
 * function of the history alone (so suggestion k is reproducible after a resume) yet warm-started.
 *
 * Shapes: U n × d row-major unit points (observation order), y length n (to minimise).
 * Checkpoints: n_c = the largest multiple of s(n) not above n (or n itself below s), with the spacing
 * s(n) = CHECKPOINT_EVERY (8) up to 255 observations, then 2^⌊log2 n⌋ / 16 (16 from 256, 32 from 512, 64 from
 * 1024), so that the cost of cold fits per suggestion stays bounded as n grows. At a
 * checkpoint the strategy decides the `Auto` warps (see `inputWarping.ts`) and fits hyperparameters cold
 * (prior mode plus seeded random starts, seed derived from (seed, n_c)) on the first n_c observations. Every
 * fit in between starts from the checkpoint's hyperparameters (warm start, no random starts). The checkpoint
 * is cached with a copy of its data and recomputed only when that prefix changed (for example after a resume),
 * so the result never depends on which suggestions this instance happened to make before.
 * From REFIT_EVERY_ASK_BELOW observations on, the fits between checkpoints are skipped: the model conditions
 * on all the data with the checkpoint's hyperparameters (the checkpoint's Cholesky factor grown by the new
 * rows) instead of a warm search (dozens of O(n³) steps). At n = 200 in 6 dimensions the warm search took
 * 0.5-1 s of a 0.7 s median suggestion.
 * Warp decision: greedy over the candidate ranges in order; a range takes the logarithm when it raises the
 * maximum a posteriori objective (log marginal likelihood + log prior) of a cold fit.
 * @internal
 */

import { type GrownFactor, growCholeskyFactor } from '../../gp/appendObservations.ts';
import { fitGaussianProcess } from '../../gp/fit.ts';
import { solveLowerInPlace, solveLowerTransposeInPlace } from '../../gp/linalg.ts';
import {
  createLikelihoodWorkspace,
  leadingPriorMask,
  logMarginalLikelihood,
} from '../../gp/marginalLikelihood.ts';
import { buildGaussianProcessModel, type PriorMean, standardizeTargets } from '../../gp/model.ts';
import { type LengthScalePrior, logPrior } from '../../gp/priors.ts';
import type { GaussianProcessHyperparameters, GaussianProcessModel } from '../../gp/types.ts';
import { deriveSeed } from '../../rng.ts';
import { type Warp, warpPoints } from './inputWarping.ts';
import { transformTargets } from './outputTransform.ts';

/** Observations between two cold fits (and warp decisions). */
const CHECKPOINT_EVERY = 8;
/**
 * Below this many observations every suggestion refits the hyperparameters (warm); from it on, only
 * checkpoints do. 32: over 30 seeds of the quality benchmark the medians at 25 and 50 evaluations moved
 * within their seed-to-seed noise against 100 (never refitting between checkpoints, 0, cost Branin and
 * Ackley at 25), and a suggestion at 50 observations in 6-D took 4-5 ms less.
 */
const REFIT_EVERY_ASK_BELOW = 32;
/** Random starts of a cold fit besides the prior's mode. */
const COLD_RESTARTS = 2;
/** Most observations a hyperparameter search uses (the model still conditions on all of them). */
const MAX_FIT_OBSERVATIONS = 300;
/**
 * Constant prior mean of every fit: the worst (largest transformed) observed value, see `PriorMean` in
 * `gp/model.ts`. Measured with bench/quality.ts-style runs over 30 seeds at 50 evaluations (median / mean
 * regret), the data's average against the maximum: Hartmann6 0.062 / 0.13 against 0.00017 / 0.059,
 * Rosenbrock-4 2.28 / 2.72 against 1.81 / 1.85, Ackley-5 4.83 / 6.42 against 3.02 / 3.65.
 */
const PRIOR_MEAN: PriorMean = 'maximum';
/** Length-scale prior of every fit and of the warp decision. */
const LENGTH_SCALE_PRIOR: LengthScalePrior = 'dimensionScaled';

/** What the surrogate needs to know about the space. */
export interface SurrogateSettings {
  readonly dimension: number;
  readonly categoricalMask: Uint8Array;
  /** Per coordinate, the logarithmic warp an `Auto` range could take (undefined: always linear). */
  readonly warpCandidates: readonly Warp[];
  readonly seed: number;
}

/** A fitted surrogate: the model on warped inputs, the warps it uses and the targets it was given. */
export interface Surrogate {
  readonly model: GaussianProcessModel;
  readonly warps: readonly Warp[];
  /** The observed values after `transformTargets`, which the model fits. */
  readonly targets: Float64Array;
}

interface Checkpoint {
  readonly units: Float64Array;
  readonly targets: Float64Array;
  readonly warps: readonly Warp[];
  readonly hyperparameters: GaussianProcessHyperparameters;
  /** Leading rows that are a discountable prior (see `fitGaussianProcess`'s `priorCount`). */
  readonly priorCount: number;
  /** The model on the checkpoint's own inputs (its Cholesky factor), made at the first fit that needs it. */
  base?: GaussianProcessModel;
}

/** Fits surrogates for a growing history, caching the last checkpoint. */
export interface SurrogateFitter {
  /**
   * Fits the surrogate to the history.
   *
   * @param units - observed unit points, n × d row-major, n ≥ 1.
   * @param targets - observed values to minimise, length n, finite (transformed here, see `outputTransform.ts`).
   * @param priorCount - the first `priorCount` observations are a discountable prior (a transfer-learning warm
   *   start's parent trials): the model fits how much less to trust them. Default 0.
   * @returns the model (on warped inputs), the warps and the transformed targets.
   */
  fit(units: Float64Array, targets: Float64Array, priorCount?: number): Surrogate;
}

/**
 * Creates a fitter for one strategy instance.
 *
 * @param settings - dimension, categorical mask, warp candidates, seed.
 * @returns the fitter.
 */
export function createSurrogateFitter(settings: SurrogateSettings): SurrogateFitter {
  let cached: Checkpoint | undefined;
  const d = settings.dimension;

  const checkpointFor = (units: Float64Array, targets: Float64Array, priorCount: number): Checkpoint => {
    const n = targets.length;
    const spacing = checkpointSpacing(n);
    // The prior's rows always lie inside the checkpoint: rows grown onto it get the job's own noise only.
    const count = Math.max(n < spacing ? n : n - (n % spacing), Math.min(priorCount, n));
    const prefixUnits = units.subarray(0, count * d);
    const prefixTargets = targets.subarray(0, count);
    if (
      cached !== undefined &&
      cached.priorCount === priorCount &&
      sameData(cached, prefixUnits, prefixTargets)
    )
      return cached;
    const seed = deriveSeed(settings.seed, count);
    // The transform of the prefix alone: the checkpoint must not depend on observations after it.
    const { warps, hyperparameters } = decideWarps(
      prefixUnits,
      transformTargets(prefixTargets),
      settings,
      seed,
      priorCount,
    );
    cached = {
      units: prefixUnits.slice(),
      targets: prefixTargets.slice(),
      warps,
      hyperparameters,
      priorCount,
    };
    return cached;
  };

  /**
   * The model with the checkpoint's hyperparameters on all the data: the checkpoint's Cholesky factor grown
   * by the rows since (O(n²) each, `growCholeskyFactor`) instead of a new O(n³/3) factorisation (170 ms at
   * n = 1000 here), then alpha for the current targets, solved once. The rows are those grown from the
   * checkpoint whichever way: the last grown factor is reused when the history extends its inputs (a row's
   * arithmetic depends only on the rows above it), so the model is a function of the history alone, rounding
   * included, and an ask at 1000 observations grows one row instead of up to 31.
   */
  let lastGrown: { checkpoint: Checkpoint; grown: GrownFactor } | undefined;
  const conditionOnCheckpoint = (
    checkpoint: Checkpoint,
    inputs: Float64Array,
    targets: Float64Array,
  ): GaussianProcessModel => {
    const count = checkpoint.targets.length;
    const options = {
      dimension: d,
      categoricalMask: settings.categoricalMask,
      priorMean: PRIOR_MEAN,
      priorCount: checkpoint.priorCount,
    };
    checkpoint.base ??= buildGaussianProcessModel(
      inputs.subarray(0, count * d),
      targets.subarray(0, count),
      checkpoint.hyperparameters,
      options,
    );
    const base = checkpoint.base;
    const n = targets.length;
    let grown: GrownFactor;
    if (n === count) {
      grown = { inputs: base.inputs, factor: base.choleskyFactor };
    } else {
      const extendsLast =
        lastGrown !== undefined &&
        lastGrown.checkpoint === checkpoint &&
        lastGrown.grown.inputs.length <= inputs.length &&
        lastGrown.grown.inputs.every((value, i) => Object.is(value, inputs[i]));
      grown = growCholeskyFactor(
        base,
        inputs.subarray(count * d),
        extendsLast ? lastGrown!.grown : undefined,
      );
      lastGrown = { checkpoint, grown };
    }
    const { targetMean, targetScale } = standardizeTargets(targets, PRIOR_MEAN);
    const alpha = new Float64Array(n);
    for (let i = 0; i < n; i++) alpha[i] = (targets[i]! - targetMean) / targetScale;
    solveLowerInPlace(grown.factor, n, alpha);
    solveLowerTransposeInPlace(grown.factor, n, alpha);
    return {
      ...base,
      count: n,
      inputs: grown.inputs,
      choleskyFactor: grown.factor,
      alpha,
      targetMean,
      targetScale,
    };
  };

  return {
    fit(units, observed, priorCount = 0) {
      const checkpoint = checkpointFor(units, observed, priorCount);
      const targets = transformTargets(observed);
      const inputs = warpPoints(units, checkpoint.warps);
      if (targets.length >= REFIT_EVERY_ASK_BELOW) {
        return {
          model: conditionOnCheckpoint(checkpoint, inputs, targets),
          warps: checkpoint.warps,
          targets,
        };
      }
      const model = fitGaussianProcess(inputs, targets, {
        dimension: d,
        categoricalMask: settings.categoricalMask,
        previous: checkpoint.hyperparameters,
        seed: deriveSeed(settings.seed, targets.length),
        restarts: 0,
        maxFitObservations: MAX_FIT_OBSERVATIONS,
        lengthScalePrior: LENGTH_SCALE_PRIOR,
        priorMean: PRIOR_MEAN,
        priorCount,
      });
      return { model, warps: checkpoint.warps, targets };
    },
  };
}

/** Observations between checkpoints at history size n (see the module comment). */
function checkpointSpacing(n: number): number {
  return n < 256 ? CHECKPOINT_EVERY : 2 ** (31 - Math.clz32(n)) / 16;
}

function decideWarps(
  units: Float64Array,
  targets: Float64Array,
  settings: SurrogateSettings,
  seed: number,
  priorCount: number,
): { warps: readonly Warp[]; hyperparameters: GaussianProcessHyperparameters } {
  const warps: Warp[] = new Array<Warp>(settings.dimension).fill(undefined);
  let best = coldFit(units, targets, warps, settings, seed, priorCount);
  for (let j = 0; j < settings.dimension; j++) {
    const candidate = settings.warpCandidates[j];
    if (candidate === undefined || targets.length < 3) continue;
    const trial = warps.slice();
    trial[j] = candidate;
    const result = coldFit(units, targets, trial, settings, seed, priorCount);
    if (result.objective > best.objective) {
      warps[j] = candidate;
      best = result;
    }
  }
  return { warps, hyperparameters: best.model.hyperparameters };
}

function coldFit(
  units: Float64Array,
  targets: Float64Array,
  warps: readonly Warp[],
  settings: SurrogateSettings,
  seed: number,
  priorCount: number,
): { model: GaussianProcessModel; objective: number } {
  const inputs = warpPoints(units, warps);
  const model = fitGaussianProcess(inputs, targets, {
    dimension: settings.dimension,
    categoricalMask: settings.categoricalMask,
    seed,
    restarts: COLD_RESTARTS,
    maxFitObservations: MAX_FIT_OBSERVATIONS,
    lengthScalePrior: LENGTH_SCALE_PRIOR,
    priorMean: PRIOR_MEAN,
    priorCount,
  });
  return { model, objective: posteriorObjective(model, targets) };
}

/** Log marginal likelihood plus log prior of a fitted model's hyperparameters on its own data. */
function posteriorObjective(model: GaussianProcessModel, targets: Float64Array): number {
  const n = targets.length;
  const standardized = new Float64Array(n);
  for (let i = 0; i < n; i++) standardized[i] = (targets[i]! - model.targetMean) / model.targetScale;
  const { lengthScales, signalVariance, noiseVariance, priorNoiseVariance } = model.hyperparameters;
  const discountMask = leadingPriorMask(n, model.priorCount ?? 0);
  const likelihood = logMarginalLikelihood(
    {
      inputs: model.inputs,
      targets: standardized,
      dimension: model.dimension,
      categoricalMask: model.categoricalMask,
      ...(discountMask === undefined ? {} : { discountMask }),
    },
    lengthScales,
    signalVariance,
    noiseVariance,
    createLikelihoodWorkspace(n),
    undefined,
    priorNoiseVariance ?? 0,
  );
  const prior = logPrior(
    lengthScales,
    signalVariance,
    noiseVariance,
    LENGTH_SCALE_PRIOR,
    new Float64Array(model.dimension),
  );
  return likelihood + prior.value;
}

function sameData(checkpoint: Checkpoint, units: Float64Array, targets: Float64Array): boolean {
  if (checkpoint.targets.length !== targets.length || checkpoint.units.length !== units.length) return false;
  for (let i = 0; i < targets.length; i++) if (!Object.is(checkpoint.targets[i], targets[i])) return false;
  for (let i = 0; i < units.length; i++) if (!Object.is(checkpoint.units[i], units[i])) return false;
  return true;
}
