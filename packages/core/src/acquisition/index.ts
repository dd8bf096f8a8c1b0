/**
 * `@tunekit/core/acquisition`: the worker contract of the Bayesian strategy.
 *
 * The strategy hands its acquisition work to an {@link AcquisitionEvaluator} as plain-data jobs (a
 * {@link ScoreJob} scores candidates, a {@link RefineJob} refines starts by L-BFGS); `createLocalEvaluator()`
 * runs them in the calling thread, and a worker pool (`@tunekit/worker`) runs the same pure functions,
 * `scoreCandidates` and `refineCandidates`, on its threads, with the same results. A job carries its fitted
 * {@link GaussianProcessModel}; `buildGaussianProcessModel` makes one from data (a worker warms up with it).
 * Pass an evaluator as `createTuner(spec, { evaluator })` or `createBayesianStrategy({ ..., evaluator })`.
 */

export type { BuildGaussianProcessModelOptions, PriorMean } from '../gp/model.ts';
export { buildGaussianProcessModel } from '../gp/model.ts';
export type { GaussianProcessHyperparameters, GaussianProcessModel } from '../gp/types.ts';
export { keepTopScores, refineCandidates, scoreCandidates } from './acquisitionFunction.ts';
export type { AcquisitionEvaluator, RefineJob, RefineResult, ScoreJob } from './evaluator.ts';
export { createLocalEvaluator } from './localEvaluator.ts';
