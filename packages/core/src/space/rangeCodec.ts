/**
 * @internal The two-way map between one range and one unit-cube coordinate u in [0, 1].
 *
 * - continuous: through a monotone transform t (Linear: x; Logarithmic: log x; ReverseLogarithmic:
 *   -log(1 - x), dense near 1), u = (t(x) - t(min)) / (t(max) - t(min)); the bounds map exactly
 *   (u = 0 <-> min, u = 1 <-> max) and decoded values are clamped to [min, max];
 * - integer: relaxed to [min - 0.5, max + 0.5] (in log space for Logarithmic), rounded to the nearest integer
 *   and clamped to [min, max]; a value encodes to the centre of its cell;
 * - categorical: k values, cell i = [i/k, (i+1)/k), value i encodes to (i + 0.5)/k.
 */
import { exp } from '../math/exp.ts';
import { expm1 } from '../math/expm1.ts';
import { log } from '../math/log.ts';
import { log1p } from '../math/log1p.ts';
import type { Parameter, ParameterValue } from './types.ts';

export interface RangeCodec {
  /** Whether the range has finitely many values. */
  readonly discrete: boolean;
  /** Number of admissible values (Infinity for continuous ranges). */
  readonly size: number;
  /** Unit coordinate of an admissible value. */
  encode(value: ParameterValue): number;
  /** Value of a unit coordinate already clamped to [0, 1]. */
  decode(u: number): ParameterValue;
  /** Whether a value is admissible (right type, inside the range, one of the categories). */
  admits(value: ParameterValue): boolean;
}

interface Transform {
  readonly forward: (x: number) => number;
  readonly inverse: (t: number) => number;
}

const IDENTITY: Transform = { forward: (x) => x, inverse: (t) => t };
// fdlibm's functions rather than Math's: hyperparameters are then the same bits on every JavaScript engine.
const LOGARITHMIC: Transform = { forward: log, inverse: exp };
// t(x) = -log(1 - x): equal steps in u cover ever smaller steps of x as x nears 1.
const REVERSE_LOGARITHMIC: Transform = { forward: (x) => -log1p(-x), inverse: (t) => -expm1(-t) };

function transformOf(scaling: string): Transform {
  if (scaling === 'Logarithmic') return LOGARITHMIC;
  if (scaling === 'ReverseLogarithmic') return REVERSE_LOGARITHMIC;
  return IDENTITY;
}

function clamp(x: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, x));
}

function continuousCodec(min: number, max: number, transform: Transform): RangeCodec {
  const low = transform.forward(min);
  const width = transform.forward(max) - low;
  return {
    discrete: false,
    size: Number.POSITIVE_INFINITY,
    encode(value) {
      const x = value as number;
      if (x <= min) return 0;
      if (x >= max) return 1;
      return clamp((transform.forward(x) - low) / width, 0, 1);
    },
    decode(u) {
      if (u <= 0) return min;
      if (u >= 1) return max;
      return clamp(transform.inverse(low + u * width), min, max);
    },
    admits: (value) => typeof value === 'number' && value >= min && value <= max,
  };
}

function integerCodec(min: number, max: number, logarithmic: boolean): RangeCodec {
  const transform = logarithmic ? LOGARITHMIC : IDENTITY;
  const low = transform.forward(min - 0.5);
  const width = transform.forward(max + 0.5) - low;
  return {
    discrete: true,
    size: max - min + 1,
    encode(value) {
      const v = value as number;
      // Centre of v's cell [v - 0.5, v + 0.5], measured in the transformed space.
      const centre = (transform.forward(v - 0.5) + transform.forward(v + 0.5)) / 2;
      return clamp((centre - low) / width, 0, 1);
    },
    decode(u) {
      return clamp(Math.round(transform.inverse(low + u * width)), min, max);
    },
    admits: (value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
  };
}

function categoricalCodec(values: readonly string[]): RangeCodec {
  const count = values.length;
  const indexOf = new Map(values.map((value, index) => [value, index]));
  return {
    discrete: true,
    size: count,
    encode: (value) => ((indexOf.get(value as string) ?? 0) + 0.5) / count,
    decode(u) {
      const index = Math.floor(u * count);
      return values[index >= count ? count - 1 : index] as string;
    },
    admits: (value) => typeof value === 'string' && indexOf.has(value),
  };
}

/** The codec of a validated range. */
export function createRangeCodec(parameter: Parameter): RangeCodec {
  switch (parameter.type) {
    case 'continuous':
      return continuousCodec(parameter.min, parameter.max, transformOf(parameter.scaling));
    case 'integer':
      return integerCodec(parameter.min, parameter.max, parameter.scaling === 'Logarithmic');
    default:
      return categoricalCodec(parameter.values);
  }
}
