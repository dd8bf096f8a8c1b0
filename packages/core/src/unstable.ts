/**
 * `@tunekit/core/unstable`: internals that the benchmarks measure directly (the Gaussian-process fit and
 * posterior, the Sobol sequence).
 *
 * UNSTABLE: anything here may change or go in any release, minor and patch included, without notice. Nothing
 * in tunekit's public packages depends on it; build on `@tunekit/core` and `@tunekit/core/acquisition` instead.
 */
export type { FitGaussianProcessOptions } from './gp/fit.ts';
export { fitGaussianProcess } from './gp/fit.ts';
export type { PosteriorPoint } from './gp/posterior.ts';
export { posterior } from './gp/posterior.ts';
export type { SobolSequence, SobolSequenceOptions } from './sobol/sobolSequence.ts';
export { createSobolSequence } from './sobol/sobolSequence.ts';
