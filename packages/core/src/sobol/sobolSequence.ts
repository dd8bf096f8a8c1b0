/**
 * The Sobol low-discrepancy sequence with Joe–Kuo direction numbers, scrambled (LMS + digital shift) or not.
 *
 * Shapes: d = dimension; a point is d coordinates in [0, 1); a batch of n points is row-major n x d.
 * Point i is the XOR of the direction numbers selected by the bits of its Gray code g = i ^ (i >> 1) (plus the
 * digital shift), so any point is computed directly from its index, and consecutive points differ by one
 * direction number: point n = point n-1 XOR v_c, c = the lowest set bit of n (Antonov–Saleev). This is SciPy's
 * order: unscrambled, the points equal `scipy.stats.qmc.Sobol(d, scramble=False)` bit for bit.
 */
import { TunekitError } from '../errors.ts';
import { SOBOL_BITS, sobolDirectionNumbers } from './directionNumbers.ts';
import { JOE_KUO_DIMENSIONS } from './joeKuoDirections.ts';
import { scrambleDirectionNumbers } from './scramble.ts';

/** The largest dimension a Sobol sequence supports (Joe–Kuo's table as shipped). */
export const SOBOL_MAX_DIMENSION: number = JOE_KUO_DIMENSIONS;

/** Number of points of a Sobol sequence: indices run from 0 to 2^30 - 1, and never wrap. */
export const SOBOL_MAX_POINTS: number = 2 ** SOBOL_BITS;

/** 2^-32: turns a 32-bit coordinate into a double in [0, 1), exactly. */
const SCALE = 2 ** -32;

/** Options of {@link createSobolSequence}. */
export interface SobolSequenceOptions {
  /** Number of coordinates a point, 1..SOBOL_MAX_DIMENSION. */
  readonly dimension: number;
  /** Scramble with SciPy's linear matrix scramble plus a digital shift (default true). */
  readonly scramble?: boolean;
  /** Seed of the scramble; required when scrambling, ignored otherwise. */
  readonly seed?: number;
}

/** A Sobol sequence, addressable by index. */
export interface SobolSequence {
  readonly dimension: number;
  readonly scrambled: boolean;
  /**
   * Computes point `index` directly (O(30 d)).
   *
   * @param index - The point's index, an integer in [0, 2^30).
   * @param out - Where to write the d coordinates (default: a new array).
   * @returns `out`, holding the point.
   * @throws TunekitError('invalidArgument') when the index is outside [0, 2^30) or `out` is too short.
   */
  point(index: number, out?: Float64Array): Float64Array;
  /**
   * Computes points `startIndex .. startIndex + count - 1` in order, one XOR a coordinate after the first.
   *
   * @param startIndex - Index of the first point.
   * @param count - Number of points.
   * @param out - Where to write them, row-major count x d (default: a new array).
   * @returns `out`, holding the points.
   * @throws TunekitError('invalidArgument') when the range leaves [0, 2^30) or `out` is too short.
   */
  fill(startIndex: number, count: number, out?: Float64Array): Float64Array;
}

function checkIndex(name: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new TunekitError(
      'invalidArgument',
      `${name}: must be an integer in [0, ${max}] (a Sobol sequence has 2^${SOBOL_BITS} points), got ${value}`,
    );
  }
}

function checkOut(out: Float64Array, length: number): void {
  if (out.length < length) {
    throw new TunekitError('invalidArgument', `out: needs length ${length}, got ${out.length}`);
  }
}

/**
 * Creates a Sobol sequence with Joe–Kuo direction numbers, scrambled by default.
 *
 * @param options - Dimension, whether to scramble, and the scramble's seed.
 * @returns The sequence; the same options always give the same points.
 * @throws TunekitError('invalidArgument') for a dimension outside [1, SOBOL_MAX_DIMENSION] or a scrambled
 *   sequence without a seed.
 * @example
 * const sobol = createSobolSequence({ dimension: 3, seed: 42 });
 * const first = sobol.fill(0, 1024); // 1024 x 3, row-major
 * const again = sobol.point(1023); // equals first.subarray(1023 * 3)
 */
export function createSobolSequence(options: SobolSequenceOptions): SobolSequence {
  const { dimension, scramble = true, seed } = options;
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
    throw new TunekitError(
      'invalidArgument',
      `dimension: must be an integer in [1, ${SOBOL_MAX_DIMENSION}], got ${dimension}`,
    );
  }
  const directions = sobolDirectionNumbers(dimension);
  let shifts: Uint32Array = new Uint32Array(dimension);
  if (scramble) {
    if (seed === undefined || !Number.isSafeInteger(seed)) {
      throw new TunekitError(
        'invalidArgument',
        `seed: a scrambled Sobol sequence needs an integer seed (got ${seed}); pass scramble: false for the unscrambled one`,
      );
    }
    shifts = scrambleDirectionNumbers(directions, dimension, seed);
  }

  /** Writes the 32-bit coordinates of point `index` into `state`. */
  function stateAt(index: number, state: Uint32Array): void {
    state.set(shifts);
    let gray = index ^ (index >>> 1);
    while (gray !== 0) {
      const k = 31 - Math.clz32(gray & -gray);
      gray &= gray - 1;
      const base = k * dimension;
      for (let j = 0; j < dimension; j++) state[j] = state[j]! ^ directions[base + j]!;
    }
  }

  const pointState = new Uint32Array(dimension);
  return {
    dimension,
    scrambled: scramble,
    point(index, out = new Float64Array(dimension)) {
      checkIndex('index', index, SOBOL_MAX_POINTS - 1);
      checkOut(out, dimension);
      stateAt(index, pointState);
      for (let j = 0; j < dimension; j++) out[j] = pointState[j]! * SCALE;
      return out;
    },
    fill(startIndex, count, out) {
      checkIndex('startIndex', startIndex, SOBOL_MAX_POINTS - 1);
      checkIndex('count', count, SOBOL_MAX_POINTS - startIndex);
      const target = out ?? new Float64Array(count * dimension);
      checkOut(target, count * dimension);
      if (count === 0) return target;
      const state = new Uint32Array(dimension);
      stateAt(startIndex, state);
      for (let j = 0; j < dimension; j++) target[j] = state[j]! * SCALE;
      const end = startIndex + count;
      let at = dimension;
      for (let n = startIndex + 1; n < end; n++) {
        const base = (31 - Math.clz32(n & -n)) * dimension;
        for (let j = 0; j < dimension; j++) {
          const value = state[j]! ^ directions[base + j]!;
          state[j] = value;
          target[at++] = (value >>> 0) * SCALE;
        }
      }
      return target;
    },
  };
}
