/**
 * Dense linear algebra for Gaussian processes: Cholesky factorisation with growing jitter, triangular solves,
 * log-determinant and inverse from the factor.
 *
 * Shapes: A is an n × n symmetric matrix, row-major (A[i * n + j]); L is its lower Cholesky factor, row-major,
 * with zeros above the diagonal, so that L Lᵀ = A + jitter I. Vectors b have length n.
 * @internal
 */
import { log } from '../math/log.ts';

/** Outcome of one factorisation attempt: success, or the first pivot that was not positive. */
export type CholeskyResult = { ok: true } | { ok: false; pivot: number };

/** A factor together with the jitter that had to be added to the diagonal to obtain it. */
export interface JitteredCholesky {
  /** Lower factor L with L Lᵀ = A + jitter I, n × n row-major. */
  readonly factor: Float64Array;
  /** Value added to every diagonal entry (0 when A itself was positive definite). */
  readonly jitter: number;
  /** True when no jitter up to the ceiling worked and only the diagonal of A was factorised. */
  readonly diagonalFallback: boolean;
}

/** Jitter tried after a failure, as multiples of the mean diagonal: 1e-10, 1e-9, ..., 1e-2. */
const JITTER_FACTORS = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2];

/**
 * Overwrites the lower triangle of `matrix` with its Cholesky factor and zeros the upper triangle.
 *
 * @param matrix - symmetric n × n row-major matrix (only the lower triangle is read).
 * @param n - order of the matrix.
 * @returns `{ ok: true }`, or `{ ok: false, pivot }` at the first pivot that is not positive and finite
 *   (the matrix is then partly overwritten).
 */
export function choleskyInPlace(matrix: Float64Array, n: number): CholeskyResult {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      const sum = matrix[rowI + j]! - rowDot(matrix, rowI, rowJ, j);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return { ok: false, pivot: i };
        matrix[rowI + i] = Math.sqrt(sum);
      } else {
        matrix[rowI + j] = sum / matrix[rowJ + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) matrix[rowI + j] = 0;
  }
  return { ok: true };
}

/**
 * Factorises A, adding growing jitter to the diagonal (0, then 1e-10 up to 1e-2 times the mean diagonal)
 * until it is positive definite; as a last resort factorises the diagonal of A alone, so the result never
 * holds a NaN as long as A's diagonal is finite.
 *
 * @param matrix - symmetric n × n row-major matrix; not modified.
 * @param n - order of the matrix.
 * @param factor - optional output buffer of length n × n (may be `matrix` itself only if the caller no longer
 *   needs A; A is then copied first).
 * @returns the factor and the jitter used.
 */
export function choleskyWithJitter(matrix: Float64Array, n: number, factor?: Float64Array): JitteredCholesky {
  const original = factor === matrix ? Float64Array.from(matrix.subarray(0, n * n)) : matrix;
  const out = factor ?? new Float64Array(n * n);
  if (out !== original) out.set(original.subarray(0, n * n));
  if (choleskyInPlace(out, n).ok) return { factor: out, jitter: 0, diagonalFallback: false };
  let diagonalSum = 0;
  for (let i = 0; i < n; i++) diagonalSum += Math.abs(original[i * n + i]!);
  const meanDiagonal = n > 0 && diagonalSum > 0 && Number.isFinite(diagonalSum) ? diagonalSum / n : 1;
  for (const multiple of JITTER_FACTORS) {
    const jitter = multiple * meanDiagonal;
    out.set(original.subarray(0, n * n));
    for (let i = 0; i < n; i++) out[i * n + i] = out[i * n + i]! + jitter;
    if (choleskyInPlace(out, n).ok) return { factor: out, jitter, diagonalFallback: false };
  }
  // Not even the largest jitter helped (non-finite off-diagonal entries): keep only the diagonal.
  const jitter = JITTER_FACTORS[JITTER_FACTORS.length - 1]! * meanDiagonal;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const value = Math.abs(original[i * n + i]!) + jitter;
    out[i * n + i] = Math.sqrt(Number.isFinite(value) && value > 0 ? value : meanDiagonal);
  }
  return { factor: out, jitter, diagonalFallback: true };
}

/**
 * Solves L x = b in place (forward substitution).
 *
 * @param factor - lower triangular n × n row-major.
 * @param n - order.
 * @param vector - b on entry, x on return.
 */
export function solveLowerInPlace(factor: Float64Array, n: number, vector: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    vector[i] = (vector[i]! - crossDot(factor, row, vector, i)) / factor[row + i]!;
  }
}

/**
 * Solves Lᵀ x = b in place (back substitution with the transpose of a lower factor).
 *
 * @param factor - lower triangular n × n row-major.
 * @param n - order.
 * @param vector - b on entry, x on return.
 */
export function solveLowerTransposeInPlace(factor: Float64Array, n: number, vector: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const xi = vector[i]! / factor[i * n + i]!;
    vector[i] = xi;
    // Column i of Lᵀ is row i of L: subtract its contribution from the rows above.
    const row = i * n;
    for (let k = 0; k < i; k++) vector[k] = vector[k]! - factor[row + k]! * xi;
  }
}

/**
 * log det(L Lᵀ) = 2 Σ log L_ii.
 *
 * @param factor - lower Cholesky factor, n × n row-major.
 * @param n - order.
 * @returns the log-determinant of the factorised matrix.
 */
export function logDeterminantFromCholesky(factor: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += log(factor[i * n + i]!);
  return 2 * sum;
}

/**
 * (L Lᵀ)⁻¹, full symmetric n × n row-major: computes M = L⁻¹ and then Mᵀ M.
 *
 * @param factor - lower Cholesky factor, n × n row-major.
 * @param n - order.
 * @param out - output buffer of length n × n (must not alias `factor`).
 * @param scratch - scratch buffer of length n × n (must not alias the others).
 * @returns `out`.
 */
export function inverseFromCholesky(
  factor: Float64Array,
  n: number,
  out: Float64Array,
  scratch: Float64Array,
): Float64Array {
  // scratch = L⁻¹, lower triangular, row by row: row i of L⁻¹ satisfies Σ_k L_ik M_kj = δ_ij.
  scratch.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const inverseDiagonal = 1 / factor[row + i]!;
    // Accumulate Σ_{k<i} L_ik (row k of M) with contiguous row reads, then scale.
    for (let k = 0; k < i; k++) {
      const lik = factor[row + k]!;
      if (lik === 0) continue;
      rowAxpy(scratch, row, lik, k * n, k + 1);
    }
    for (let j = 0; j < i; j++) scratch[row + j] = -scratch[row + j]! * inverseDiagonal;
    scratch[row + i] = inverseDiagonal;
  }
  // out = Mᵀ M: out_ij = Σ_{k ≥ max(i,j)} M_ki M_kj; accumulate row k of M into the lower triangle.
  out.fill(0);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = scratch[rowK + i]!;
      if (mki === 0) continue;
      rowAxpyInto(out, i * n, mki, scratch, rowK, i + 1);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}

/** Σ_{k<length} a[x + k] · a[y + k], unrolled by four (the hot loop of the factorisation). */
function rowDot(a: Float64Array, x: number, y: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[x + k]! * a[y + k]!;
    s1 += a[x + k + 1]! * a[y + k + 1]!;
    s2 += a[x + k + 2]! * a[y + k + 2]!;
    s3 += a[x + k + 3]! * a[y + k + 3]!;
  }
  for (; k < length; k++) s0 += a[x + k]! * a[y + k]!;
  return s0 + s1 + (s2 + s3);
}

/** a[y + k] += scale · a[x + k] for k < length, unrolled by four. */
function rowAxpy(a: Float64Array, y: number, scale: number, x: number, length: number): void {
  rowAxpyInto(a, y, scale, a, x, length);
}

/** out[y + k] += scale · source[x + k] for k < length, unrolled by four. */
function rowAxpyInto(
  out: Float64Array,
  y: number,
  scale: number,
  source: Float64Array,
  x: number,
  length: number,
): void {
  let k = 0;
  for (; k + 3 < length; k += 4) {
    out[y + k] = out[y + k]! + scale * source[x + k]!;
    out[y + k + 1] = out[y + k + 1]! + scale * source[x + k + 1]!;
    out[y + k + 2] = out[y + k + 2]! + scale * source[x + k + 2]!;
    out[y + k + 3] = out[y + k + 3]! + scale * source[x + k + 3]!;
  }
  for (; k < length; k++) out[y + k] = out[y + k]! + scale * source[x + k]!;
}

/** Σ_{k<length} a[offset + k] · b[k], unrolled by four. */
function crossDot(a: Float64Array, offset: number, b: Float64Array, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[offset + k]! * b[k]!;
    s1 += a[offset + k + 1]! * b[k + 1]!;
    s2 += a[offset + k + 2]! * b[k + 2]!;
    s3 += a[offset + k + 3]! * b[k + 3]!;
  }
  for (; k < length; k++) s0 += a[offset + k]! * b[k]!;
  return s0 + s1 + (s2 + s3);
}
