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
import { formatIssue, TunekitError } from '../errors.ts';
import { createRangeCodec, type RangeCodec } from './rangeCodec.ts';
import type { Parameter, ParameterValue, ParameterValues } from './types.ts';
import { checkParameters } from './validateParameters.ts';

/** Validated ranges and the two-way map between their values and the unit cube ({@link createSearchSpace}). */
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

/**
 * Builds the search space of validated ranges: the two-way map between points and the unit cube.
 *
 * @param parameters - The ranges, in declaration order (coordinate i is range i).
 * @returns The search space.
 * @throws TunekitError('invalidSpec') listing every problem `checkParameters` finds, in `issues`.
 * @example
 * const space = createSearchSpace([{ type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' }]);
 * space.fromUnit([0.5]); // { eta: 0.0707... }, the geometric middle
 */
export function createSearchSpace(parameters: readonly Parameter[]): SearchSpace {
  const issues = checkParameters(parameters, ['parameters']);
  if (issues.length > 0) {
    throw new TunekitError(
      'invalidSpec',
      `the search space is not valid:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
      { issues },
    );
  }
  const ranges = [...parameters];
  const codecs: RangeCodec[] = ranges.map(createRangeCodec);
  const names = ranges.map((parameter) => parameter.name);
  const dimension = ranges.length;
  const cardinality = codecs.reduce((product, codec) => product * codec.size, 1);

  const admissibleValue = (values: ParameterValues, index: number): ParameterValue => {
    const name = names[index] as string;
    const value = values[name];
    if (value === undefined || !(codecs[index] as RangeCodec).admits(value)) {
      throw new TunekitError('invalidArgument', describeBadValue(ranges[index] as Parameter, value));
    }
    return value;
  };

  const checkUnit = (unit: ArrayLike<number>): void => {
    if (unit.length !== dimension) {
      throw new TunekitError(
        'invalidArgument',
        `a unit point of this space has ${dimension} coordinates, not ${unit.length}`,
      );
    }
  };

  const coordinate = (unit: ArrayLike<number>, index: number): number => {
    const u = unit[index] as number;
    if (Number.isNaN(u)) {
      throw new TunekitError('invalidArgument', `unit coordinate ${index} (${names[index]}) is NaN`);
    }
    return Math.max(0, Math.min(1, u));
  };

  return {
    parameters: ranges,
    dimension,
    cardinality,
    toUnit(values) {
      const unit = new Float64Array(dimension);
      for (let i = 0; i < dimension; i++)
        unit[i] = (codecs[i] as RangeCodec).encode(admissibleValue(values, i));
      return unit;
    },
    fromUnit(unit) {
      checkUnit(unit);
      // No prototype: a range named like an Object.prototype member reads and writes its own value only.
      const values: Record<string, ParameterValue> = Object.create(null);
      for (let i = 0; i < dimension; i++)
        values[names[i] as string] = (codecs[i] as RangeCodec).decode(coordinate(unit, i));
      return values;
    },
    snapUnit(unit) {
      checkUnit(unit);
      const snapped = new Float64Array(dimension);
      for (let i = 0; i < dimension; i++) {
        const codec = codecs[i] as RangeCodec;
        const u = coordinate(unit, i);
        snapped[i] = codec.discrete ? codec.encode(codec.decode(u)) : u;
      }
      return snapped;
    },
    key(values) {
      const parts: ParameterValue[] = [];
      for (let i = 0; i < dimension; i++) parts.push(admissibleValue(values, i));
      // JSON keeps strings apart from numbers and writes -0 as 0.
      return JSON.stringify(parts);
    },
  };
}

function describeBadValue(parameter: Parameter, value: ParameterValue | undefined): string {
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  if (parameter.type === 'categorical') {
    return `${parameter.name} is ${got}; it must be one of ${parameter.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  const kind = parameter.type === 'integer' ? 'a whole number' : 'a number';
  return `${parameter.name} is ${got}; it must be ${kind} in [${parameter.min}, ${parameter.max}]`;
}
