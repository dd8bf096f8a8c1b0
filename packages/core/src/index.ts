/**
 * `@tunekit/core`: what a library user needs to tune hyperparameters. The ask/tell tuner, the tuning-file parser
 * and its spec types (with SageMaker's request bodies in and out), the search space, the strategies, the metric
 * parser, and the errors.
 *
 * Two more entries serve narrower needs:
 * - `@tunekit/core/acquisition`: the worker contract (score and refine jobs, the evaluator type, the
 *   single-thread evaluator and the pure functions a worker thread runs), for `@tunekit/worker` and anyone who
 *   moves the Bayesian acquisition elsewhere (Web Workers, another process);
 * - `@tunekit/core/unstable`: Gaussian-process and Sobol internals for the benchmarks; they may change in any
 *   release.
 */
export type { Issue, ParseResult, TunekitErrorCode } from './errors.ts';
export { formatIssue, isTunekitError, TunekitError } from './errors.ts';
export { closestLines } from './metrics/closestLines.ts';
export type { LineCut, MetricParser, MetricParserOptions } from './metrics/createMetricParser.ts';
export { createMetricParser, MAX_LINE_LENGTH } from './metrics/createMetricParser.ts';
export { objectiveOf } from './metrics/objectiveOf.ts';
export type { SearchSpace } from './space/searchSpace.ts';
export { createSearchSpace } from './space/searchSpace.ts';
export type {
  CategoricalParameter,
  ContinuousParameter,
  IntegerParameter,
  Parameter,
  ParameterValue,
  ParameterValues,
  ScalingType,
} from './space/types.ts';
export { fromSageMakerRequest } from './spec/fromSageMakerRequest.ts';
export type { ParseTuningFileOptions } from './spec/parseTuningFile.ts';
export { parseTuningFile } from './spec/parseTuningFile.ts';
export { readSageMakerSettings } from './spec/sageMakerSettings.ts';
export { toSageMakerRequest } from './spec/toSageMakerRequest.ts';
export type {
  ExecutorSpec,
  LocalExecutorSpec,
  MetricDefinition,
  ObjectiveType,
  SageMakerExecutorSpec,
  SageMakerManagedSettings,
  SageMakerSettings,
  TuningJobSpec,
} from './spec/types.ts';
export { validateTuningJob } from './spec/validateTuningJob.ts';
export type { BayesianStrategyOptions } from './strategies/bayesian.ts';
export { createBayesianStrategy } from './strategies/bayesian.ts';
export type { CreateStrategyOptions } from './strategies/createStrategy.ts';
export { createStrategy } from './strategies/createStrategy.ts';
export type { GridStrategyOptions } from './strategies/grid.ts';
export { createGridStrategy } from './strategies/grid.ts';
export { createRandomStrategy } from './strategies/random.ts';
export { createSobolStrategy } from './strategies/sobol.ts';
export type {
  Observation,
  Strategy,
  StrategyName,
  StrategyOptions,
  Suggestion,
  SuggestRequest,
} from './strategy.ts';
export { createTuner } from './tuner/createTuner.ts';
export type { Tuner, TunerCompletion, TunerOptions } from './tuner/tuner.ts';
export type {
  CompletionReason,
  MetricObservation,
  Trial,
  TrialOutcome,
  TrialStatus,
  TunerState,
} from './tuner/types.ts';
