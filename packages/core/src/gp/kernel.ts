/**
 * Matérn-5/2 kernel with automatic relevance determination (one length scale per dimension) and a
 * Hamming-type distance on categorical dimensions.
 *
 * Symbols: x, x' points of the unit cube (length d); l_j length scales; σ² the signal variance.
 * Per dimension j the squared difference is Δ_j² = (x_j - x'_j)² on a continuous dimension and
 * Δ_j² = [x_j ≠ x'_j] (0 in the same category, 1 otherwise) on a categorical one, as Optuna's GPSampler
 * does. r² = Σ_j Δ_j² / l_j², and
 *   k(x, x') = σ² (1 + √5 r + 5 r² / 3) exp(-√5 r).
 * Derivatives used by the fit and the acquisition:
 *   ∂k/∂log σ² = k;
 *   ∂k/∂log l_j = σ² (5/3) (1 + √5 r) exp(-√5 r) Δ_j² / l_j²        (smooth at r = 0);
 *   ∂k/∂x_j     = -σ² (5/3) (1 + √5 r) exp(-√5 r) (x_j - x'_j) / l_j²  (continuous j; 0 if categorical).
 * Categorical coordinates must be the representative of their cell (`SearchSpace.snapUnit`), so that equal
 * categories compare equal.
 * @internal
 */
import { exp } from '../math/exp.ts';

const SQRT5 = Math.sqrt(5);

/**
 * Scaled squared distance r² between row `a` of `left` and row `b` of `right`.
 *
 * @param left - first point set, row-major with `dimension` columns.
 * @param a - row index into `left`.
 * @param right - second point set, row-major with `dimension` columns.
 * @param b - row index into `right`.
 * @param dimension - d.
 * @param inverseSquaredLengthScales - 1 / l_j², length d.
 * @param categoricalMask - 1 on categorical dimensions, length d.
 * @returns r².
 */
export function scaledSquaredDistance(
  left: Float64Array,
  a: number,
  right: Float64Array,
  b: number,
  dimension: number,
  inverseSquaredLengthScales: Float64Array,
  categoricalMask: Uint8Array,
): number {
  const offsetA = a * dimension;
  const offsetB = b * dimension;
  let sum = 0;
  for (let j = 0; j < dimension; j++) {
    const difference = left[offsetA + j]! - right[offsetB + j]!;
    const squared = categoricalMask[j] ? (difference === 0 ? 0 : 1) : difference * difference;
    sum += squared * inverseSquaredLengthScales[j]!;
  }
  return sum;
}

/**
 * {@link scaledSquaredDistance} from row `a` of `left` to the four rows b..b+3 of `right`, for continuous
 * coordinates only, written to out[at], out[at + stride], out[at + 2 stride] and out[at + 3 stride]. Each sum runs
 * over the coordinates in the same order with the same operations (the same bits); the four are independent, so
 * the processor overlaps their additions instead of waiting on one chain (the GP's kernel loops are a third
 * faster).
 *
 * @param left - first point set, row-major with `dimension` columns.
 * @param a - row index into `left`.
 * @param right - second point set, row-major with `dimension` columns.
 * @param b - first of the four row indices into `right`.
 * @param dimension - d.
 * @param inverseSquaredLengthScales - 1 / l_j², length d.
 * @param out - receives the four r².
 * @param at - where the first goes.
 * @param stride - the step between them in `out`.
 */
export function scaledSquaredDistancesFour(
  left: Float64Array,
  a: number,
  right: Float64Array,
  b: number,
  dimension: number,
  inverseSquaredLengthScales: Float64Array,
  out: Float64Array,
  at: number,
  stride: number,
): void {
  const offsetA = a * dimension;
  const offsetB = b * dimension;
  let first = 0;
  let second = 0;
  let third = 0;
  let fourth = 0;
  for (let j = 0; j < dimension; j++) {
    const x = left[offsetA + j]!;
    const scale = inverseSquaredLengthScales[j]!;
    const d1 = x - right[offsetB + j]!;
    const d2 = x - right[offsetB + dimension + j]!;
    const d3 = x - right[offsetB + 2 * dimension + j]!;
    const d4 = x - right[offsetB + 3 * dimension + j]!;
    first += d1 * d1 * scale;
    second += d2 * d2 * scale;
    third += d3 * d3 * scale;
    fourth += d4 * d4 * scale;
  }
  out[at] = first;
  out[at + stride] = second;
  out[at + 2 * stride] = third;
  out[at + 3 * stride] = fourth;
}

/**
 * Matérn-5/2 correlation (the kernel divided by σ²) at scaled squared distance r².
 *
 * @param squaredDistance - r² ≥ 0.
 * @returns (1 + √5 r + 5 r²/3) exp(-√5 r).
 */
export function matern52(squaredDistance: number): number {
  const r = Math.sqrt(squaredDistance);
  return (1 + SQRT5 * r + (5 / 3) * squaredDistance) * exp(-SQRT5 * r);
}

/**
 * The kernel value and the common factor of its derivatives at scaled squared distance r², from one exp:
 * k = σ² (1 + √5 r + 5 r²/3) exp(-√5 r) and factor = σ² (5/3) (1 + √5 r) exp(-√5 r), so that
 * ∂k/∂log l_j = factor · Δ_j²/l_j² and ∂k/∂x_j = -factor · (x_j - x'_j)/l_j². The fit (all pairs of
 * observations) and the posterior's gradient (a point against every observation) both need the two together.
 *
 * @param squaredDistance - r² ≥ 0.
 * @param signalVariance - σ².
 * @param factors - receives the derivative factor at `index`.
 * @param index - where in `factors`.
 * @returns k.
 */
export function matern52WithDerivativeFactor(
  squaredDistance: number,
  signalVariance: number,
  factors: Float64Array,
  index: number,
): number {
  const r = Math.sqrt(squaredDistance);
  const decay = signalVariance * exp(-SQRT5 * r);
  factors[index] = (5 / 3) * (1 + SQRT5 * r) * decay;
  return (1 + SQRT5 * r + (5 / 3) * squaredDistance) * decay;
}

/**
 * 1 / l_j² for each dimension.
 *
 * @param lengthScales - l_j, length d.
 * @returns a new array of 1 / l_j².
 */
export function inverseSquares(lengthScales: ArrayLike<number>): Float64Array {
  const out = new Float64Array(lengthScales.length);
  for (let j = 0; j < out.length; j++) out[j] = 1 / (lengthScales[j]! * lengthScales[j]!);
  return out;
}

/**
 * Kernel matrix K_ij = k(x_i, x_j) of a point set with itself (no noise on the diagonal).
 *
 * @param inputs - n × d row-major.
 * @param count - n.
 * @param dimension - d.
 * @param lengthScales - l_j, length d.
 * @param signalVariance - σ².
 * @param categoricalMask - length d.
 * @param out - output, n × n row-major (full symmetric).
 * @returns `out`.
 */
export function kernelMatrix(
  inputs: Float64Array,
  count: number,
  dimension: number,
  lengthScales: ArrayLike<number>,
  signalVariance: number,
  categoricalMask: Uint8Array,
  out: Float64Array,
): Float64Array {
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  for (let i = 0; i < count; i++) {
    out[i * count + i] = signalVariance;
    for (let j = 0; j < i; j++) {
      const squaredDistance = scaledSquaredDistance(
        inputs,
        i,
        inputs,
        j,
        dimension,
        inverseSquaredLengthScales,
        categoricalMask,
      );
      const value = signalVariance * matern52(squaredDistance);
      out[i * count + j] = value;
      out[j * count + i] = value;
    }
  }
  return out;
}
