/**
 * Log-priors on the Gaussian process's hyperparameters (standardised targets, inputs in the unit cube), with
 * their derivatives with respect to log l_j, log σ² and the noise variance.
 *
 * Default, `optuna`: the priors of Optuna's GPSampler (optuna/_gp/prior.py), which the reference
 * re-implementation used to reach its quality figures (Branin 0.0013 @30, Hartmann6 0.004 @50):
 *   inverse squared length scales ρ_j = 1/l_j²:  log p = -(0.1/ρ_j + 0.1 ρ_j), which holds l_j near 1 on the
 *     unit cube and penalises both very short (overfitting) and very long (dimension switched off) scales;
 *   signal variance σ²:  Gamma(2, rate 1), log p = log σ² - σ² (mode 1, the variance of standardised targets);
 *   noise variance:      Gamma(1.1, rate 30), log p = 0.1 log noise - 30 noise (expects small noise), above a
 *     floor of 1e-6 that keeps K well conditioned with duplicate points.
 * Alternative, `dimensionScaled`: BoTorch's dimension-scaled log-normal prior on the length scales
 * (Hvarfner et al. 2024, "Vanilla Bayesian optimization performs great in high dimensions"):
 *   l_j ~ LogNormal(√2 + ½ log d, √3), log p = -log l_j - (log l_j - μ)² / 6, with the same σ² and noise
 *   priors (μ = √2 + ½ log d as in BoTorch's code, `loc=SQRT2 + log(ard_num_dims) * 0.5`). It is much wider
 *   than Optuna's (mode 0.29 at d = 2, median e^μ ≈ 10 at d = 6), so the data, not the prior, set the length
 *   scales; Optuna's holds l near 1, which on few points can make the model smooth and overconfident (on
 *   Branin, seed 13 of the quality benchmark, it re-suggested one boundary point for 15 evaluations).
 *   The Bayesian strategy uses `dimensionScaled`: over 20 seeds of the quality benchmark its median regrets
 *   were Branin 0.0036 @25 (Optuna's prior: 0.0051), Hartmann6 0.0053 @50 (0.037), Rosenbrock-4 3.4 @50
 *   (3.5), Ackley-5 5.1 @50 (7.3), mixed 1e-5 @25 (1e-6; both far below the 1e-3 target).
 * Additive constants are dropped (they do not move the optimum).
 * @internal
 */
import { exp } from '../math/exp.ts';
import { log } from '../math/log.ts';

/** Which length-scale prior to use; see the module comment. */
export type LengthScalePrior = 'optuna' | 'dimensionScaled';

/**
 * Mode of the length-scale prior, a natural starting point: 1 for `optuna` (where ρ = 1/l² has its mode),
 * exp(μ - σ²) for `dimensionScaled`.
 *
 * @param kind - which length-scale prior.
 * @param dimension - d.
 * @returns the length scale at the prior's mode.
 */
export function lengthScalePriorMode(kind: LengthScalePrior, dimension: number): number {
  return kind === 'optuna' ? 1 : exp(Math.SQRT2 + 0.5 * log(dimension) - 3);
}

/** Noise variance floor in standardised units (Optuna's DEFAULT_MINIMUM_NOISE_VAR). */
export const MINIMUM_NOISE_VARIANCE = 1e-6;

/** Log-prior value and its derivatives. */
export interface LogPriorResult {
  readonly value: number;
  /** ∂/∂log σ². */
  readonly signalVarianceGradient: number;
  /** ∂/∂noiseVariance. */
  readonly noiseVarianceGradient: number;
}

/**
 * Log-prior of a hyperparameter set, and its gradient.
 *
 * @param lengthScales - l_j, length d.
 * @param signalVariance - σ².
 * @param noiseVariance - noise variance (> 0).
 * @param kind - which length-scale prior.
 * @param lengthScaleGradient - output ∂/∂log l_j, length d.
 * @returns the value and the other derivatives.
 */
export function logPrior(
  lengthScales: ArrayLike<number>,
  signalVariance: number,
  noiseVariance: number,
  kind: LengthScalePrior,
  lengthScaleGradient: Float64Array,
): LogPriorResult {
  const d = lengthScales.length;
  let value = 0;
  if (kind === 'optuna') {
    for (let j = 0; j < d; j++) {
      const l = lengthScales[j]!;
      const rho = 1 / (l * l);
      value -= 0.1 / rho + 0.1 * rho;
      // ∂ρ/∂log l = -2ρ, so ∂/∂log l of -(0.1/ρ + 0.1ρ) = (0.1/ρ² - 0.1)(-2ρ).
      lengthScaleGradient[j] = -0.2 / rho + 0.2 * rho;
    }
  } else {
    const location = Math.SQRT2 + 0.5 * log(d);
    const variance = 3;
    for (let j = 0; j < d; j++) {
      const logLength = log(lengthScales[j]!);
      const centred = logLength - location;
      value += -logLength - (centred * centred) / (2 * variance);
      lengthScaleGradient[j] = -1 - centred / variance;
    }
  }
  value += log(signalVariance) - signalVariance;
  value += 0.1 * log(noiseVariance) - 30 * noiseVariance;
  return {
    value,
    signalVarianceGradient: 1 - signalVariance,
    noiseVarianceGradient: 0.1 / noiseVariance - 30,
  };
}
