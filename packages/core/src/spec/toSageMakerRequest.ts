/**
 * Writing a spec as the `CreateHyperParameterTuningJob` request body that SageMaker's own tuning takes
 * (what executor `sagemaker-managed` sends and `tunekit export --sagemaker` prints).
 */
import type { ParseResult } from '../errors.ts';
import { MAX_CATEGORICAL_VALUES, MAX_TUNABLE_PARAMETERS } from '../space/types.ts';
import { Issues, isRecord, type Path } from './reader.ts';
import { checkJobRules, checkManagedRules, type SpecLocator } from './rules.ts';
import { writeSageMakerRanges } from './sageMakerRanges.ts';
import type { SageMakerManagedSettings, TuningJobSpec } from './types.ts';

/** Training-definition fields that come from the spec itself, never from the executor's settings. */
const FROM_SPEC = {
  StaticHyperParameters: 'static',
  RetryStrategy: 'limits.maxRetries',
} as const;

/**
 * Builds the `CreateHyperParameterTuningJob` request for a spec, refusing what SageMaker's tuning cannot do:
 * the Sobol strategy, more than 30 ranges, more than 30 values a categorical range, Grid with continuous
 * ranges, job names over 32 characters, a maximum runtime under 120 seconds. Integer ranges of a Grid are sent
 * as categorical values (SageMaker's Grid takes no others), with a warning.
 *
 * The training definition comes from the executor's settings (`TrainingJobDefinition`, as SageMaker takes it;
 * also `WarmStartConfig`, `StrategyConfig` and `Tags`); static hyperparameters, metric definitions and retries
 * come from the spec. Without a `TrainingJobDefinition` (a local executor) the request is returned with a warning
 * naming the fields SageMaker will ask for.
 *
 * @param spec - A validated spec.
 * @returns The request body (plain JSON data, range bounds as strings), or the problems by the spec's paths.
 */
export function toSageMakerRequest(spec: TuningJobSpec): ParseResult<Record<string, unknown>> {
  const issues = new Issues();
  const settingsPath: Path = ['executor', spec.executor.kind];
  const at: SpecLocator = {
    name: ['name'],
    strategy: ['strategy'],
    maxTrials: ['limits', 'maxTrials'],
    maxRuntimeSeconds: ['limits', 'maxRuntimeSeconds'],
    earlyStopping: ['earlyStopping'],
    static: ['static'],
    parameter: (index, field) => [
      'parameters',
      spec.parameters[index]?.name ?? index,
      ...(field === undefined ? [] : [field]),
    ],
  };
  const draft = {
    name: spec.name,
    strategy: spec.strategy,
    parameters: spec.parameters,
    static: spec.static,
    maxTrials: spec.limits.maxTrials,
    maxRuntimeSeconds: spec.limits.maxRuntimeSeconds,
    earlyStopping: spec.earlyStopping,
    executorKind: 'sagemaker-managed' as const,
  };
  checkJobRules(draft, at, issues);
  checkManagedRules(draft, at, issues);
  if (spec.parameters.length > MAX_TUNABLE_PARAMETERS) {
    issues.add(
      'sagemaker.tooManyRanges',
      ['parameters'],
      `SageMaker tunes at most ${MAX_TUNABLE_PARAMETERS} ranges, not ${spec.parameters.length}: move some to static`,
    );
  }
  spec.parameters.forEach((parameter, index) => {
    if (parameter.type === 'categorical' && parameter.values.length > MAX_CATEGORICAL_VALUES) {
      issues.add(
        'sagemaker.tooManyValues',
        at.parameter(index, 'values'),
        `SageMaker takes at most ${MAX_CATEGORICAL_VALUES} values a categorical range, not ${parameter.values.length}: drop some`,
      );
    }
  });
  const settings: ImportedParts =
    (spec.executor.kind === 'sagemaker-managed' ? spec.executor.settings.request : undefined) ?? {};
  const definition = trainingDefinition(spec, settings, settingsPath, issues);
  if (issues.errors.length > 0) return { ok: false, issues: issues.errors };

  const criteria: Record<string, unknown> = {};
  if (spec.completion.targetObjective !== undefined)
    criteria.TargetObjectiveMetricValue = spec.completion.targetObjective;
  if (spec.completion.maxTrialsNotImproving !== undefined) {
    criteria.BestObjectiveNotImproving = {
      MaxNumberOfTrainingJobsNotImproving: spec.completion.maxTrialsNotImproving,
    };
  }
  if (spec.completion.convergence) criteria.ConvergenceDetected = { CompleteOnConvergence: 'Enabled' };
  const config: Record<string, unknown> = {
    Strategy: spec.strategy,
    ...strategyConfig(spec, settings),
    HyperParameterTuningJobObjective: { Type: spec.objective.type, MetricName: spec.objective.metric },
    ResourceLimits: {
      MaxNumberOfTrainingJobs: spec.limits.maxTrials,
      MaxParallelTrainingJobs: spec.limits.maxParallel,
      ...(spec.limits.maxRuntimeSeconds === undefined
        ? {}
        : { MaxRuntimeInSeconds: spec.limits.maxRuntimeSeconds }),
    },
    ParameterRanges: writeSageMakerRanges(spec.parameters, spec.strategy === 'Grid'),
    // A grace period was refused above (checkManagedRules): what is left is Off or Auto.
    TrainingJobEarlyStoppingType: spec.earlyStopping === 'Off' ? 'Off' : 'Auto',
    ...(Object.keys(criteria).length === 0 ? {} : { TuningJobCompletionCriteria: criteria }),
    // A file without a seed sends none: SageMaker draws one, as tunekit does for its own strategies.
    ...(spec.seedDrawn === true ? {} : { RandomSeed: spec.seed }),
  };
  const request: Record<string, unknown> = {
    HyperParameterTuningJobName: spec.name,
    HyperParameterTuningJobConfig: config,
    TrainingJobDefinition: definition,
  };
  if (settings.WarmStartConfig !== undefined) request.WarmStartConfig = settings.WarmStartConfig;
  if (settings.Tags !== undefined) request.Tags = settings.Tags;
  const value = structuredClone(request);
  return issues.warnings.length > 0 ? { ok: true, value, warnings: issues.warnings } : { ok: true, value };
}

/** The parts of an imported request that the executor's settings carry (none for a tuning file's executor). */
type ImportedParts = Partial<NonNullable<SageMakerManagedSettings['request']>>;

function trainingDefinition(
  spec: TuningJobSpec,
  settings: ImportedParts,
  settingsPath: Path,
  issues: Issues,
): Record<string, unknown> {
  const given = settings.TrainingJobDefinition;
  const base: Record<string, unknown> = isRecord(given) ? { ...given } : {};
  const basePath = [...settingsPath, 'TrainingJobDefinition'];
  if (given !== undefined && !isRecord(given)) {
    issues.add(
      'sagemaker.trainingDefinition',
      basePath,
      'must be a mapping of SageMaker training-job fields',
    );
  }
  if (given === undefined) {
    issues.warn(
      'sagemaker.noTrainingDefinition',
      basePath,
      'no TrainingJobDefinition: add AlgorithmSpecification, RoleArn, OutputDataConfig, ResourceConfig and StoppingCondition before sending this request',
    );
  }
  for (const [key, field] of Object.entries(FROM_SPEC)) {
    if (base[key] !== undefined) {
      issues.add(
        'sagemaker.fromSpec',
        [...basePath, key],
        `comes from the tuning file's ${field}: remove it here`,
      );
    }
  }
  const algorithm: Record<string, unknown> = isRecord(base.AlgorithmSpecification)
    ? { ...base.AlgorithmSpecification }
    : {};
  if (algorithm.MetricDefinitions !== undefined) {
    issues.add(
      'sagemaker.fromSpec',
      [...basePath, 'AlgorithmSpecification', 'MetricDefinitions'],
      "comes from the tuning file's metrics: remove it here",
    );
  }
  if (spec.metrics.length > 0) {
    algorithm.MetricDefinitions = spec.metrics.map((metric) => ({ Name: metric.name, Regex: metric.regex }));
  }
  const definition: Record<string, unknown> = { StaticHyperParameters: { ...spec.static } };
  if (Object.keys(algorithm).length > 0) definition.AlgorithmSpecification = algorithm;
  for (const [key, value] of Object.entries(base))
    if (key !== 'AlgorithmSpecification') definition[key] = value;
  if (spec.limits.maxRetries > 0) definition.RetryStrategy = { MaximumRetryAttempts: spec.limits.maxRetries };
  return definition;
}

/** The request's StrategyConfig: the imported one, or the top-level hyperband block's resources. */
function strategyConfig(spec: TuningJobSpec, settings: ImportedParts): { StrategyConfig?: unknown } {
  if (settings.StrategyConfig !== undefined) return { StrategyConfig: settings.StrategyConfig };
  if (spec.strategy !== 'Hyperband' || spec.hyperband === undefined) return {};
  const { minResource, maxResource } = spec.hyperband;
  return {
    StrategyConfig: { HyperbandStrategyConfig: { MinResource: minResource, MaxResource: maxResource } },
  };
}
