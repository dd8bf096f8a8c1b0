/**
 * Log expected improvement for minimisation, stable far into the tails (Ament et al. 2023, "Unexpected
 * improvements to expected improvement for Bayesian optimization", LogEI).
 *
 * Symbols: mean μ and standard deviation σ of the posterior at a point, incumbent (best value so far) b,
 * z = (b - μ) / σ, φ and Φ the standard normal density and distribution.
 *   EI = σ h(z),  h(z) = φ(z) + z Φ(z) = E[max(z - ε, 0)],  h'(z) = Φ(z),
 *   log EI = log σ + log h(z).
 * For z > -1, h is computed directly. For z ≤ -1 the Gaussian factor is taken out analytically:
 *   h(z) = φ(z) u(x),  x = -z,  u(x) = 1 - x R(x),  R(x) = Φ(-x) / φ(x) (Mills ratio) = √(π/2) erfcx(x/√2),
 *   log h(z) = -x²/2 - ½ log 2π + log u(x).
 * u(x) ≈ 1/x² suffers cancellation as x grows (the log1mexp form of the paper has the same issue), so for
 * x ≥ 4 Laplace's continued fraction R = 1/(x + T), T = 1/(x + 2/(x + 3/(x + ...))) gives
 *   u = T / (x + T)  exactly, with no subtraction,
 * which stays accurate up to x ≈ 1e154 (where x² overflows and log EI is -Infinity).
 * Gradients: ∂ log EI/∂μ = -(Φ/h)(z) / σ and ∂ log EI/∂σ = (φ/h)(z) / σ (from h - zΦ = φ), with
 *   Φ/h = R/u = 1/T and φ/h = 1/u = (x + T)/T in the far tail.
 */

import { exp } from '../math/exp.ts';
import { log } from '../math/log.ts';
import { log1p } from '../math/log1p.ts';
import { erfcx } from './erfcx.ts';

const HALF_LOG_TWO_PI = 0.5 * log(2 * Math.PI);
const INVERSE_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const TINY = 1e-300;

/** log h(z) and the two ratios the gradients need. */
export interface LogHResult {
  /** log h(z) = log(φ(z) + z Φ(z)). */
  readonly value: number;
  /** Φ(z) / h(z) = d log h / dz. */
  readonly cdfRatio: number;
  /** φ(z) / h(z). */
  readonly pdfRatio: number;
}

/**
 * log h(z), h(z) = φ(z) + z Φ(z), with d log h/dz, stable for every z down to about -1e154.
 *
 * @param z - standardised improvement (b - μ)/σ.
 * @returns log h(z), Φ/h and φ/h.
 */
export function logH(z: number): LogHResult {
  if (z > -1) {
    const density = INVERSE_SQRT_TWO_PI * exp(-0.5 * z * z);
    // Φ(z) = ½ erfc(-z/√2); for z > 0 use 1 - ½ erfc(z/√2) so that nothing overflows.
    const gaussianTail = 0.5 * erfcx(Math.abs(z) * Math.SQRT1_2) * exp(-0.5 * z * z);
    const distribution = z > 0 ? 1 - gaussianTail : gaussianTail;
    const h = density + z * distribution;
    return { value: log(h), cdfRatio: distribution / h, pdfRatio: density / h };
  }
  const x = -z;
  let u: number;
  let cdfRatio: number;
  if (x < 4) {
    const millsRatio = SQRT_HALF_PI * erfcx(x * Math.SQRT1_2);
    u = 1 - x * millsRatio;
    cdfRatio = millsRatio / u;
  } else {
    const t = laplaceTail(x);
    u = t / (x + t);
    cdfRatio = 1 / t;
  }
  return { value: -0.5 * x * x - HALF_LOG_TWO_PI + log(u), cdfRatio, pdfRatio: 1 / u };
}

/** T(x) = 1/(x + 2/(x + 3/(x + ...))) by the modified Lentz method; x ≥ 4 converges in under 100 terms. */
function laplaceTail(x: number): number {
  let f = TINY;
  let c = f;
  let d = 0;
  for (let j = 1; j < 1000; j++) {
    const a = j;
    d = x + a * d;
    if (d === 0) d = TINY;
    c = x + a / c;
    if (c === 0) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return f;
}

/** log EI at one point with its partial derivatives. */
export interface LogExpectedImprovement {
  readonly value: number;
  /** ∂ log EI / ∂μ. */
  readonly meanGradient: number;
  /** ∂ log EI / ∂σ. */
  readonly standardDeviationGradient: number;
}

/**
 * Log expected improvement below an incumbent (minimisation), with its gradient in μ and σ.
 *
 * @param mean - posterior mean μ.
 * @param standardDeviation - posterior standard deviation σ > 0 (callers floor it; 0 gives -Infinity or log(b - μ)).
 * @param incumbent - the value to improve on, b.
 * @returns log E[max(b - Y, 0)] for Y ~ N(μ, σ²), and ∂/∂μ, ∂/∂σ.
 */
export function logExpectedImprovement(
  mean: number,
  standardDeviation: number,
  incumbent: number,
): LogExpectedImprovement {
  const z = (incumbent - mean) / standardDeviation;
  const h = logH(z);
  return {
    value: h.value + log(standardDeviation),
    meanGradient: -h.cdfRatio / standardDeviation,
    standardDeviationGradient: h.pdfRatio / standardDeviation,
  };
}

/**
 * Log expected improvement only (no gradient), the inner loop of candidate scoring.
 *
 * @param mean - posterior mean μ.
 * @param standardDeviation - posterior standard deviation σ > 0.
 * @param incumbent - the value to improve on, b.
 * @returns log EI.
 */
export function logExpectedImprovementValue(
  mean: number,
  standardDeviation: number,
  incumbent: number,
): number {
  return logH((incumbent - mean) / standardDeviation).value + log(standardDeviation);
}

/**
 * An upper bound on log EI that costs two logarithms: below z = -1, Gordon's inequality for the Mills ratio,
 * R(x) > x / (1 + x²), gives u(x) = 1 - x R(x) < 1 / (1 + x²), so
 *   log EI < log σ - x²/2 - ½ log 2π - log(1 + x²),   x = -z,
 * with a relative gap of about 2/x² (far above rounding for any x that can rank); a relative slack of 1e-12
 * covers the rounding of both sides where it closes. Above z = -1 it is log EI itself. Candidate scoring ranks
 * thousands of points of which it keeps a few, most of them deep in the tail, where log EI's continued fraction
 * takes dozens of steps: the bound decides which need it.
 *
 * @param mean - posterior mean μ.
 * @param standardDeviation - posterior standard deviation σ > 0.
 * @param incumbent - the value to improve on, b.
 * @returns a value ≥ `logExpectedImprovementValue(mean, standardDeviation, incumbent)` (NaN for NaN input).
 */
export function logExpectedImprovementUpperBound(
  mean: number,
  standardDeviation: number,
  incumbent: number,
): number {
  const z = (incumbent - mean) / standardDeviation;
  if (!(z < -1)) return logH(z).value + log(standardDeviation);
  const x = -z;
  const bound = log(standardDeviation) - 0.5 * x * x - HALF_LOG_TWO_PI - log1p(x * x);
  return bound + 1e-12 * (1 + Math.abs(bound));
}
