export {
  MINIMUM_VARIANCE,
  refineCandidates,
  scoreCandidates,
} from './acquisition/acquisitionFunction.ts';
export type { AcquisitionEvaluator, RefineJob, RefineResult, ScoreJob } from './acquisition/evaluator.ts';
export { createLocalEvaluator, isAcquisitionEvaluator } from './acquisition/evaluator.ts';
export type { LogExpectedImprovement } from './acquisition/logEi.ts';
export { logExpectedImprovement } from './acquisition/logEi.ts';
export type { Issue, ParseResult, TunekitErrorCode } from './errors.ts';
export { formatIssue, formatPath, isTunekitError, TunekitError } from './errors.ts';
export { appendObservations } from './gp/appendObservations.ts';
export type { FitGaussianProcessOptions } from './gp/fit.ts';
export { fitGaussianProcess } from './gp/fit.ts';
export type { BuildGaussianProcessModelOptions, TargetStandardization } from './gp/model.ts';
export { buildGaussianProcessModel, standardizeTargets } from './gp/model.ts';
export type { PosteriorPoint } from './gp/posterior.ts';
export { posterior, posteriorWithGradient } from './gp/posterior.ts';
export type { LengthScalePrior } from './gp/priors.ts';
export type { GaussianProcessHyperparameters, GaussianProcessModel } from './gp/types.ts';
export type {
  BoundedObjective,
  MinimizeBoundedOptions,
  MinimizeBoundedResult,
  ValueAndGradient,
} from './optim/lbfgsb.ts';
export { minimizeBounded } from './optim/lbfgsb.ts';
export type { Rng } from './rng.ts';
export { createRng, deriveSeed } from './rng.ts';
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
export { MAX_CATEGORICAL_VALUES, MAX_TUNABLE_PARAMETERS } from './space/types.ts';
export { checkParameters } from './space/validateParameters.ts';
export type {
  ExecutorSpec,
  LocalExecutorSpec,
  MetricDefinition,
  ObjectiveType,
  SageMakerExecutorSpec,
  TuningJobSpec,
} from './spec/types.ts';
export type { BayesianStrategyOptions } from './strategies/bayesian.ts';
export { createBayesianStrategy, initialDesignSize } from './strategies/bayesian.ts';
export type { GridStrategyOptions } from './strategies/grid.ts';
export { createGridStrategy } from './strategies/grid.ts';
export { createRandomStrategy } from './strategies/random.ts';
export type {
  Observation,
  Strategy,
  StrategyName,
  StrategyOptions,
  Suggestion,
  SuggestRequest,
} from './strategy.ts';
export type {
  CompletionReason,
  MetricObservation,
  Trial,
  TrialOutcome,
  TrialStatus,
  TunerState,
} from './tuner/types.ts';
