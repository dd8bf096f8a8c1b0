/**
 * Importing a SageMaker `CreateHyperParameterTuningJob` request body as a tuning job run by SageMaker's own
 * tuning (executor `sagemaker-managed`), so that SageMaker users bring their existing configuration.
 */
import type { ParseResult } from '../errors.ts';
import { hyperparameterNameProblem } from '../userText.ts';
import { MANAGED_STRATEGIES, SPEC_DEFAULTS, SPEC_LIMITS } from './limits.ts';
import {
  checkKeys,
  Issues,
  isRecord,
  missing,
  type Path,
  readEnum,
  readNumber,
  readRecord,
  readString,
  readStringMap,
} from './reader.ts';
import { checkJobRules, checkManagedRules, type SpecLocator } from './rules.ts';
import { RANGE_FIELDS, readSageMakerRanges } from './sageMakerRanges.ts';
import { parseSageMakerSettings } from './sageMakerSettings.ts';
import { checkMetricsAt, checkParametersAt } from './semanticChecks.ts';
import type { MetricDefinition, TuningJobSpec } from './types.ts';

const REQUEST_KEYS = [
  'HyperParameterTuningJobName',
  'HyperParameterTuningJobConfig',
  'TrainingJobDefinition',
  'TrainingJobDefinitions',
  'WarmStartConfig',
  'Tags',
  'Autotune',
];
const CONFIG_KEYS = [
  'Strategy',
  'StrategyConfig',
  'HyperParameterTuningJobObjective',
  'ResourceLimits',
  'ParameterRanges',
  'TrainingJobEarlyStoppingType',
  'TuningJobCompletionCriteria',
  'RandomSeed',
];
const CONFIG: Path = ['HyperParameterTuningJobConfig'];
const LIMITS: Path = [...CONFIG, 'ResourceLimits'];
const CRITERIA: Path = [...CONFIG, 'TuningJobCompletionCriteria'];
const DEFINITION: Path = ['TrainingJobDefinition'];
const METRIC_DEFINITIONS: Path = [...DEFINITION, 'AlgorithmSpecification', 'MetricDefinitions'];

/**
 * Whether a parsed document is a `CreateHyperParameterTuningJob` request body rather than a tuning file.
 *
 * @param value - The parsed document.
 * @returns True when it has a `HyperParameterTuningJobConfig` or a `HyperParameterTuningJobName`.
 */
export function isSageMakerRequest(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) && ('HyperParameterTuningJobConfig' in value || 'HyperParameterTuningJobName' in value)
  );
}

/**
 * Reads a `CreateHyperParameterTuningJob` request body into a spec with executor `sagemaker-managed`.
 *
 * The executor's settings (typed, with their defaults) keep in `request` what tunekit does not model, as
 * SageMaker takes it: `TrainingJobDefinition`
 * (without `StaticHyperParameters`, `AlgorithmSpecification.MetricDefinitions` and `RetryStrategy`, which become
 * `static`, `metrics` and `limits.maxRetries`), and `WarmStartConfig`, `StrategyConfig` and `Tags` when given.
 * Problems carry the request's own paths (`HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs`).
 *
 * @param request - The parsed request body.
 * @param settings - Settings the request does not carry (region, endpoint, profile, tuningJobName, pollSeconds),
 *   read like a tuning file's `executor.sagemaker-managed`, with its paths.
 * @returns The spec, or every problem with its path and what to change.
 */
export function fromSageMakerRequest(
  request: unknown,
  settings: Readonly<Record<string, unknown>> = {},
): ParseResult<TuningJobSpec> {
  const issues = new Issues();
  const record = readRecord(request, [], issues, 'CreateHyperParameterTuningJob fields');
  if (record === undefined) return { ok: false, issues: issues.errors };
  checkKeys(record, REQUEST_KEYS, [], issues);
  refuse(
    record,
    'TrainingJobDefinitions',
    'tunekit tunes one training definition: use TrainingJobDefinition',
    issues,
  );
  refuse(record, 'Autotune', 'tunekit needs explicit ranges and limits: remove Autotune', issues);
  const name =
    record.HyperParameterTuningJobName === undefined
      ? missing(['HyperParameterTuningJobName'], 'the tuning job name', issues)
      : readString(record.HyperParameterTuningJobName, ['HyperParameterTuningJobName'], issues);
  const config =
    record.HyperParameterTuningJobConfig === undefined
      ? missing(CONFIG, 'HyperParameterTuningJobConfig', issues)
      : readRecord(record.HyperParameterTuningJobConfig, CONFIG, issues, 'tuning settings');
  const definition =
    record.TrainingJobDefinition === undefined
      ? missing(DEFINITION, 'TrainingJobDefinition (what each training job runs)', issues)
      : readRecord(record.TrainingJobDefinition, DEFINITION, issues, 'training-job settings');
  const c = config ?? {};
  if (config !== undefined) checkKeys(config, CONFIG_KEYS, CONFIG, issues);

  const strategy =
    c.Strategy === undefined
      ? missing([...CONFIG, 'Strategy'], `Strategy: ${MANAGED_STRATEGIES.join(', ')}`, issues)
      : readEnum(c.Strategy, MANAGED_STRATEGIES, [...CONFIG, 'Strategy'], issues);
  const objective = readObjective(c.HyperParameterTuningJobObjective, issues);
  const limits = readLimits(c.ResourceLimits, issues);
  const ranges =
    c.ParameterRanges === undefined
      ? missing([...CONFIG, 'ParameterRanges'], 'the ranges to tune', issues)
      : readSageMakerRanges(c.ParameterRanges, [...CONFIG, 'ParameterRanges'], issues);
  const earlyStopping =
    c.TrainingJobEarlyStoppingType === undefined
      ? SPEC_DEFAULTS.earlyStopping
      : readEnum(
          c.TrainingJobEarlyStoppingType,
          ['Off', 'Auto'] as const,
          [...CONFIG, 'TrainingJobEarlyStoppingType'],
          issues,
        );
  const completion = readCompletion(c.TuningJobCompletionCriteria, issues);
  const seed =
    c.RandomSeed === undefined
      ? SPEC_DEFAULTS.seed
      : readNumber(c.RandomSeed, [...CONFIG, 'RandomSeed'], issues, { integer: true, ...SPEC_LIMITS.seed });
  const training = definition === undefined ? undefined : readDefinition(definition, issues);

  const paths = ranges?.paths ?? [];
  const at: SpecLocator = {
    name: ['HyperParameterTuningJobName'],
    strategy: [...CONFIG, 'Strategy'],
    maxTrials: [...LIMITS, 'MaxNumberOfTrainingJobs'],
    maxRuntimeSeconds: [...LIMITS, 'MaxRuntimeInSeconds'],
    earlyStopping: [...CONFIG, 'TrainingJobEarlyStoppingType'],
    static: [...DEFINITION, 'StaticHyperParameters'],
    parameter: (index, field) => [
      ...(paths[index] ?? [...CONFIG, 'ParameterRanges']),
      ...(field === undefined || field === 'type' ? [] : [RANGE_FIELDS[field]]),
    ],
  };
  const parameters = ranges?.parameters ?? [];
  if (ranges !== undefined && (ranges.complete || parameters.length > 0))
    checkParametersAt(parameters, at, [...CONFIG, 'ParameterRanges'], issues);
  if (training !== undefined && objective !== undefined && training.metrics.length > 0) {
    checkMetricsAt(training.metrics, objective.metric, locateMetric, issues);
  }
  const draft = {
    name,
    strategy,
    parameters,
    static: training?.static,
    maxTrials: limits?.maxTrials,
    maxRuntimeSeconds: limits?.maxRuntimeSeconds,
    earlyStopping,
    executorKind: 'sagemaker-managed' as const,
    parametersComplete: ranges?.complete === true,
  };
  const gridTrials = checkJobRules(draft, at, issues);
  checkManagedRules(draft, at, issues);
  const maxTrials = limits?.maxTrials ?? gridTrials;
  if (limits !== undefined && maxTrials === undefined && strategy !== 'Grid') {
    missing([...LIMITS, 'MaxNumberOfTrainingJobs'], 'the trial budget, MaxNumberOfTrainingJobs', issues);
  }
  if (training !== undefined && training.metrics.length === 0) {
    issues.warn(
      'sagemaker.noMetricDefinitions',
      METRIC_DEFINITIONS,
      `no MetricDefinitions: SageMaker reads ${objective?.metric ?? 'the objective'} from a built-in algorithm; the local and sagemaker executors need metric definitions`,
    );
  }
  if (
    issues.errors.length > 0 ||
    name === undefined ||
    strategy === undefined ||
    objective === undefined ||
    limits === undefined ||
    maxTrials === undefined ||
    earlyStopping === undefined ||
    completion === undefined ||
    seed === undefined ||
    training === undefined
  ) {
    return { ok: false, issues: issues.errors };
  }
  const raw: Record<string, unknown> = { ...settings, TrainingJobDefinition: training.rest };
  for (const key of ['WarmStartConfig', 'Tags'] as const)
    if (record[key] !== undefined) raw[key] = record[key];
  if (c.StrategyConfig !== undefined) raw.StrategyConfig = c.StrategyConfig;
  // The same settings a tuning file's executor.sagemaker-managed gives, with the same refusals (credentials).
  const typed = parseSageMakerSettings('sagemaker-managed', raw, ['executor', 'sagemaker-managed'], issues);
  if (typed === undefined) return { ok: false, issues: issues.errors };
  const spec: TuningJobSpec = {
    name,
    objective,
    metrics: training.metrics,
    strategy,
    parameters,
    static: training.static,
    limits: {
      maxTrials,
      maxParallel: limits.maxParallel,
      ...(limits.maxRuntimeSeconds === undefined ? {} : { maxRuntimeSeconds: limits.maxRuntimeSeconds }),
      maxRetries: training.maxRetries,
    },
    completion,
    earlyStopping,
    seed,
    ...(c.RandomSeed === undefined ? { seedDrawn: true as const } : {}),
    executor: { kind: 'sagemaker-managed', settings: typed },
  };
  return issues.warnings.length > 0
    ? { ok: true, value: spec, warnings: issues.warnings }
    : { ok: true, value: spec };
}

function refuse(record: Record<string, unknown>, key: string, message: string, issues: Issues): void {
  if (record[key] !== undefined) issues.add('sagemaker.unsupported', [key], message);
}

function locateMetric(path: Path): Path {
  if (path[0] === 'metrics') {
    const [, index, field] = path;
    if (index === undefined) return METRIC_DEFINITIONS;
    const sageMakerField = field === 'name' ? 'Name' : field === 'regex' ? 'Regex' : field;
    return [
      ...METRIC_DEFINITIONS,
      index,
      ...(sageMakerField === undefined ? [] : [sageMakerField]),
      ...path.slice(3),
    ];
  }
  if (path[0] === 'objective') return [...CONFIG, 'HyperParameterTuningJobObjective', 'MetricName'];
  return path;
}

function readObjective(value: unknown, issues: Issues): TuningJobSpec['objective'] | undefined {
  const path = [...CONFIG, 'HyperParameterTuningJobObjective'];
  if (value === undefined)
    return missing(path, 'HyperParameterTuningJobObjective: { Type: Minimize, MetricName: ... }', issues);
  const record = readRecord(value, path, issues, 'Type and MetricName');
  if (record === undefined) return undefined;
  checkKeys(record, ['Type', 'MetricName'], path, issues);
  const type =
    record.Type === undefined
      ? missing([...path, 'Type'], 'Type: Minimize or Maximize', issues)
      : readEnum(record.Type, ['Minimize', 'Maximize'] as const, [...path, 'Type'], issues);
  const metric =
    record.MetricName === undefined
      ? missing([...path, 'MetricName'], 'the objective metric name', issues)
      : readString(record.MetricName, [...path, 'MetricName'], issues);
  return type === undefined || metric === undefined ? undefined : { metric, type };
}

function readLimits(value: unknown, issues: Issues) {
  if (value === undefined)
    return missing(LIMITS, 'ResourceLimits: { MaxNumberOfTrainingJobs, MaxParallelTrainingJobs }', issues);
  const record = readRecord(value, LIMITS, issues, 'resource limits');
  if (record === undefined) return undefined;
  checkKeys(
    record,
    ['MaxNumberOfTrainingJobs', 'MaxParallelTrainingJobs', 'MaxRuntimeInSeconds'],
    LIMITS,
    issues,
  );
  const before = issues.errors.length;
  const maxTrials =
    record.MaxNumberOfTrainingJobs === undefined
      ? undefined
      : readNumber(record.MaxNumberOfTrainingJobs, [...LIMITS, 'MaxNumberOfTrainingJobs'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxTrials,
        });
  const maxParallel =
    record.MaxParallelTrainingJobs === undefined
      ? missing([...LIMITS, 'MaxParallelTrainingJobs'], 'how many training jobs run at once', issues)
      : readNumber(record.MaxParallelTrainingJobs, [...LIMITS, 'MaxParallelTrainingJobs'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxParallel,
        });
  const runtime = SPEC_LIMITS.maxRuntimeSeconds;
  const maxRuntimeSeconds =
    record.MaxRuntimeInSeconds === undefined
      ? undefined
      : readNumber(record.MaxRuntimeInSeconds, [...LIMITS, 'MaxRuntimeInSeconds'], issues, {
          integer: true,
          min: runtime.managedMin,
          max: runtime.max,
        });
  if (issues.errors.length > before || maxParallel === undefined) return undefined;
  return { maxTrials, maxParallel, maxRuntimeSeconds };
}

function readCompletion(value: unknown, issues: Issues): TuningJobSpec['completion'] | undefined {
  if (value === undefined) return { convergence: SPEC_DEFAULTS.convergence };
  const record = readRecord(value, CRITERIA, issues, 'completion criteria');
  if (record === undefined) return undefined;
  checkKeys(
    record,
    ['TargetObjectiveMetricValue', 'BestObjectiveNotImproving', 'ConvergenceDetected'],
    CRITERIA,
    issues,
  );
  const before = issues.errors.length;
  const target =
    record.TargetObjectiveMetricValue === undefined
      ? undefined
      : readNumber(record.TargetObjectiveMetricValue, [...CRITERIA, 'TargetObjectiveMetricValue'], issues);
  let notImproving: number | undefined;
  const best = record.BestObjectiveNotImproving;
  if (best !== undefined) {
    const at = [...CRITERIA, 'BestObjectiveNotImproving'];
    const inner = readRecord(best, at, issues, 'MaxNumberOfTrainingJobsNotImproving');
    if (inner !== undefined) {
      checkKeys(inner, ['MaxNumberOfTrainingJobsNotImproving'], at, issues);
      if (inner.MaxNumberOfTrainingJobsNotImproving !== undefined) {
        notImproving = readNumber(
          inner.MaxNumberOfTrainingJobsNotImproving,
          [...at, 'MaxNumberOfTrainingJobsNotImproving'],
          issues,
          {
            integer: true,
            min: SPEC_LIMITS.maxTrialsNotImproving.min,
            why: "(SageMaker's minimum)",
          },
        );
      }
    }
  }
  let convergence: boolean = SPEC_DEFAULTS.convergence;
  const detected = record.ConvergenceDetected;
  if (detected !== undefined) {
    const at = [...CRITERIA, 'ConvergenceDetected'];
    const inner = readRecord(detected, at, issues, 'CompleteOnConvergence');
    if (inner !== undefined) {
      checkKeys(inner, ['CompleteOnConvergence'], at, issues);
      if (inner.CompleteOnConvergence !== undefined) {
        const flag = readEnum(
          inner.CompleteOnConvergence,
          ['Enabled', 'Disabled'] as const,
          [...at, 'CompleteOnConvergence'],
          issues,
        );
        convergence = flag === 'Enabled';
      }
    }
  }
  if (issues.errors.length > before) return undefined;
  return {
    ...(target === undefined ? {} : { targetObjective: target }),
    ...(notImproving === undefined ? {} : { maxTrialsNotImproving: notImproving }),
    convergence,
  };
}

interface TrainingParts {
  readonly static: Record<string, string>;
  readonly metrics: MetricDefinition[];
  readonly maxRetries: number;
  /** The definition without the parts tunekit models. */
  readonly rest: Record<string, unknown>;
}

function readDefinition(definition: Record<string, unknown>, issues: Issues): TrainingParts | undefined {
  const before = issues.errors.length;
  for (const key of ['HyperParameterRanges', 'TuningObjective', 'DefinitionName']) {
    if (definition[key] !== undefined) {
      issues.add(
        'sagemaker.unsupported',
        [...DEFINITION, key],
        `${key} belongs to TrainingJobDefinitions (several algorithms), which tunekit does not run: move it into HyperParameterTuningJobConfig or remove it`,
      );
    }
  }
  const { StaticHyperParameters, RetryStrategy, AlgorithmSpecification, ...rest } = definition;
  const staticValues =
    StaticHyperParameters === undefined
      ? {}
      : readStringMap(
          StaticHyperParameters,
          [...DEFINITION, 'StaticHyperParameters'],
          issues,
          'names to string values',
          {
            what: 'static hyperparameters',
            // The counts and lengths are checkManagedRules's, as for a tuning file run by SageMaker.
            nameProblem: (name) => {
              const message = hyperparameterNameProblem(name);
              return message === undefined ? undefined : { code: 'spec.staticName', message };
            },
          },
        );
  let maxRetries: number | undefined = SPEC_DEFAULTS.maxRetries;
  if (RetryStrategy !== undefined) {
    const at = [...DEFINITION, 'RetryStrategy'];
    const retry = readRecord(RetryStrategy, at, issues, 'MaximumRetryAttempts');
    if (retry !== undefined) {
      checkKeys(retry, ['MaximumRetryAttempts'], at, issues);
      maxRetries = readNumber(retry.MaximumRetryAttempts, [...at, 'MaximumRetryAttempts'], issues, {
        integer: true,
        min: 1,
        max: 30,
      });
    }
  }
  const metrics: MetricDefinition[] = [];
  let algorithm: Record<string, unknown> | undefined;
  if (AlgorithmSpecification !== undefined) {
    const spec = readRecord(
      AlgorithmSpecification,
      [...DEFINITION, 'AlgorithmSpecification'],
      issues,
      'the algorithm',
    );
    if (spec !== undefined) {
      const { MetricDefinitions, ...algorithmRest } = spec;
      if (Object.keys(algorithmRest).length > 0) algorithm = algorithmRest;
      if (MetricDefinitions !== undefined) readMetricDefinitions(MetricDefinitions, metrics, issues);
    }
  }
  if (issues.errors.length > before || staticValues === undefined || maxRetries === undefined)
    return undefined;
  return {
    static: staticValues,
    metrics,
    maxRetries,
    rest: { ...rest, ...(algorithm === undefined ? {} : { AlgorithmSpecification: algorithm }) },
  };
}

function readMetricDefinitions(value: unknown, out: MetricDefinition[], issues: Issues): void {
  if (!Array.isArray(value)) {
    issues.add('spec.notAList', METRIC_DEFINITIONS, 'must be a list of { Name, Regex }');
    return;
  }
  value.forEach((entry, index) => {
    const at = [...METRIC_DEFINITIONS, index];
    const record = readRecord(entry, at, issues, 'Name and Regex');
    if (record === undefined) return;
    checkKeys(record, ['Name', 'Regex'], at, issues);
    const name =
      record.Name === undefined
        ? missing([...at, 'Name'], 'the metric name', issues)
        : readString(record.Name, [...at, 'Name'], issues);
    const regex =
      record.Regex === undefined
        ? missing([...at, 'Regex'], 'the regex', issues)
        : readString(record.Regex, [...at, 'Regex'], issues);
    if (name !== undefined && regex !== undefined) out.push({ name, regex });
  });
}
