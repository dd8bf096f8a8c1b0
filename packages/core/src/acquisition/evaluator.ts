/**
 * The acquisition evaluator: the seam between the Bayesian strategy and where its heavy loops run.
 *
 * Jobs are plain data (numbers, `Float64Array`s and the plain `GaussianProcessModel`), so a worker pool
 * (`@tunekit/worker`) can post them to threads with their buffers transferred and call the same pure
 * functions there (`scoreCandidates`, `refineCandidates` in acquisitionFunction.ts; this file declares only the
 * seam, so that both sides import it and neither imports the other). Every candidate's score and every start's refinement
 * is independent of the others, so however a pool splits a job, the results are the same as in one thread.
 *
 * Shapes: d = model.dimension; m candidates as an m × d row-major `Float64Array`; k starts likewise.
 * Units: the incumbent is in the model's standardised target units (see `gp/posterior.ts`).
 */
import type { GaussianProcessModel } from '../gp/types.ts';

/** Scores a batch of candidate points by log expected improvement. */
export interface ScoreJob {
  readonly model: GaussianProcessModel;
  /** Best (lowest) standardised value to improve on. */
  readonly incumbent: number;
  /** Candidates, m × d row-major, in the model's input space. */
  readonly candidates: Float64Array;
  /**
   * When set, only the `top` best scores are wanted: they are exact and in place, every other score is
   * -Infinity (`keepTopScores`), which lets the scoring skip candidates that cannot rank (see `scoreCandidates`).
   */
  readonly top?: number;
}

/** Refines start points by maximising log expected improvement within bounds. */
export interface RefineJob {
  readonly model: GaussianProcessModel;
  readonly incumbent: number;
  /** Starts, k × d row-major. Categorical coordinates (model.categoricalMask) stay where they start. */
  readonly starts: Float64Array;
  /** Lower bounds of the box, length d. */
  readonly lower: Float64Array;
  /** Upper bounds of the box, length d. */
  readonly upper: Float64Array;
  /** Iteration budget of each start's L-BFGS run. */
  readonly maxIterations: number;
}

/** Refined points and their log expected improvement. */
export interface RefineResult {
  /** k × d row-major, within the bounds. */
  readonly points: Float64Array;
  /** log EI at each point (finite whenever the start's was). */
  readonly values: Float64Array;
}

/** Where acquisition work runs: the current thread by default, a worker pool in the runner. */
export interface AcquisitionEvaluator {
  /**
   * Log expected improvement of every candidate.
   *
   * @param job - model, incumbent and candidates.
   * @returns one score per candidate, in order.
   */
  score(job: ScoreJob): Promise<Float64Array>;
  /**
   * Local maximisation of log expected improvement from each start.
   *
   * @param job - model, incumbent, starts, bounds and iteration budget.
   * @returns one refined point and score per start, in order.
   */
  refine(job: RefineJob): Promise<RefineResult>;
  /** Releases threads, if any. */
  close(): Promise<void>;
}
