export {
  MINIMUM_VARIANCE,
  refineCandidates,
  scoreCandidates,
} from './acquisition/acquisitionFunction.ts';
export type { AcquisitionEvaluator, RefineJob, RefineResult, ScoreJob } from './acquisition/evaluator.ts';
export { createLocalEvaluator } from './acquisition/evaluator.ts';
export type { LogExpectedImprovement } from './acquisition/logEi.ts';
export { logExpectedImprovement } from './acquisition/logEi.ts';
export type { Issue, ParseResult, TunekitErrorCode } from './errors.ts';
export { formatIssue, formatPath, isTunekitError, TunekitError } from './errors.ts';
export { appendObservations } from './gp/appendObservations.ts';
export type { FitGaussianProcessOptions } from './gp/fit.ts';
export { fitGaussianProcess } from './gp/fit.ts';
export type { BuildGaussianProcessModelOptions, PriorMean, TargetStandardization } from './gp/model.ts';
export { buildGaussianProcessModel, standardizeTargets } from './gp/model.ts';
export type { PosteriorPoint } from './gp/posterior.ts';
export { posterior, posteriorWithGradient } from './gp/posterior.ts';
export type { LengthScalePrior } from './gp/priors.ts';
export type { GaussianProcessHyperparameters, GaussianProcessModel } from './gp/types.ts';
export {
  checkMetricDefinitions,
  MAX_METRIC_DEFINITIONS,
  MAX_METRIC_NAME_LENGTH,
  MAX_METRIC_REGEX_LENGTH,
} from './metrics/checkMetricDefinitions.ts';
export { closestLines } from './metrics/closestLines.ts';
export type { MetricMatcher } from './metrics/compileMetricRegex.ts';
export { BACKTRACKING_MAX_INPUT, compileMetricRegex } from './metrics/compileMetricRegex.ts';
export type { LineCut, MetricParser, MetricParserOptions } from './metrics/createMetricParser.ts';
export { createMetricParser, MAX_LINE_LENGTH } from './metrics/createMetricParser.ts';
export { metricRegexWarnings } from './metrics/metricRegexWarnings.ts';
export { objectiveOf } from './metrics/objectiveOf.ts';
export type { MetricValue } from './metrics/parseMetricValue.ts';
export { parseMetricValue } from './metrics/parseMetricValue.ts';
export type { RegexRisk } from './metrics/regexRisk.ts';
export { regexRisk } from './metrics/regexRisk.ts';
export type {
  BoundedObjective,
  MinimizeBoundedOptions,
  MinimizeBoundedResult,
  ValueAndGradient,
} from './optim/lbfgsb.ts';
export { minimizeBounded } from './optim/lbfgsb.ts';
export type { Rng } from './rng.ts';
export { createRng, deriveSeed } from './rng.ts';
export type { SobolSequence, SobolSequenceOptions } from './sobol/sobolSequence.ts';
export { createSobolSequence, SOBOL_MAX_DIMENSION, SOBOL_MAX_POINTS } from './sobol/sobolSequence.ts';
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
export { fromSageMakerRequest, isSageMakerRequest } from './spec/fromSageMakerRequest.ts';
export {
  CHANNEL_NAME_PATTERN,
  JOB_NAME_PATTERN,
  MANAGED_JOB_NAME_MAX_LENGTH,
  MANAGED_STRATEGIES,
  SPEC_DEFAULTS,
  SPEC_LIMITS,
  STATIC_LIMITS,
} from './spec/limits.ts';
export type { ParseTuningFileOptions } from './spec/parseTuningFile.ts';
export { parseTuningFile } from './spec/parseTuningFile.ts';
export { toSageMakerRequest } from './spec/toSageMakerRequest.ts';
export type {
  ExecutorSpec,
  LocalExecutorSpec,
  MetricDefinition,
  ObjectiveType,
  SageMakerExecutorSpec,
  TuningJobSpec,
} from './spec/types.ts';
export { TUNING_FILE_KEYS, validateTuningJob } from './spec/validateTuningJob.ts';
export type { BayesianStrategyOptions } from './strategies/bayesian.ts';
export { createBayesianStrategy, initialDesignSize } from './strategies/bayesian.ts';
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
export { CONVERGENCE_PATIENCE, CONVERGENCE_THRESHOLD, createTuner } from './tuner/createTuner.ts';
export { MedianStoppingRule, MIN_COMPLETED_FOR_STOPPING } from './tuner/medianStopping.ts';
export { IMPROVEMENT_FRACTION, ProgressTracker } from './tuner/progressTracker.ts';
export type { Tuner, TunerCompletion, TunerOptions } from './tuner/tuner.ts';
export type {
  CompletionReason,
  MetricObservation,
  Trial,
  TrialOutcome,
  TrialStatus,
  TunerState,
} from './tuner/types.ts';
