/**
 * The work of an acquisition evaluator, as pure functions of plain data: score candidates by log expected
 * improvement, and refine start points by projected L-BFGS on -log EI.
 *
 * Symbols: μ(x), v(x) the posterior mean and latent variance (standardised units), σ(x) = √max(v, v₀) with
 * the floor v₀ = MINIMUM_VARIANCE so that log EI stays finite at observed points, b the incumbent.
 *   ∂ log EI/∂x_j = (∂ log EI/∂μ) ∂μ/∂x_j + (∂ log EI/∂σ) ∂v/∂x_j / (2σ)   (0 for the σ term below the floor).
 */
import {
  GRADIENT_LANES,
  posterior,
  posteriorWithGradientLanes,
  posteriorWithVarianceBound,
} from '../gp/posterior.ts';
import { minimizeBoundedSteps, type ValueAndGradient } from '../optim/lbfgsb.ts';
import type { RefineJob, RefineResult, ScoreJob } from './evaluator.ts';
import {
  logExpectedImprovement,
  logExpectedImprovementUpperBound,
  logExpectedImprovementValue,
} from './logEi.ts';

/** Floor of the posterior variance in standardised units (σ ≥ 1e-6 of the targets' spread). */
export const MINIMUM_VARIANCE = 1e-12;

/**
 * From this many observations on, a score job with `top` screens by an upper bound first (see
 * {@link scoreCandidates}); below it the exact variance (O(n²) a candidate) costs about what the bound costs.
 */
export const SCREEN_FROM_OBSERVATIONS = 64;
/** Observations each candidate's variance bound conditions on. */
const BOUND_NEIGHBOURS = 8;
/** Candidates scored exactly between two checks of the stopping rule (see `scoreBest`). */
const SCORE_CHUNK = 16;
/**
 * Added to the variance bound (in units of the signal variance) before it is compared: the bound and the exact
 * variance are each computed with rounding, and the noise floor (1e-6 of the signal, MINIMUM_NOISE_VARIANCE)
 * keeps the conditioning of the model's covariance such that their rounding errors stay far below this.
 */
const BOUND_SLACK = 1e-6;
/** Candidates whose exact score is computed together (the posterior's four-lane solve). */
const EXACT_GROUP = 4;

/**
 * Log expected improvement of each candidate.
 *
 * With `job.top`, only the `top` best scores are computed exactly, and candidates that cannot reach them are
 * screened out by an upper bound on their log EI (see `scoreBest`): the cheap bound of
 * `logExpectedImprovementUpperBound` (two logarithms instead of log EI's continued fractions) on the exact
 * posterior, and from {@link SCREEN_FROM_OBSERVATIONS} observations on, on the exact mean and an upper bound on
 * the variance (`posteriorWithVarianceBound`, O(n d) a candidate instead of the exact variance's O(n²)). The
 * result is the same either way: the `top` best exact scores (ties by order) at their positions, -Infinity
 * elsewhere.
 *
 * @param job - model, incumbent (standardised), candidates (m × d) and optionally `top`.
 * @returns scores, length m; never NaN for a model without NaN.
 */
export function scoreCandidates(job: ScoreJob): Float64Array {
  const { model, incumbent, candidates, top } = job;
  const d = model.dimension;
  const count = candidates.length / d;
  const means = new Float64Array(count);
  const variances = new Float64Array(count);
  const scores = new Float64Array(count);
  if (top === undefined || top >= count) {
    posterior(model, candidates, means, variances);
    for (let i = 0; i < count; i++) scores[i] = scoreOf(means[i]!, variances[i]!, incumbent);
    return scores;
  }
  scores.fill(Number.NEGATIVE_INFINITY);
  const bounds = new Float64Array(count);
  if (model.count < SCREEN_FROM_OBSERVATIONS) {
    // The exact posterior of every candidate; only log EI is screened (by its cheap bound).
    posterior(model, candidates, means, variances);
    for (let i = 0; i < count; i++) bounds[i] = boundOf(means[i]!, variances[i]!, incumbent);
    // Exact scores cost little here (the posterior is already computed): two passes by thresholds, without
    // ordering the candidates.
    const scoreRows = (rows: number[]) => {
      for (const row of rows) scores[row] = scoreOf(means[row]!, variances[row]!, incumbent);
    };
    const keys = boundKeys(bounds);
    const first = rowsAtLeast(keys, kthLargest(keys, top));
    scoreRows(first);
    const threshold = kthLargest(
      Float64Array.from(first, (row) => exactKey(scores[row]!)),
      top,
    );
    const chosen = new Uint8Array(count);
    for (const row of first) chosen[row] = 1;
    scoreRows(rowsAtLeast(keys, threshold).filter((row) => chosen[row] === 0));
    return keepTopScores(scores, top);
  }
  posteriorWithVarianceBound(model, candidates, BOUND_NEIGHBOURS, means, variances);
  const slack = BOUND_SLACK * model.hyperparameters.signalVariance;
  for (let i = 0; i < count; i++) bounds[i] = boundOf(means[i]!, variances[i]! + slack, incumbent);
  const group = new Float64Array(EXACT_GROUP * d);
  const groupMeans = new Float64Array(EXACT_GROUP);
  const groupVariances = new Float64Array(EXACT_GROUP);
  scoreBest(bounds, top, scores, (rows) => {
    for (let first = 0; first < rows.length; first += EXACT_GROUP) {
      const width = Math.min(EXACT_GROUP, rows.length - first);
      for (let k = 0; k < width; k++) {
        const row = rows[first + k]!;
        group.set(candidates.subarray(row * d, (row + 1) * d), k * d);
      }
      posterior(model, group.subarray(0, width * d), groupMeans, groupVariances);
      for (let k = 0; k < width; k++) {
        scores[rows[first + k]!] = scoreOf(groupMeans[k]!, groupVariances[k]!, incumbent);
      }
    }
  });
  return keepTopScores(scores, top);
}

/**
 * Scores exactly (through `scoreRows`) every candidate that can rank among the `top` best, given an upper
 * bound on each score: candidates go in descending order of their bound, SCORE_CHUNK at a time, and the walk
 * stops once `top` are scored and the next bound is below the `top`-th best exact score so far, which no
 * later candidate can beat. NaN bounds come first (always scored).
 */
function scoreBest(
  bounds: Float64Array,
  top: number,
  scores: Float64Array,
  scoreRows: (rows: number[]) => void,
): void {
  const count = bounds.length;
  const keys = boundKeys(bounds);
  const order = Array.from(keys, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  const exact: number[] = [];
  let threshold = Number.NEGATIVE_INFINITY;
  for (let next = 0; next < count; next += SCORE_CHUNK) {
    if (exact.length >= top && keys[order[next]!]! < threshold) break;
    const rows = order.slice(next, next + SCORE_CHUNK);
    scoreRows(rows);
    for (const row of rows) exact.push(exactKey(scores[row]!));
    if (exact.length >= top) threshold = kthLargest(Float64Array.from(exact), top);
  }
}

/** Bounds as sort keys: NaN (a model gone wrong) as +Infinity, so such a candidate is always scored. */
function boundKeys(bounds: Float64Array): Float64Array {
  return Float64Array.from(bounds, (bound) => (Number.isNaN(bound) ? Number.POSITIVE_INFINITY : bound));
}

/** An exact score as a sort key: NaN ranks last. */
function exactKey(score: number): number {
  return Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}

/** The rows whose key is at least `threshold`, in order. */
function rowsAtLeast(keys: Float64Array, threshold: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < keys.length; i++) if (keys[i]! >= threshold) rows.push(i);
  return rows;
}

/** The k-th largest value (NaN-free input), or -Infinity when there are fewer than k. */
function kthLargest(values: Float64Array, k: number): number {
  if (k > values.length || k < 1) return Number.NEGATIVE_INFINITY;
  return Float64Array.from(values).sort()[values.length - k]!;
}

/** An upper bound on {@link scoreOf} that costs two logarithms (see `logExpectedImprovementUpperBound`). */
function boundOf(mean: number, variance: number, incumbent: number): number {
  return logExpectedImprovementUpperBound(mean, Math.sqrt(Math.max(variance, MINIMUM_VARIANCE)), incumbent);
}

/** log EI at one point from its mean and latent variance (floored, see MINIMUM_VARIANCE). */
function scoreOf(mean: number, variance: number, incumbent: number): number {
  return logExpectedImprovementValue(mean, Math.sqrt(Math.max(variance, MINIMUM_VARIANCE)), incumbent);
}

/**
 * Keeps the `top` best scores (descending, ties by position; NaN ranks last) where they are and sets every
 * other to -Infinity, in place. A pool applies it again to the joined chunks, so the result does not depend on
 * how the candidates were split.
 *
 * @param scores - scores, modified.
 * @param top - how many to keep.
 * @returns `scores`.
 */
export function keepTopScores(scores: Float64Array, top: number): Float64Array {
  if (top >= scores.length) return scores;
  const keys = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    keys[i] = Number.isNaN(scores[i]) ? Number.NEGATIVE_INFINITY : scores[i]!;
  }
  // The top-th largest key by a native sort of a copy, then one pass in position order: every key above it
  // stays, and as many equal to it as are left, first positions first (the ranking's tie rule).
  const threshold = Float64Array.from(keys).sort()[scores.length - top]!;
  let equalLeft = top;
  for (let i = 0; i < keys.length; i++) if (keys[i]! > threshold) equalLeft--;
  for (let i = 0; i < scores.length; i++) {
    if (keys[i]! > threshold) continue;
    if (keys[i] === threshold && equalLeft > 0) equalLeft--;
    else scores[i] = Number.NEGATIVE_INFINITY;
  }
  return scores;
}

/**
 * Maximises log expected improvement from each start within the box; categorical coordinates stay fixed. The
 * runs work in coordinates divided by the model's length scales (see the comment inside).
 *
 * The starts' L-BFGS runs advance in lockstep, four evaluations at a time through
 * `posteriorWithGradientLanes` (one pass over the model's factor for four points). Each run's arithmetic is
 * what it would be alone, so the result does not depend on how many starts a job (or a pool's chunk) holds.
 *
 * @param job - model, incumbent, starts (k × d), bounds and iteration budget.
 * @returns the refined points (or the start when refinement found nothing better) and their scores.
 */
export function refineCandidates(job: RefineJob): RefineResult {
  const { model, incumbent, starts, lower, upper } = job;
  const d = model.dimension;
  const count = starts.length / d;
  const points = new Float64Array(starts.length);
  const values = new Float64Array(count);

  // Each run works in coordinates divided by the length scales (categorical ones stay fixed), where the kernel
  // is isotropic. In the model's own coordinates the problem is as ill-conditioned as the length scales are
  // unequal: in 30-D, with length scales from about 0.2 to 20, nearly every run ended at its iteration budget
  // (100) still climbing; scaled, the median run converges in about 25.
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    scale[j] = model.categoricalMask[j] === 1 ? 1 : model.hyperparameters.lengthScales[j]!;
  }

  function* refineStart(s: number): Generator<Float64Array, void, ValueAndGradient> {
    const start = starts.subarray(s * d, (s + 1) * d);
    const scaledStart = new Float64Array(d);
    const scaledLower = new Float64Array(d);
    const scaledUpper = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const fixed = model.categoricalMask[j] === 1;
      scaledStart[j] = start[j]! / scale[j]!;
      scaledLower[j] = fixed ? scaledStart[j]! : lower[j]! / scale[j]!;
      scaledUpper[j] = fixed ? scaledStart[j]! : upper[j]! / scale[j]!;
    }
    const point = new Float64Array(d);
    /** The model point of a scaled one (categorical coordinates exactly the start's; rounding kept in the box). */
    const toPoint = (scaled: Float64Array): Float64Array => {
      for (let j = 0; j < d; j++) {
        point[j] =
          model.categoricalMask[j] === 1
            ? start[j]!
            : Math.min(upper[j]!, Math.max(lower[j]!, scaled[j]! * scale[j]!));
      }
      return point;
    };
    const startValue = -(yield start).value;
    const steps = minimizeBoundedSteps(scaledStart, scaledLower, scaledUpper, {
      maxIterations: job.maxIterations,
      tolerance: 1e-6,
      functionTolerance: 1e-10,
    });
    const scaledGradient = new Float64Array(d);
    let request = steps.next();
    while (!request.done) {
      const answer = yield toPoint(request.value);
      // ∂f/∂z_j = l_j ∂f/∂x_j for x_j = l_j z_j.
      for (let j = 0; j < d; j++) scaledGradient[j] = answer.gradient[j]! * scale[j]!;
      request = steps.next({ value: answer.value, gradient: scaledGradient });
    }
    const result = request.value;
    const improved = Number.isFinite(result.value) && -result.value > startValue;
    points.set(improved ? toPoint(result.x) : start, s * d);
    values[s] = improved ? -result.value : startValue;
  }

  const lanePoints = new Float64Array(GRADIENT_LANES * d);
  const means = new Float64Array(GRADIENT_LANES);
  const variances = new Float64Array(GRADIENT_LANES);
  const meanGradients = new Float64Array(GRADIENT_LANES * d);
  const varianceGradients = new Float64Array(GRADIENT_LANES * d);
  const gradient = new Float64Array(d);
  type Waiting = { run: Generator<Float64Array, void, ValueAndGradient>; point: Float64Array };
  let waiting: Waiting[] = [];
  for (let s = 0; s < count; s++) {
    const run = refineStart(s);
    const request = run.next();
    if (!request.done) waiting.push({ run, point: request.value });
  }
  while (waiting.length > 0) {
    const next: Waiting[] = [];
    for (let first = 0; first < waiting.length; first += GRADIENT_LANES) {
      const group = waiting.slice(first, first + GRADIENT_LANES);
      group.forEach(({ point }, lane) => {
        lanePoints.set(point, lane * d);
      });
      posteriorWithGradientLanes(
        model,
        lanePoints.subarray(0, group.length * d),
        means,
        variances,
        meanGradients,
        varianceGradients,
      );
      group.forEach(({ run }, lane) => {
        const variance = variances[lane]!;
        const floored = variance <= MINIMUM_VARIANCE;
        const standardDeviation = Math.sqrt(floored ? MINIMUM_VARIANCE : variance);
        const acquisition = logExpectedImprovement(means[lane]!, standardDeviation, incumbent);
        const varianceFactor = floored ? 0 : acquisition.standardDeviationGradient / (2 * standardDeviation);
        for (let j = 0; j < d; j++) {
          gradient[j] = -(
            acquisition.meanGradient * meanGradients[lane * d + j]! +
            varianceFactor * varianceGradients[lane * d + j]!
          );
        }
        // The optimiser copies the gradient before it asks again, so one buffer serves every lane.
        const request = run.next({ value: -acquisition.value, gradient });
        if (!request.done) next.push({ run, point: request.value });
      });
    }
    waiting = next;
  }
  return { points, values };
}
