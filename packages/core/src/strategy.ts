/**
 * The strategy interface: history in, suggestions out, all in the unit cube.
 *
 * Shapes: d = number of ranges of the space; a unit point is a `Float64Array` of length d with every
 * coordinate in [0, 1] (see `SearchSpace.toUnit` / `fromUnit`).
 *
 * Determinism: a strategy's suggestions depend only on the seed it was created with, `startIndex` and the
 * history it is given. Suggestion k (0-based, counted over distinct configurations, retries excluded) must be
 * reproducible after a resume, so strategies derive any randomness from (seed, k), never from hidden state.
 */
import type { SearchSpace } from './space/searchSpace.ts';

/** The strategies a tuning file may name (Hyperband: brackets of asynchronous successive halving, tuner/hyperband). */
export type StrategyName = 'Bayesian' | 'Random' | 'Sobol' | 'Grid' | 'Hyperband';

/** A finished trial as a strategy sees it. `value` is oriented so that smaller is better. */
export interface Observation {
  readonly unit: Float64Array;
  readonly value: number;
  /**
   * A discountable prior, not a measurement of this job: a transfer-learning warm start's parent trial. Such
   * observations come first; the Bayesian strategy fits how much less to trust them than the job's own.
   */
  readonly prior?: boolean;
}

/** What a strategy is asked: how many points, from which index, and the history. */
export interface SuggestRequest {
  /** How many suggestions are wanted. A strategy may return fewer when its space is exhausted. */
  readonly count: number;
  /** Index of the first suggestion: the number of distinct configurations suggested before. */
  readonly startIndex: number;
  /** Completed trials with a valid objective, oriented to minimisation. */
  readonly observations: readonly Observation[];
  /** Unit points of trials asked but not finished (running or queued). */
  readonly pending: readonly Float64Array[];
  /** Unit points of trials that failed for good; strategies may avoid them. */
  readonly failed: readonly Float64Array[];
}

/** One proposed point of the unit cube. */
export interface Suggestion {
  readonly unit: Float64Array;
}

/** Maps a history of trials to new points of the unit cube; Random, Grid, Sobol and Bayesian implement it. */
export interface Strategy {
  readonly name: StrategyName;
  /** Total number of distinct suggestions this strategy can make (the grid size), or Infinity. */
  readonly capacity: number;
  /** Proposes up to `request.count` new points. */
  suggest(request: SuggestRequest): Promise<Suggestion[]>;
  /**
   * A measure of convergence after the last `suggest`, in [0, 1] where 1 means "nothing left to gain";
   * undefined when the strategy has no such measure. The tuner's `convergence` criterion reads it.
   */
  convergence?(): number | undefined;
  /**
   * The model's view of the observations: which one it believes best (the lowest posterior mean, not the lowest
   * observed value) and how noisy it finds the objective. Undefined when the strategy has no model or too few
   * observations. A pure function of the observations (it never changes later suggestions). `eligible` limits
   * the choice to some observations (by index; for example Completed trials, not stopped ones).
   */
  recommend?(
    observations: readonly Observation[],
    eligible?: (index: number) => boolean,
  ): ModelRecommendation | undefined;
  /** Releases resources (worker pools). */
  close?(): Promise<void>;
}

/** What {@link Strategy.recommend} returns; values are oriented like `Observation.value` (smaller is better). */
export interface ModelRecommendation {
  /** Index into the observations given of the one with the lowest posterior mean (never a prior's). */
  readonly index: number;
  /** That observation's posterior mean, in the observations' own units. */
  readonly mean: number;
  /** The observation noise's standard deviation the model fitted, in the observations' units near `mean`. */
  readonly noiseStd: number;
  /**
   * The fitted noise against the model's signal, sqrt(noise variance / signal variance) above the model's
   * noise floor (0 for an objective the model finds deterministic).
   */
  readonly noiseRatio: number;
}

/** Everything a strategy factory receives. */
export interface StrategyOptions {
  readonly space: SearchSpace;
  readonly seed: number;
}
