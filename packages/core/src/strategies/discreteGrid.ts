/**
 * @internal The points of a fully discrete space (integer and categorical ranges), numbered in a fixed order:
 * mixed radix with the first parameter slowest and the last fastest, each range's values in increasing order
 * (integers) or declaration order (categoricals). Point i is returned as the unit point of the centres of its
 * values' cells, which `SearchSpace.snapUnit` leaves unchanged.
 */
import { createRangeCodec, type RangeCodec } from '../space/rangeCodec.ts';
import type { Parameter, ParameterValue } from '../space/types.ts';

export interface DiscreteGrid {
  /** Number of points: the product of the ranges' sizes. */
  readonly size: number;
  /** The unit point of combination `index` (0 <= index < size). */
  point(index: number): Float64Array;
}

interface Axis {
  readonly codec: RangeCodec;
  readonly size: number;
  readonly valueAt: (i: number) => ParameterValue;
}

/**
 * Numbers the points of discrete ranges.
 *
 * @param parameters - Validated integer and categorical ranges (continuous ones are not allowed).
 * @returns The grid.
 */
export function createDiscreteGrid(parameters: readonly Parameter[]): DiscreteGrid {
  const axes: Axis[] = parameters.map((parameter) => {
    const codec = createRangeCodec(parameter);
    if (parameter.type === 'categorical') {
      return { codec, size: parameter.values.length, valueAt: (i) => parameter.values[i] as string };
    }
    if (parameter.type === 'integer') {
      return { codec, size: parameter.max - parameter.min + 1, valueAt: (i) => parameter.min + i };
    }
    throw new Error(`createDiscreteGrid: ${parameter.name} is continuous`);
  });
  const size = axes.reduce((product, axis) => product * axis.size, 1);
  return {
    size,
    point(index) {
      const unit = new Float64Array(axes.length);
      let rest = index;
      for (let j = axes.length - 1; j >= 0; j--) {
        const axis = axes[j] as Axis;
        const digit = rest % axis.size;
        rest = (rest - digit) / axis.size;
        unit[j] = axis.codec.encode(axis.valueAt(digit));
      }
      return unit;
    },
  };
}
