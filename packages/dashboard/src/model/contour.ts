/**
 * A contour of the objective over two ranges: the surrogate's main effect of the pair on a grid (the forest's
 * prediction with the two ranges set, averaged over seeded background points for the others), with the Completed
 * trials overlaid. A grid of the surrogate rather than binned means: bins of a few hundred trials over a 2-D grid
 * are mostly empty.
 */
import type { ApiJobDetail, ApiParameter, ApiParameterValue } from '../api.ts';
import { hasFinalObjective } from './objective.ts';
import { fromUnit, isLogAxis, toUnit } from './parameters.ts';
import { seededRandom } from './random.ts';
import { fitSurrogate } from './surrogate.ts';

/** The contour's grid and points. */
export interface ContourData {
  readonly x: string;
  readonly y: string;
  /** The grid's cells along each axis (the value at each cell's centre). */
  readonly xValues: readonly ApiParameterValue[];
  readonly yValues: readonly ApiParameterValue[];
  /** [xIndex, yIndex, predicted objective], one per cell. */
  readonly cells: readonly (readonly [number, number, number])[];
  readonly min: number;
  readonly max: number;
  /** Completed trials at their fractional cell positions: [xPosition, yPosition, objective, trial]. */
  readonly trials: readonly (readonly [number, number, number, number])[];
}

/**
 * The contour over ranges `x` and `y`.
 *
 * @param detail - The job.
 * @param x - A range's name.
 * @param y - Another range's name.
 * @param size - Cells along a numeric axis (a categorical axis has one per value).
 * @returns The grid, or undefined with fewer than 4 Completed trials or an unknown range.
 */
export function contourData(detail: ApiJobDetail, x: string, y: string, size = 24): ContourData | undefined {
  const xIndex = detail.parameters.findIndex((parameter) => parameter.name === x);
  const yIndex = detail.parameters.findIndex((parameter) => parameter.name === y);
  if (xIndex < 0 || yIndex < 0 || xIndex === yIndex) return undefined;
  const surrogate = fitSurrogate(detail);
  if (surrogate === undefined) return undefined;
  const d = detail.parameters.length;
  const xParameter = detail.parameters[xIndex]!;
  const yParameter = detail.parameters[yIndex]!;
  const positions = (count: number) =>
    Array.from({ length: count }, (_, k) => (count === 1 ? 0.5 : k / (count - 1)));
  // One cell per category, and per integer when there are fewer integers than cells (no two cells of one value).
  const cellsOf = (parameter: ApiParameter) =>
    parameter.type === 'categorical'
      ? parameter.values.length
      : parameter.type === 'integer' && !isLogAxis(parameter)
        ? Math.min(size, parameter.max - parameter.min + 1)
        : size;
  const xUnits = positions(cellsOf(xParameter));
  const yUnits = positions(cellsOf(yParameter));
  const random = seededRandom(13);
  const background = Array.from({ length: d > 2 ? 32 : 1 }, () =>
    Float64Array.from({ length: d }, () => random()),
  );
  const cells: [number, number, number][] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  xUnits.forEach((xUnit, i) => {
    yUnits.forEach((yUnit, j) => {
      let sum = 0;
      for (const point of background) {
        const moved = Float64Array.from(point);
        moved[xIndex] = xUnit;
        moved[yIndex] = yUnit;
        sum += surrogate.forest.predict(moved);
      }
      const value = sum / background.length;
      min = Math.min(min, value);
      max = Math.max(max, value);
      cells.push([i, j, value]);
    });
  });
  const trials: [number, number, number, number][] = [];
  for (const trial of detail.trials) {
    if (!hasFinalObjective(trial)) continue;
    const xu = toUnit(xParameter, trial.hyperparameters[x]);
    const yu = toUnit(yParameter, trial.hyperparameters[y]);
    if (xu === undefined || yu === undefined) continue;
    trials.push([xu * (xUnits.length - 1), yu * (yUnits.length - 1), trial.objective, trial.trial]);
  }
  return {
    x,
    y,
    xValues: xUnits.map((unit) => fromUnit(xParameter, unit)),
    yValues: yUnits.map((unit) => fromUnit(yParameter, unit)),
    cells,
    min,
    max,
    trials,
  };
}
