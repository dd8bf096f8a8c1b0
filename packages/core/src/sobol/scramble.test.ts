import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { applyLowerTriangular } from './scramble.ts';
import { createSobolSequence, SOBOL_MAX_DIMENSION, SOBOL_MAX_POINTS } from './sobolSequence.ts';

/** Counts, for each of the 2^bits dyadic intervals of [0, 1), the points of column j that fall in it. */
function dyadicCounts(points: Float64Array, dimension: number, j: number, bits: number): Uint32Array {
  const counts = new Uint32Array(2 ** bits);
  for (let at = j; at < points.length; at += dimension) counts[Math.floor(points[at]! * 2 ** bits)]!++;
  return counts;
}

describe('scrambled Sobol sequence', () => {
  it('gives the same points for the same seed and other points for another seed', () => {
    const a = createSobolSequence({ dimension: 4, seed: 42 }).fill(0, 64);
    const b = createSobolSequence({ dimension: 4, seed: 42 }).fill(0, 64);
    const c = createSobolSequence({ dimension: 4, seed: 43 }).fill(0, 64);
    const plain = createSobolSequence({ dimension: 4, scramble: false }).fill(0, 64);
    expect(b).toEqual(a);
    // Another seed changes every coordinate of every point (a new shift and new matrices in each dimension).
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === c[i] || a[i] === plain[i]) same++;
    expect(same).toBe(0);
  });

  it("scrambles a dimension the same whatever the sequence's dimension", () => {
    const narrow = createSobolSequence({ dimension: 2, seed: 5 }).fill(100, 32);
    const wide = createSobolSequence({ dimension: 6, seed: 5 }).fill(100, 32);
    for (let i = 0; i < 32; i++) {
      expect(narrow.subarray(i * 2, i * 2 + 2)).toEqual(wide.subarray(i * 6, i * 6 + 2));
    }
  });

  it('keeps the net property: each 1-D projection of a block of 2^m points fills every dyadic interval once', () => {
    const dimension = 40;
    const m = 10;
    for (const seed of [1, 2, 3]) {
      const sobol = createSobolSequence({ dimension, seed });
      for (const block of [0, 1, 12345]) {
        const points = sobol.fill(block * 2 ** m, 2 ** m);
        for (let j = 0; j < dimension; j++) {
          const counts = dyadicCounts(points, dimension, j, m);
          expect(Math.min(...counts), `seed ${seed} block ${block} dim ${j}`).toBe(1);
          expect(Math.max(...counts)).toBe(1);
        }
      }
    }
  });

  it('keeps dimensions 0 and 1 a (0, m, 2)-net: every elementary interval of area 2^-m holds one point', () => {
    for (const seed of [11, 12]) {
      for (const m of [4, 6, 8]) {
        const points = createSobolSequence({ dimension: 2, seed }).fill(2 ** m, 2 ** m);
        for (let a = 0; a <= m; a++) {
          const b = m - a;
          const counts = new Uint32Array(2 ** m);
          for (let i = 0; i < 2 ** m; i++) {
            const x = Math.floor(points[2 * i]! * 2 ** a);
            const y = Math.floor(points[2 * i + 1]! * 2 ** b);
            counts[x * 2 ** b + y]!++;
          }
          expect(Math.min(...counts), `seed ${seed}, m ${m}, boxes 2^-${a} x 2^-${b}`).toBe(1);
        }
      }
    }
  });

  it('scrambles 1111 dimensions', () => {
    const sobol = createSobolSequence({ dimension: SOBOL_MAX_DIMENSION, seed: 9 });
    const points = sobol.fill(0, 16);
    expect(new Set(points).size).toBeGreaterThan(16 * SOBOL_MAX_DIMENSION * 0.99);
    for (let j = 0; j < SOBOL_MAX_DIMENSION; j += 37) {
      expect(Math.max(...dyadicCounts(points, SOBOL_MAX_DIMENSION, j, 4))).toBe(1);
    }
  });

  test.prop([
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
    fc.integer({ min: 0, max: SOBOL_MAX_POINTS - 1 }),
  ])('stays in [0, 1)', (seed, index) => {
    const point = createSobolSequence({ dimension: 12, seed }).point(index);
    for (const u of point) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('multiplies by a lower-triangular matrix: digit r depends only on digits 0..r', () => {
    // Identity rows leave a value unchanged; a row with digit 0 set adds the top digit to digit r.
    const identity = new Uint32Array(32).map((_, r) => (0x80000000 >>> r) >>> 0);
    expect(applyLowerTriangular(identity, 0xdeadbeef)).toBe(0xdeadbeef);
    const rows = identity.slice();
    rows[5] = (rows[5]! | 0x80000000) >>> 0;
    expect(applyLowerTriangular(rows, 0x80000000)).toBe((0x80000000 | (0x80000000 >>> 5)) >>> 0);
    expect(applyLowerTriangular(rows, 0x84000000)).toBe(0x80000000);
  });
});
