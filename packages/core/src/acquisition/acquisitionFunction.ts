/**
 * The work of an acquisition evaluator, as pure functions of plain data: score candidates by log expected
 * improvement, and refine start points by projected L-BFGS on -log EI.
 *
 * Symbols: μ(x), v(x) the posterior mean and latent variance (standardised units), σ(x) = √max(v, v₀) with
 * the floor v₀ = MINIMUM_VARIANCE so that log EI stays finite at observed points, b the incumbent.
 *   ∂ log EI/∂x_j = (∂ log EI/∂μ) ∂μ/∂x_j + (∂ log EI/∂σ) ∂v/∂x_j / (2σ)   (0 for the σ term below the floor).
 */
import { posterior, posteriorWithGradient } from '../gp/posterior.ts';
import { minimizeBounded } from '../optim/lbfgsb.ts';
import type { RefineJob, RefineResult, ScoreJob } from './evaluator.ts';
import { logExpectedImprovement, logExpectedImprovementValue } from './logEi.ts';

/** Floor of the posterior variance in standardised units (σ ≥ 1e-6 of the targets' spread). */
export const MINIMUM_VARIANCE = 1e-12;

/**
 * Log expected improvement of each candidate.
 *
 * @param job - model, incumbent (standardised) and candidates (m × d).
 * @returns scores, length m; never NaN for a model without NaN.
 */
export function scoreCandidates(job: ScoreJob): Float64Array {
  const { model, incumbent, candidates } = job;
  const count = candidates.length / model.dimension;
  const means = new Float64Array(count);
  const variances = new Float64Array(count);
  posterior(model, candidates, means, variances);
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const standardDeviation = Math.sqrt(Math.max(variances[i]!, MINIMUM_VARIANCE));
    scores[i] = logExpectedImprovementValue(means[i]!, standardDeviation, incumbent);
  }
  return scores;
}

/**
 * Maximises log expected improvement from each start within the box; categorical coordinates stay fixed.
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
  const meanGradient = new Float64Array(d);
  const varianceGradient = new Float64Array(d);
  const gradient = new Float64Array(d);
  const objective = (x: Float64Array) => {
    const { mean, variance } = posteriorWithGradient(model, x, meanGradient, varianceGradient);
    const floored = variance <= MINIMUM_VARIANCE;
    const standardDeviation = Math.sqrt(floored ? MINIMUM_VARIANCE : variance);
    const acquisition = logExpectedImprovement(mean, standardDeviation, incumbent);
    const varianceFactor = floored ? 0 : acquisition.standardDeviationGradient / (2 * standardDeviation);
    for (let j = 0; j < d; j++) {
      gradient[j] = -(acquisition.meanGradient * meanGradient[j]! + varianceFactor * varianceGradient[j]!);
    }
    return { value: -acquisition.value, gradient };
  };
  const startLower = new Float64Array(d);
  const startUpper = new Float64Array(d);
  for (let s = 0; s < count; s++) {
    const start = starts.subarray(s * d, (s + 1) * d);
    for (let j = 0; j < d; j++) {
      const fixed = model.categoricalMask[j] === 1;
      startLower[j] = fixed ? start[j]! : lower[j]!;
      startUpper[j] = fixed ? start[j]! : upper[j]!;
    }
    const startValue = -objective(start).value;
    const result = minimizeBounded(objective, start, startLower, startUpper, {
      maxIterations: job.maxIterations,
      tolerance: 1e-6,
      functionTolerance: 1e-10,
    });
    const improved = Number.isFinite(result.value) && -result.value > startValue;
    points.set(improved ? result.x : start, s * d);
    values[s] = improved ? -result.value : startValue;
  }
  return { points, values };
}
