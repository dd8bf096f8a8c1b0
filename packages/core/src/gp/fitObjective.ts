/**
 * The function the hyperparameter fit minimises. Symbols as in `fit.ts`.
 * @internal
 */

import { exp } from '../math/exp.ts';
import {
  type LikelihoodData,
  type LikelihoodGradient,
  type LikelihoodWorkspace,
  logMarginalLikelihood,
} from './marginalLikelihood.ts';
import { type LengthScalePrior, logPrior, MINIMUM_NOISE_VARIANCE } from './priors.ts';

/**
 * The objective the fit minimises: -(log marginal likelihood + log prior) over
 * θ = [log l_1 .. log l_d, log σ², log(noiseVariance - 1e-6)], with its analytic gradient; with a discount mask
 * (a transfer-learning prior) θ has one more coordinate, log priorNoiseVariance, without a prior of its own: the
 * likelihood alone says how far the parents' values disagree with the job's own.
 *
 * @param data - inputs, standardised targets, dimension and categorical mask.
 * @param workspace - buffers for n = data.targets.length.
 * @param prior - which length-scale prior.
 * @returns f(θ) → { value, gradient } for `minimizeBounded` (the gradient buffer is reused between calls).
 */
export function createFitObjective(
  data: LikelihoodData,
  workspace: LikelihoodWorkspace,
  prior: LengthScalePrior,
): (theta: Float64Array) => { value: number; gradient: Float64Array } {
  const d = data.dimension;
  const lengthScales = new Float64Array(d);
  const priorGradient = new Float64Array(d);
  const likelihoodGradient: LikelihoodGradient = {
    lengthScales: new Float64Array(d),
    signalVariance: 0,
    noiseVariance: 0,
    priorNoiseVariance: 0,
  };
  const discounted = data.discountMask?.includes(1) === true;
  const gradient = new Float64Array(discounted ? d + 3 : d + 2);
  return (theta: Float64Array) => {
    for (let j = 0; j < d; j++) lengthScales[j] = exp(theta[j]!);
    const signalVariance = exp(theta[d]!);
    const excessNoise = exp(theta[d + 1]!);
    const noiseVariance = MINIMUM_NOISE_VARIANCE + excessNoise;
    const priorNoiseVariance = discounted ? exp(theta[d + 2]!) : 0;
    const likelihood = logMarginalLikelihood(
      data,
      lengthScales,
      signalVariance,
      noiseVariance,
      workspace,
      likelihoodGradient,
      priorNoiseVariance,
    );
    const priorResult = logPrior(lengthScales, signalVariance, noiseVariance, prior, priorGradient);
    for (let j = 0; j < d; j++) gradient[j] = -(likelihoodGradient.lengthScales[j]! + priorGradient[j]!);
    gradient[d] = -(likelihoodGradient.signalVariance + priorResult.signalVarianceGradient);
    gradient[d + 1] = -(likelihoodGradient.noiseVariance + priorResult.noiseVarianceGradient) * excessNoise;
    if (discounted) gradient[d + 2] = -(likelihoodGradient.priorNoiseVariance ?? 0) * priorNoiseVariance;
    return { value: -(likelihood + priorResult.value), gradient };
  };
}
