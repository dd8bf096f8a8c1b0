/**
 * Bounded quasi-Newton minimisation: projected L-BFGS with a backtracking (Armijo) line search along the
 * projected path.
 *
 * Shapes and symbols: d = dimension; x, lower, upper, gradient: length d. s_k = x_{k+1} - x_k and
 * y_k = g_{k+1} - g_k are the stored curvature pairs (at most `memory` of them). The search direction is the
 * two-loop L-BFGS product -H g restricted to the free variables (those not held at a bound by the gradient);
 * each trial point is projected back into [lower, upper]. A step whose value or gradient is NaN or infinite
 * is treated as too long and shortened, so an objective that is undefined in part of the box is handled.
 */

/** Value and gradient of the objective at one point. */
export interface ValueAndGradient {
  readonly value: number;
  /** Gradient, length d. The optimiser copies it, so the objective may reuse one buffer between calls. */
  readonly gradient: ArrayLike<number>;
}

/** Objective for {@link minimizeBounded}. `x` is owned by the optimiser: read it, do not keep it. */
export type BoundedObjective = (x: Float64Array) => ValueAndGradient;

/** Options of {@link minimizeBounded}. */
export interface MinimizeBoundedOptions {
  /** Most iterations (line searches). Default 200. */
  readonly maxIterations?: number;
  /** Converged when the projected gradient's largest component is at most this. Default 1e-6. */
  readonly tolerance?: number;
  /** Converged when an iteration lowers the value by at most this times max(|f|, 1). Default 1e-12. */
  readonly functionTolerance?: number;
  /** Number of stored curvature pairs. Default 10. */
  readonly memory?: number;
}

/** Outcome of {@link minimizeBounded}. */
export interface MinimizeBoundedResult {
  /** Best point found, within the bounds. */
  readonly x: Float64Array;
  /** Objective value at `x` (infinite only if the objective was never finite). */
  readonly value: number;
  readonly iterations: number;
  /** Number of objective evaluations. */
  readonly evaluations: number;
  /** True when a tolerance was met; false when the iteration budget ran out or no descent step was found. */
  readonly converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 40;

/**
 * Minimises a smooth function within box bounds with projected L-BFGS.
 *
 * @param f - objective returning value and gradient; NaN/Infinity is allowed and makes the step shorter.
 * @param x0 - starting point, length d (clipped into the bounds).
 * @param lower - lower bounds, length d (may be -Infinity).
 * @param upper - upper bounds, length d (may be +Infinity), each at least its lower bound.
 * @param options - iteration budget and tolerances.
 * @returns the best point found, its value, the iteration count and whether a tolerance was met.
 * @throws RangeError when the lengths differ or a lower bound exceeds its upper bound.
 */
export function minimizeBounded(
  f: BoundedObjective,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeBoundedOptions = {},
): MinimizeBoundedResult {
  const steps = minimizeBoundedSteps(x0, lower, upper, options);
  let request = steps.next();
  while (!request.done) request = steps.next(f(request.value));
  return request.value;
}

/**
 * {@link minimizeBounded} as a generator, for callers that evaluate several minimisations together (the
 * acquisition's refinement evaluates four starts' points in one pass over the model): each `next()` yields
 * the point whose value and gradient it needs, and takes them as the argument of the following `next()`. The
 * yielded array is the optimiser's own: read it before answering, do not keep it. The same steps as
 * `minimizeBounded` with the same objective, bit for bit.
 *
 * @param x0 - starting point, length d (clipped into the bounds).
 * @param lower - lower bounds, length d (may be -Infinity).
 * @param upper - upper bounds, length d (may be +Infinity), each at least its lower bound.
 * @param options - iteration budget and tolerances.
 * @returns the generator; its return value is the result.
 * @throws RangeError (at once) when the lengths differ or a lower bound exceeds its upper bound.
 */
export function minimizeBoundedSteps(
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeBoundedOptions = {},
): Generator<Float64Array, MinimizeBoundedResult, ValueAndGradient> {
  const d = x0.length;
  if (lower.length !== d || upper.length !== d) {
    throw new RangeError(`minimizeBounded: x0, lower and upper must have the same length (${d})`);
  }
  for (let i = 0; i < d; i++) {
    if (!(lower[i]! <= upper[i]!)) {
      throw new RangeError(
        `minimizeBounded: lower[${i}] (${lower[i]}) must not exceed upper[${i}] (${upper[i]})`,
      );
    }
  }
  return steps(x0, lower, upper, options);
}

function* steps(
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeBoundedOptions,
): Generator<Float64Array, MinimizeBoundedResult, ValueAndGradient> {
  const d = x0.length;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const functionTolerance = options.functionTolerance ?? 1e-12;
  const memory = Math.max(1, options.memory ?? 10);

  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const start = Number(x0[i]);
    // A NaN start coordinate becomes a finite point of the box rather than poisoning every step.
    x[i] = Number.isNaN(start) ? clip(0, lower[i]!, upper[i]!) : clip(start, lower[i]!, upper[i]!);
  }
  const g = new Float64Array(d);
  const trial = new Float64Array(d);
  const trialGradient = new Float64Array(d);
  const direction = new Float64Array(d);
  const free = new Uint8Array(d);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphaScratch = new Float64Array(memory);
  let evaluations = 0;

  function* evaluate(
    point: Float64Array,
    gradientOut: Float64Array,
  ): Generator<Float64Array, number, ValueAndGradient> {
    evaluations++;
    const result = yield point;
    const value = result.value;
    if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < d; i++) {
      const gi = result.gradient[i]!;
      if (!Number.isFinite(gi)) return Number.POSITIVE_INFINITY;
      gradientOut[i] = gi;
    }
    return value;
  }

  let value = yield* evaluate(x, g);
  if (!Number.isFinite(value)) {
    return { x, value: Number.POSITIVE_INFINITY, iterations: 0, evaluations, converged: false };
  }

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    // Projected gradient and the free set.
    let projectedNorm = 0;
    let freeCount = 0;
    for (let i = 0; i < d; i++) {
      const step = x[i]! - clip(x[i]! - g[i]!, lower[i]!, upper[i]!);
      projectedNorm = Math.max(projectedNorm, Math.abs(step));
      const heldLow = x[i]! <= lower[i]! && g[i]! > 0;
      const heldHigh = x[i]! >= upper[i]! && g[i]! < 0;
      free[i] = heldLow || heldHigh ? 0 : 1;
      if (free[i]) freeCount++;
    }
    if (projectedNorm <= tolerance || freeCount === 0) {
      converged = true;
      break;
    }
    iterations++;

    twoLoopDirection(g, free, sHistory, yHistory, rhoHistory, alphaScratch, direction);
    let slope = maskedDot(g, direction, free);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): forget it and take steepest descent.
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      for (let i = 0; i < d; i++) direction[i] = free[i] ? -g[i]! : 0;
      slope = maskedDot(g, direction, free);
    }
    // Without curvature information, the first step moves at most one unit (scipy's choice).
    let step = 1;
    if (sHistory.length === 0) {
      let norm = 0;
      for (let i = 0; i < d; i++) norm += direction[i]! * direction[i]!;
      step = Math.min(1, 1 / Math.sqrt(norm));
    }

    let accepted = false;
    let trialValue = Number.POSITIVE_INFINITY;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
      let moved = false;
      for (let i = 0; i < d; i++) {
        trial[i] = clip(x[i]! + step * direction[i]!, lower[i]!, upper[i]!);
        if (trial[i] !== x[i]) moved = true;
      }
      if (!moved) break;
      trialValue = yield* evaluate(trial, trialGradient);
      let decrease = 0;
      for (let i = 0; i < d; i++) decrease += g[i]! * (trial[i]! - x[i]!);
      if (Number.isFinite(trialValue) && trialValue <= value + ARMIJO * Math.min(decrease, 0)) {
        accepted = trialValue < value || decrease < 0;
        if (accepted) break;
      }
      if (!Number.isFinite(trialValue)) {
        step *= 0.25;
      } else {
        // Safeguarded quadratic interpolation along the unprojected direction.
        const predicted = (-slope * step * step) / (2 * (trialValue - value - slope * step));
        step = Number.isFinite(predicted)
          ? Math.min(0.5 * step, Math.max(0.1 * step, predicted))
          : 0.5 * step;
      }
    }

    if (!accepted) {
      if (sHistory.length > 0) {
        // The quasi-Newton model misled the search: restart from steepest descent once.
        sHistory.length = 0;
        yHistory.length = 0;
        rhoHistory.length = 0;
        continue;
      }
      break;
    }

    // Store the curvature pair when it keeps the inverse Hessian positive definite.
    const s = sHistory.length === memory ? sHistory.shift()! : new Float64Array(d);
    const y = yHistory.length === memory ? yHistory.shift()! : new Float64Array(d);
    if (rhoHistory.length === memory) rhoHistory.shift();
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = trial[i]! - x[i]!;
      y[i] = trialGradient[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    if (sy > 1e-10 * yy && sy > 0) {
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }

    const previousValue = value;
    x.set(trial);
    g.set(trialGradient);
    value = trialValue;
    if (previousValue - value <= functionTolerance * Math.max(Math.abs(previousValue), Math.abs(value), 1)) {
      converged = true;
      break;
    }
  }
  return { x, value, iterations, evaluations, converged };
}

function clip(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function maskedDot(a: Float64Array, b: Float64Array, mask: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (mask[i]) sum += a[i]! * b[i]!;
  return sum;
}

/** direction = -H g on the free variables (two-loop recursion), 0 on the fixed ones. */
function twoLoopDirection(
  g: Float64Array,
  free: Uint8Array,
  sHistory: readonly Float64Array[],
  yHistory: readonly Float64Array[],
  rhoHistory: readonly number[],
  alpha: Float64Array,
  direction: Float64Array,
): void {
  const d = g.length;
  for (let i = 0; i < d; i++) direction[i] = free[i] ? -g[i]! : 0;
  const count = sHistory.length;
  for (let k = count - 1; k >= 0; k--) {
    const s = sHistory[k]!;
    const y = yHistory[k]!;
    const a = rhoHistory[k]! * maskedDot(s, direction, free);
    alpha[k] = a;
    for (let i = 0; i < d; i++) if (free[i]) direction[i] = direction[i]! - a * y[i]!;
  }
  if (count > 0) {
    const s = sHistory[count - 1]!;
    const y = yHistory[count - 1]!;
    const yy = maskedDot(y, y, free);
    const gamma = yy > 0 ? maskedDot(s, y, free) / yy : 1;
    const scale = gamma > 0 && Number.isFinite(gamma) ? gamma : 1;
    for (let i = 0; i < d; i++) direction[i] = direction[i]! * scale;
  }
  for (let k = 0; k < count; k++) {
    const s = sHistory[k]!;
    const y = yHistory[k]!;
    const b = rhoHistory[k]! * maskedDot(y, direction, free);
    const a = alpha[k]!;
    for (let i = 0; i < d; i++) if (free[i]) direction[i] = direction[i]! + (a - b) * s[i]!;
  }
}
