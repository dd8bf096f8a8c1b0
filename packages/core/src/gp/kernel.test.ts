import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { inverseSquares, kernelMatrix, matern52, scaledSquaredDistance } from './kernel.ts';
import { choleskyInPlace } from './linalg.ts';

describe('Matérn-5/2 kernel', () => {
  it('is 1 at distance 0 and decreases with distance', () => {
    expect(matern52(0)).toBe(1);
    let previous = 1;
    for (const r of [0.1, 0.5, 1, 2, 5]) {
      const value = matern52(r * r);
      expect(value).toBeLessThan(previous);
      previous = value;
    }
    // Closed form at r = 1: (1 + √5 + 5/3) e^{-√5}.
    expect(matern52(1)).toBeCloseTo((1 + Math.sqrt(5) + 5 / 3) * Math.exp(-Math.sqrt(5)), 15);
  });

  it('measures a categorical dimension by category equality only, whatever the cells’ order', () => {
    const inverse = inverseSquares([0.5]);
    const mask = Uint8Array.of(1);
    const cells = Float64Array.of(1 / 6, 1 / 2, 5 / 6);
    expect(scaledSquaredDistance(cells, 0, cells, 0, 1, inverse, mask)).toBe(0);
    // Neighbouring and far cells are equally different: 1 / l².
    expect(scaledSquaredDistance(cells, 0, cells, 1, 1, inverse, mask)).toBe(4);
    expect(scaledSquaredDistance(cells, 0, cells, 2, 1, inverse, mask)).toBe(4);
  });

  test.prop([
    fc
      .integer({ min: 1, max: 12 })
      .chain((n) =>
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3 * n, maxLength: 3 * n }),
      ),
  ])('gives a symmetric positive definite matrix (with a small noise term) for any points', (points) => {
    const n = points.length / 3;
    const matrix = new Float64Array(n * n);
    kernelMatrix(Float64Array.from(points), n, 3, [0.3, 0.7, 0.5], 1.5, Uint8Array.of(0, 0, 1), matrix);
    for (let i = 0; i < n; i++) {
      expect(matrix[i * n + i]).toBe(1.5);
      for (let j = 0; j < n; j++) expect(matrix[i * n + j]).toBe(matrix[j * n + i]);
    }
    for (let i = 0; i < n; i++) matrix[i * n + i] = matrix[i * n + i]! + 1e-6;
    expect(choleskyInPlace(matrix, n).ok).toBe(true);
  });
});
