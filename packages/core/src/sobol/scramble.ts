/**
 * SciPy's Sobol scrambling: a linear matrix scramble (LMS) of the direction numbers plus a digital shift.
 *
 * Symbols: digits r = 0..31 of a 32-bit coordinate, r = 0 the most significant (weight 2^-(r+1)), stored at bit
 * position 31 - r. For each dimension, L is a random 32 x 32 lower-triangular binary matrix with unit diagonal
 * and `shift` a random 32-bit integer. Scrambled digits are y = L x (mod 2), then y XOR shift.
 * Since digit r of the output depends only on digits 0..r of the input and L is invertible, every 2^m-point
 * block that was a (t, m, s)-net stays one with the same t (Owen 2003; Matoušek 1998). Applying L to every
 * direction number is the same as applying it to every point, because the Gray-code update is linear over GF(2).
 *
 * Randomness: dimension j draws from `createRng(deriveSeed(seed, SOBOL_SCRAMBLE_STREAM, j))`, first the shift and
 * then rows 1..31 of L, so a dimension's scramble does not depend on how many dimensions the sequence has.
 */
import { createRng, deriveSeed } from '../rng.ts';
import { SOBOL_BITS } from './directionNumbers.ts';

/** Tag that separates the Sobol scramble's random streams from other users of the same seed ("Sobo"). */
const SOBOL_SCRAMBLE_STREAM = 0x536f626f;

/** Parity (sum of bits mod 2) of a 32-bit integer. */
function parity(value: number): number {
  let x = value ^ (value >>> 16);
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/**
 * Multiplies a 32-bit digit vector by a lower-triangular binary matrix given by its rows.
 * @internal
 */
export function applyLowerTriangular(rows: Uint32Array, value: number): number {
  let out = 0;
  for (let r = 0; r < 32; r++) {
    if (parity(rows[r]! & value)) out |= 0x80000000 >>> r;
  }
  return out >>> 0;
}

/**
 * Scrambles direction numbers in place (layout of `sobolDirectionNumbers`) and returns the digital shifts.
 *
 * @param directions - Unscrambled direction numbers, `directions[k * dimension + j]`.
 * @param dimension - Number of dimensions d.
 * @param seed - The sequence's seed.
 * @returns The d digital shifts, to XOR into every point (point 0 of the scrambled sequence is the shift).
 * @internal
 */
export function scrambleDirectionNumbers(
  directions: Uint32Array,
  dimension: number,
  seed: number,
): Uint32Array {
  const shifts = new Uint32Array(dimension);
  const rows = new Uint32Array(32);
  for (let j = 0; j < dimension; j++) {
    const rng = createRng(deriveSeed(seed, SOBOL_SCRAMBLE_STREAM, j));
    shifts[j] = rng.nextUint32();
    rows[0] = 0x80000000;
    for (let r = 1; r < 32; r++) {
      // Row r: random bits at digits 0..r-1 (the top r bit positions), 1 on the diagonal.
      const below = (rng.nextUint32() & (0xffffffff << (32 - r))) >>> 0;
      rows[r] = (below | (0x80000000 >>> r)) >>> 0;
    }
    for (let k = 0; k < SOBOL_BITS; k++) {
      const at = k * dimension + j;
      directions[at] = applyLowerTriangular(rows, directions[at]!);
    }
  }
  return shifts;
}
