/**
 * `@tunekit/core/unstable`: internals that the benchmarks measure directly (the Gaussian-process fit and
 * posterior, the Sobol sequence), Hyperband's bracket arithmetic and rung decisions, and the model's choice of best
 * trial under noise (`Tuner.recommendation`'s types), which the runner journals and shows.
 *
 * UNSTABLE: anything here may change or go in any release, minor and patch included, without notice; only
 * `@tunekit/runner`, released with core, uses it. Build on `@tunekit/core` and `@tunekit/core/acquisition` instead.
 */
export type { FitGaussianProcessOptions } from './gp/fit.ts';
export { fitGaussianProcess } from './gp/fit.ts';
export type { PosteriorPoint } from './gp/posterior.ts';
export { posterior } from './gp/posterior.ts';
export type { SobolSequence, SobolSequenceOptions } from './sobol/sobolSequence.ts';
export { createSobolSequence } from './sobol/sobolSequence.ts';
export { jsonDuplicateKeys } from './spec/duplicateKeys.ts';
export type { ModelRecommendation } from './strategy.ts';
export { AsyncSuccessiveHalving, describeRungDecision } from './tuner/hyperband/asyncSuccessiveHalving.ts';
export type { HyperbandBracket, HyperbandResources } from './tuner/hyperband/schedule.ts';
export { bracketOf, hyperbandBrackets, rungResources } from './tuner/hyperband/schedule.ts';
export type { Recommendation, RungDecision, RungReport } from './tuner/types.ts';
export { NOISE_RATIO_SIGNIFICANT } from './tuner/types.ts';
