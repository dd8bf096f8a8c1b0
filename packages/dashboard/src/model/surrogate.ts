/**
 * The surrogate behind importance and contours: a random forest fitted on the Completed trials (subsampled to a
 * few hundred so that a page of 10,000 trials stays fast), features at their positions in the unit cube.
 */
import type { ApiJobDetail, ApiParameter } from '../api.ts';
import { type Forest, fitForest } from './forest.ts';
import { hasFinalObjective } from './objective.ts';
import { toUnit } from './parameters.ts';

/** At most this many trials feed the forest: 300 fit in ~50 ms on one core, and rank ranges the same as all. */
export const SURROGATE_TRIALS = 300;

/** The fitted surrogate and what it was fitted on. */
export interface Surrogate {
  readonly forest: Forest;
  readonly parameters: readonly ApiParameter[];
  /** The objective values it was fitted on. */
  readonly targets: Float64Array;
}

/**
 * Fits the surrogate, or returns undefined with fewer than 4 Completed trials (nothing to learn from).
 *
 * @param detail - The job.
 * @param limit - The most trials to use (evenly spaced by trial number when there are more).
 */
export function fitSurrogate(detail: ApiJobDetail, limit = SURROGATE_TRIALS): Surrogate | undefined {
  // Importance and the contour ask for the same job's surrogate: fit it once per list of trials.
  const cached = fitted.get(detail.trials);
  if (cached !== undefined && cached.limit === limit) return cached.surrogate;
  const surrogate = fit(detail, limit);
  fitted.set(detail.trials, { limit, surrogate });
  return surrogate;
}

const fitted = new WeakMap<object, { limit: number; surrogate: Surrogate | undefined }>();

function fit(detail: ApiJobDetail, limit: number): Surrogate | undefined {
  const parameters = detail.parameters;
  const d = parameters.length;
  let usable = detail.trials.filter(
    (trial) =>
      hasFinalObjective(trial) &&
      parameters.every((parameter) => toUnit(parameter, trial.hyperparameters[parameter.name]) !== undefined),
  );
  if (usable.length < 4 || d === 0) return undefined;
  if (usable.length > limit) {
    const stride = usable.length / limit;
    usable = Array.from({ length: limit }, (_, index) => usable[Math.floor(index * stride)]!);
  }
  const X = new Float64Array(usable.length * d);
  const targets = new Float64Array(usable.length);
  usable.forEach((trial, row) => {
    parameters.forEach((parameter, column) => {
      X[row * d + column] = toUnit(parameter, trial.hyperparameters[parameter.name])!;
    });
    targets[row] = trial.objective!;
  });
  return { forest: fitForest(X, targets, d, { seed: 7 }), parameters, targets };
}
