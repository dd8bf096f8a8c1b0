/**
 * The search space: validated ranges plus the two-way map to the unit cube.
 *
 * CONTRACT (implementation to be written in this file, `createSearchSpace`):
 * - coordinates follow `parameters` order; d = parameters.length;
 * - continuous: Linear u = (x-min)/(max-min); Logarithmic in log(x); ReverseLogarithmic in -log(1-x)
 *   (dense near 1); Auto maps as Linear here (the Bayesian strategy learns a warping on top);
 *   exact at the bounds: fromUnit(0) === min, fromUnit(1) === max, toUnit(min) === 0, toUnit(max) === 1;
 * - integer: relaxed to [min - 0.5, max + 0.5] (in log space for Logarithmic), rounded to the nearest
 *   integer and clamped to [min, max]; toUnit(v) is the centre of v's cell so fromUnit(toUnit(v)) === v;
 * - categorical: k values, cell i = [i/k, (i+1)/k), toUnit(value i) = (i + 0.5)/k.
 */
import type { Parameter, ParameterValues } from './types.ts';

export interface SearchSpace {
  readonly parameters: readonly Parameter[];
  /** Number of ranges d (= unit-cube dimension). */
  readonly dimension: number;
  /** Maps a point of the space to the unit cube. Throws TunekitError('invalidArgument') on a bad point. */
  toUnit(values: ParameterValues): Float64Array;
  /** Maps a unit point (coordinates clamped to [0, 1]) to a point of the space. */
  fromUnit(unit: ArrayLike<number>): ParameterValues;
  /** Snaps a unit point onto the representative of the admissible value it decodes to (discrete dims). */
  snapUnit(unit: ArrayLike<number>): Float64Array;
  /** A canonical string for a point, equal for points that decode to the same values. */
  key(values: ParameterValues): string;
  /** Number of distinct points if every range is discrete, otherwise Infinity. */
  readonly cardinality: number;
}
