/**
 * CONTRACT between the Gaussian-process model (`gp/`) and the acquisition / Bayesian strategy / worker pool.
 *
 * Shapes: n = number of observations, d = dimension of the model's input space (the unit cube, after any
 * input warping and categorical encoding the strategy applies). Matrices are row-major `Float64Array`s.
 * A `GaussianProcessModel` is plain data (numbers and `Float64Array`s only) so it can be posted to a worker
 * thread with its buffers transferred, and rebuilt there without any class instance.
 */

/** Kernel hyperparameters of a Matérn-5/2 ARD kernel plus observation noise, on standardised targets. */
export interface GaussianProcessHyperparameters {
  /** One length scale per input dimension, length d. */
  readonly lengthScales: Float64Array;
  /** Kernel amplitude (variance of the latent function), in standardised target units. */
  readonly signalVariance: number;
  /** Observation noise variance, in standardised target units. */
  readonly noiseVariance: number;
  /**
   * Extra noise variance of the discountable prior rows (the first `priorCount` of the model), in standardised
   * target units: how far the model trusts a warm start's parent observations less than its own. Absent or 0
   * without such rows.
   */
  readonly priorNoiseVariance?: number;
}

/** A fitted GP: everything needed to evaluate the posterior at new points. Plain, transferable data. */
export interface GaussianProcessModel {
  readonly dimension: number;
  readonly count: number;
  /** Training inputs, n × d row-major. */
  readonly inputs: Float64Array;
  /** 1 where dimension j is categorical (Hamming-type distance: 0 if equal cell, 1 otherwise), else 0; length d. */
  readonly categoricalMask: Uint8Array;
  readonly hyperparameters: GaussianProcessHyperparameters;
  /** The first `priorCount` rows are a discountable prior (`hyperparameters.priorNoiseVariance`); absent: 0. */
  readonly priorCount?: number;
  /** Lower Cholesky factor L of K + (noise + jitter) I, n × n row-major. */
  readonly choleskyFactor: Float64Array;
  /** alpha = (K + noise I)^-1 (y - 0) on standardised targets, length n. */
  readonly alpha: Float64Array;
  /** Targets were standardised as (y - targetMean) / targetScale before fitting. */
  readonly targetMean: number;
  readonly targetScale: number;
}
