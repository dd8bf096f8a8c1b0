/**
 * Hyperparameter importance: the first-order variance decomposition (fANOVA main effects, Hutter et al. 2014, as
 * Optuna's default evaluator) of a random forest fitted on the Completed trials. A range's importance is the
 * variance of its main effect f_i(x_i) = E[f(x) | x_i] over the uniform distribution on the unit cube, divided by
 * the sum over ranges, so the importances add to 1. The expectations are Monte Carlo averages over a fixed, seeded
 * set of background points; categorical ranges take their values with equal weight.
 */
import type { ApiJobDetail } from '../api.ts';
import { seededRandom } from './random.ts';
import { fitSurrogate } from './surrogate.ts';

/** One range's importance. */
export interface Importance {
  readonly name: string;
  /** Share of the explained variance, in [0, 1]. */
  readonly importance: number;
}

/** Background points for the expectations, and grid points along each range. */
const BACKGROUND = 96;
const GRID = 16;

/**
 * Each range's importance, most important first.
 *
 * @param detail - The job.
 * @returns The importances, or undefined when fewer than 4 trials completed.
 */
export function importances(detail: ApiJobDetail): Importance[] | undefined {
  const surrogate = fitSurrogate(detail);
  if (surrogate === undefined) return undefined;
  const { forest, parameters } = surrogate;
  const d = parameters.length;
  const random = seededRandom(11);
  const background = Array.from({ length: BACKGROUND }, () =>
    Float64Array.from({ length: d }, () => random()),
  );
  const gridOf = (index: number): number[] => {
    const parameter = parameters[index]!;
    const count = parameter.type === 'categorical' ? parameter.values.length : GRID;
    return Array.from({ length: count }, (_, k) => (count === 1 ? 0.5 : k / (count - 1)));
  };
  const variances = parameters.map((_, index) => {
    const effects = gridOf(index).map((position) => {
      let sum = 0;
      for (const point of background) {
        const moved = Float64Array.from(point);
        moved[index] = position;
        sum += forest.predict(moved);
      }
      return sum / background.length;
    });
    const mean = effects.reduce((a, b) => a + b, 0) / effects.length;
    return effects.reduce((a, b) => a + (b - mean) ** 2, 0) / effects.length;
  });
  const total = variances.reduce((a, b) => a + b, 0);
  return parameters
    .map((parameter, index) => ({
      name: parameter.name,
      importance: total > 0 ? variances[index]! / total : 0,
    }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
}
