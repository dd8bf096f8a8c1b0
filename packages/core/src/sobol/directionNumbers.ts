/**
 * Sobol direction numbers from Joe & Kuo's primitive polynomials and initial integers.
 *
 * Symbols: d = dimension count; B = 32 bits per coordinate (digit r, 1-based from the most significant, has
 * weight 2^-r); K = SOBOL_BITS = 30 direction numbers per dimension, enough for 2^30 points.
 * Layout: `directions[k * d + j]` is v_{k+1} of dimension j, a 32-bit integer whose value / 2^32 is the
 * binary fraction m_{k+1} / 2^{k+1} (k-major, so the Gray-code update of one point reads d adjacent words).
 */
import { JOE_KUO_DIMENSIONS, JOE_KUO_ENCODED } from './joeKuoDirections.ts';

/** Direction numbers per dimension; point indices run below 2^SOBOL_BITS. */
export const SOBOL_BITS = 30;

/** One dimension's primitive polynomial (with leading and constant terms) and initial integers m_1..m_s. */
export interface JoeKuoRow {
  readonly polynomial: number;
  readonly initial: readonly number[];
}

let decoded: JoeKuoRow[] | undefined;

/**
 * The decoded Joe–Kuo table, one row a dimension (decoded once, on first use).
 * @internal
 */
export function joeKuoRows(): readonly JoeKuoRow[] {
  if (decoded !== undefined) return decoded;
  const integers = JOE_KUO_ENCODED.split(',').map((token) => Number.parseInt(token, 36));
  const rows: JoeKuoRow[] = [];
  let at = 0;
  while (at < integers.length) {
    const polynomial = integers[at]!;
    const degree = 31 - Math.clz32(polynomial);
    rows.push({ polynomial, initial: integers.slice(at + 1, at + 1 + degree) });
    at += 1 + degree;
  }
  if (rows.length !== JOE_KUO_DIMENSIONS) {
    throw new Error(`joeKuoDirections.ts is damaged: ${rows.length} rows, ${JOE_KUO_DIMENSIONS} expected`);
  }
  decoded = rows;
  return rows;
}

/**
 * The unscrambled direction numbers of the first `dimension` dimensions, k-major (see the module header).
 * The caller validates `dimension` (1..JOE_KUO_DIMENSIONS).
 * @internal
 */
export function sobolDirectionNumbers(dimension: number): Uint32Array {
  const rows = joeKuoRows();
  const directions = new Uint32Array(SOBOL_BITS * dimension);
  const column = new Uint32Array(SOBOL_BITS);
  for (let j = 0; j < dimension; j++) {
    const { polynomial, initial } = rows[j]!;
    const degree = initial.length;
    if (j === 0) {
      // van der Corput: every m_k = 1.
      for (let k = 0; k < SOBOL_BITS; k++) column[k] = 2 ** (31 - k);
    } else {
      for (let k = 0; k < degree && k < SOBOL_BITS; k++) column[k] = initial[k]! * 2 ** (31 - k);
      for (let k = degree; k < SOBOL_BITS; k++) {
        // v_k = v_{k-s} ^ (v_{k-s} >> s) ^ sum over 0 < i < s of a_i v_{k-i}, with a_i = bit (s - i) of the
        // polynomial (0-based k here).
        let v = column[k - degree]! ^ (column[k - degree]! >>> degree);
        for (let i = 1; i < degree; i++) {
          if ((polynomial >>> (degree - i)) & 1) v ^= column[k - i]!;
        }
        column[k] = v >>> 0;
      }
    }
    for (let k = 0; k < SOBOL_BITS; k++) directions[k * dimension + j] = column[k]!;
  }
  return directions;
}
