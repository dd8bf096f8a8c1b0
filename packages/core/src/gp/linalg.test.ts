import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  choleskyWithJitter,
  inverseFromCholesky,
  logDeterminantFromCholesky,
  solveLowerInPlace,
  solveLowerTransposeInPlace,
} from './linalg.ts';

/** A random symmetric positive definite matrix B Bᵀ + n·0.01 I from entries in [-1, 1]. */
const spdMatrix = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((b) => {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let sum = i === j ? 0.01 * n : 0;
        for (let k = 0; k < n; k++) sum += b[i * n + k]! * b[j * n + k]!;
        a[i * n + j] = sum;
      }
    return { n, a };
  }),
);

function multiplyLowerByTranspose(factor: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += factor[i * n + k]! * factor[j * n + k]!;
      out[i * n + j] = sum;
    }
  return out;
}

describe('Cholesky', () => {
  test.prop([spdMatrix])('L Lᵀ reproduces a positive definite matrix without jitter', ({ n, a }) => {
    const { factor, jitter } = choleskyWithJitter(a, n);
    expect(jitter).toBe(0);
    const product = multiplyLowerByTranspose(factor, n);
    for (let k = 0; k < n * n; k++) expect(product[k]).toBeCloseTo(a[k]!, 10);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(factor[i * n + j]).toBe(0);
  });

  test.prop([spdMatrix])('solves, inverts and takes the log-determinant consistently', ({ n, a }) => {
    const { factor } = choleskyWithJitter(a, n);
    const inverse = inverseFromCholesky(factor, n, new Float64Array(n * n), new Float64Array(n * n));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[i * n + k]! * inverse[k * n + j]!;
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    const b = Float64Array.from({ length: n }, (_, i) => i + 1);
    const x = Float64Array.from(b);
    solveLowerInPlace(factor, n, x);
    solveLowerTransposeInPlace(factor, n, x);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k]! * x[k]!;
      expect(sum).toBeCloseTo(b[i]!, 6);
    }
    expect(logDeterminantFromCholesky(factor, n)).toBeCloseTo(
      Math.log(
        Math.abs(Array.from({ length: n }, (_, i) => factor[i * n + i]! ** 2).reduce((p, v) => p * v, 1)),
      ),
      8,
    );
  });

  it('reports the pivot where a matrix stops being positive definite', () => {
    const a = Float64Array.of(1, 2, 2, 1);
    expect(choleskyInPlace(a, 2)).toEqual({ ok: false, pivot: 1 });
  });

  it('adds the smallest sufficient jitter to a singular matrix (duplicate rows)', () => {
    // Rank one: all ones. The first jitter tried, 1e-10 × mean diagonal, is enough.
    const a = new Float64Array(9).fill(1);
    const { factor, jitter, diagonalFallback } = choleskyWithJitter(a, 3);
    expect(diagonalFallback).toBe(false);
    expect(jitter).toBeCloseTo(1e-10, 20);
    expect(factor.every(Number.isFinite)).toBe(true);
  });

  it('never returns NaN, even for an indefinite matrix beyond the largest jitter', () => {
    const a = Float64Array.of(1, 5, 5, 1);
    const { factor, diagonalFallback } = choleskyWithJitter(a, 2);
    expect(diagonalFallback).toBe(true);
    expect(factor.every(Number.isFinite)).toBe(true);
    expect(factor[0]! > 0 && factor[3]! > 0).toBe(true);
  });
});
