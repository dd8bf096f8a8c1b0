/**
 * Validation of a tuning file's content (DESIGN.md's format, already parsed from YAML or JSON) into a
 * `TuningJobSpec`: shape first (types, required fields, unknown keys), then the rules across fields.
 */
import type { ParseResult } from '../errors.ts';
import type { Parameter } from '../space/types.ts';
import { parseEarlyStopping } from './earlyStopping.ts';
import { SPEC_DEFAULTS, SPEC_LIMITS } from './limits.ts';
import { parseExecutor, sageMakerOutline } from './parseExecutor.ts';
import { parseHyperband } from './parseHyperband.ts';
import { parseParameters } from './parseParameters.ts';
import {
  parseCompletion,
  parseLimits,
  parseMetrics,
  parseObjective,
  parseStatic,
  STRATEGIES,
} from './parseSections.ts';
import { parseInitialTrials, parseWarmStart } from './parseStartFrom.ts';
import {
  checkKeys,
  Issues,
  missing,
  type Path,
  readEnum,
  readNumber,
  readRecord,
  readString,
} from './reader.ts';
import { checkJobRules, checkManagedRules, type SpecLocator } from './rules.ts';
import { checkMetricsAt, checkParametersAt } from './semanticChecks.ts';
import type { ExecutorSpec, MetricDefinition, TuningJobSpec } from './types.ts';

/** The tuning file's top-level keys, in DESIGN.md's order. */
export const TUNING_FILE_KEYS = [
  'name',
  'objective',
  'metrics',
  'strategy',
  'parameters',
  'static',
  'initialTrials',
  'limits',
  'completion',
  'earlyStopping',
  'hyperband',
  'warmStart',
  'seed',
  'executor',
] as const;

/**
 * Validates a tuning file's parsed content into a spec, collecting every problem.
 *
 * Defaults: strategy Bayesian, scaling Auto, limits.maxParallel 1, limits.maxRetries 0, earlyStopping Off,
 * completion.convergence false, seed 0, executor.local.killGraceSeconds 10; limits.maxTrials is required
 * except for Grid, where it defaults to the number of grid points.
 *
 * @param raw - The document (a plain object from YAML or JSON).
 * @returns The spec (with warnings, if any), or every problem with its path and what to change.
 * @example
 * const result = validateTuningJob(JSON.parse(text));
 * if (!result.ok) console.error(result.issues.map(formatIssue).join('\n'));
 */
export function validateTuningJob(raw: unknown): ParseResult<TuningJobSpec> {
  const issues = new Issues();
  const record = readRecord(raw, [], issues, `tuning-job fields (${TUNING_FILE_KEYS.join(', ')})`);
  if (record === undefined) return { ok: false, issues: issues.errors };
  checkKeys(record, TUNING_FILE_KEYS, [], issues);

  const name =
    record.name === undefined
      ? missing(['name'], 'a job name, name: my-job', issues)
      : readString(record.name, ['name'], issues);
  const objective = parseObjective(record.objective, ['objective'], issues);
  const strategy =
    record.strategy === undefined
      ? SPEC_DEFAULTS.strategy
      : readEnum(record.strategy, STRATEGIES, ['strategy'], issues);
  const parsed =
    record.parameters === undefined
      ? missing(
          ['parameters'],
          'the ranges to tune, parameters: { eta: { type: continuous, min: 0.01, max: 0.5 } }',
          issues,
        )
      : parseParameters(record.parameters, ['parameters'], issues);
  const staticValues = parseStatic(record.static, ['static'], issues);
  const limits = parseLimits(record.limits, ['limits'], issues);
  const completion = parseCompletion(record.completion, ['completion'], issues);
  const earlyStopping = parseEarlyStopping(record.earlyStopping, ['earlyStopping'], issues);
  const seed =
    record.seed === undefined
      ? SPEC_DEFAULTS.seed
      : readNumber(record.seed, ['seed'], issues, { integer: true, ...SPEC_LIMITS.seed });
  const executor =
    record.executor === undefined
      ? missing(['executor'], 'how trials run, executor: { local: { command: [python3, train.py] } }', issues)
      : parseExecutor(record.executor, ['executor'], issues);
  // The objective's metric name, even when another objective field is wrong, so every problem shows at once.
  const rawObjective = record.objective as { metric?: unknown } | null | undefined;
  const objectiveMetric =
    objective?.metric ??
    (typeof rawObjective === 'object' && typeof rawObjective?.metric === 'string'
      ? rawObjective.metric
      : undefined);
  // SageMaker settings with problems of their own leave `executor` undefined; the job's rules still see its kind.
  const outline = sageMakerOutline(record.executor);
  const executorKind = executor?.kind ?? outline?.kind;
  const metrics = readMetrics(record.metrics, objectiveMetric, executorKind, issues);

  const paths = parsed?.paths ?? [];
  const at: SpecLocator = {
    name: ['name'],
    strategy: ['strategy'],
    maxTrials: ['limits', 'maxTrials'],
    maxRuntimeSeconds: ['limits', 'maxRuntimeSeconds'],
    earlyStopping: ['earlyStopping'],
    static: ['static'],
    tuningJobName: ['executor', 'sagemaker-managed', 'tuningJobName'],
    parameter: (index, field) => [
      ...(paths[index] ?? ['parameters']),
      ...(field === undefined ? [] : [field]),
    ],
  };
  const parameters = parsed?.parameters ?? [];
  if (parsed !== undefined && (parsed.complete || parameters.length > 0))
    checkParametersAt(parameters, at, ['parameters'], issues);
  const draft = {
    name,
    strategy,
    parameters,
    static: staticValues,
    maxTrials: limits?.maxTrials,
    maxRuntimeSeconds: limits?.maxRuntimeSeconds,
    earlyStopping,
    executorKind,
    tuningJobName: outline?.kind === 'sagemaker-managed' ? outline.tuningJobName : undefined,
    parametersComplete: parsed?.complete === true,
  };
  const gridTrials = checkJobRules(draft, at, issues);
  if (executorKind === 'sagemaker-managed') checkManagedRules(draft, at, issues);
  if (executorKind === 'sagemaker-managed' && limits?.maxConsecutiveFailures !== undefined) {
    issues.warn(
      'sagemaker.maxConsecutiveFailures',
      ['limits', 'maxConsecutiveFailures'],
      "SageMaker's own tuning runs the trials and has no such rule, so it is not applied: use executor sagemaker to have tunekit run the search and stop after failures in a row",
    );
  }
  const hyperband = readHyperband(record, strategy, executor, executorKind, staticValues, metrics, issues);
  const maxTrials = limits?.maxTrials ?? gridTrials;
  if (limits !== undefined && maxTrials === undefined && strategy !== 'Grid') {
    missing(['limits', 'maxTrials'], 'the trial budget, limits: { maxTrials: 30 }', issues);
  }
  const startFrom = readStartFrom(record, parsed, maxTrials, executor, issues);
  if (startFrom.initialTrials !== undefined && strategy === 'Grid') {
    issues.add(
      'spec.initialTrialsWithGrid',
      ['initialTrials'],
      'does not apply with strategy Grid, which runs every combination anyway: remove initialTrials or choose Bayesian, Random or Sobol',
    );
  }

  if (
    issues.errors.length > 0 ||
    name === undefined ||
    objective === undefined ||
    metrics === undefined ||
    strategy === undefined ||
    staticValues === undefined ||
    limits === undefined ||
    maxTrials === undefined ||
    completion === undefined ||
    earlyStopping === undefined ||
    seed === undefined ||
    executor === undefined
  ) {
    return { ok: false, issues: issues.errors };
  }
  const spec: TuningJobSpec = {
    name,
    objective,
    metrics,
    strategy,
    parameters,
    static: staticValues,
    ...staticTypesOf(record.static),
    limits: {
      maxTrials,
      maxParallel: limits.maxParallel,
      ...(limits.maxRuntimeSeconds === undefined ? {} : { maxRuntimeSeconds: limits.maxRuntimeSeconds }),
      maxRetries: limits.maxRetries,
      ...(limits.maxConsecutiveFailures === undefined
        ? {}
        : { maxConsecutiveFailures: limits.maxConsecutiveFailures }),
    },
    completion,
    earlyStopping,
    ...(hyperband === undefined ? {} : { hyperband }),
    seed,
    ...(record.seed === undefined ? { seedDrawn: true as const } : {}),
    executor,
    ...startFrom,
  };
  return issues.warnings.length > 0
    ? { ok: true, value: spec, warnings: issues.warnings }
    : { ok: true, value: spec };
}

/** The `staticTypes` of a valid `static` block: the numbers and booleans among its values. */
function staticTypesOf(value: unknown): Pick<TuningJobSpec, 'staticTypes'> {
  if (typeof value !== 'object' || value === null) return {};
  const types: Record<string, 'number' | 'boolean'> = Object.create(null);
  let any = false;
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry === 'number' || typeof entry === 'boolean') {
      types[name] = typeof entry === 'number' ? 'number' : 'boolean';
      any = true;
    }
  }
  return any ? { staticTypes: types } : {};
}

function readMetrics(
  value: unknown,
  objectiveMetric: string | undefined,
  executorKind: string | undefined,
  issues: Issues,
): MetricDefinition[] | undefined {
  if (value === undefined) {
    if (executorKind === 'remote') return [];
    if (executorKind === 'local' || executorKind === undefined) {
      issues.warn(
        'spec.noMetrics',
        ['metrics'],
        'no metric definitions: the objective can only come from the JSON lines a trial writes to TUNEKIT_METRICS_FILE',
      );
      return [];
    }
    return missing(
      ['metrics'],
      `metric definitions for SageMaker, metrics: [{ name: ${objectiveMetric ?? 'loss'}, regex: '...' }]`,
      issues,
    );
  }
  const metrics = parseMetrics(value, ['metrics'], issues);
  if (metrics !== undefined && objectiveMetric !== undefined) {
    checkMetricsAt(metrics, objectiveMetric, (path: Path) => path, issues);
  }
  return metrics;
}

/**
 * The top-level `hyperband` block, with strategy Hyperband only. `executor.sagemaker-managed.hyperband`, its old
 * place, is still read (the managed executor sends it as before) with a warning that names the new place.
 */
function readHyperband(
  record: Record<string, unknown>,
  strategy: string | undefined,
  executor: ExecutorSpec | undefined,
  executorKind: string | undefined,
  staticValues: Readonly<Record<string, string>> | undefined,
  metrics: readonly MetricDefinition[] | undefined,
  issues: Issues,
): TuningJobSpec['hyperband'] {
  const managed = executor?.kind === 'sagemaker-managed' ? executor.settings : undefined;
  const oldPath = ['executor', 'sagemaker-managed', 'hyperband'];
  if (managed?.hyperband !== undefined) {
    if (record.hyperband !== undefined) {
      issues.add(
        'spec.hyperbandTwice',
        ['hyperband'],
        'is given twice, here and in executor.sagemaker-managed.hyperband: keep the top-level hyperband and remove the other',
      );
      return undefined;
    }
    issues.warn(
      'spec.hyperbandMoved',
      oldPath,
      'is deprecated: move this block to the top level of the tuning file (hyperband: { minResource, maxResource }); it is still read here for now',
    );
  }
  if (strategy !== 'Hyperband') {
    if (record.hyperband !== undefined) {
      issues.add(
        'spec.hyperbandWithoutStrategy',
        ['hyperband'],
        `applies only with strategy Hyperband (the strategy is ${strategy ?? 'not valid'}): remove it or set strategy: Hyperband`,
      );
    }
    return undefined;
  }
  // SageMaker's own tuning reads the old block, or a request's StrategyConfig, or infers the resources itself.
  if (managed !== undefined && record.hyperband === undefined) {
    if (managed.hyperband !== undefined || managed.request !== undefined) return undefined;
  }
  const hyperband = parseHyperband(
    record.hyperband,
    ['hyperband'],
    { static: staticValues, metrics },
    issues,
  );
  if (
    executorKind === 'sagemaker-managed' &&
    record.hyperband !== null &&
    typeof record.hyperband === 'object'
  ) {
    const raw = record.hyperband as Record<string, unknown>;
    for (const key of ['eta', 'resourceMetric', 'sampler']) {
      if (raw[key] === undefined || (key === 'eta' && raw[key] === 3)) continue;
      issues.add(
        'sagemaker.hyperbandSetting',
        ['hyperband', key],
        "SageMaker's own Hyperband takes only minResource and maxResource (its reduction factor is 3): remove it, or use executor sagemaker to have tunekit run Hyperband",
      );
    }
  }
  return hyperband;
}

/** `initialTrials` and `warmStart`, checked against the ranges, the budget and the executor. */
function readStartFrom(
  record: Record<string, unknown>,
  parsed: { parameters: readonly Parameter[]; complete: boolean } | undefined,
  maxTrials: number | undefined,
  executor: ExecutorSpec | undefined,
  issues: Issues,
): Pick<TuningJobSpec, 'initialTrials' | 'warmStart'> {
  const initialTrials =
    record.initialTrials === undefined || parsed === undefined
      ? undefined
      : parseInitialTrials(
          record.initialTrials,
          parsed.parameters,
          parsed.complete,
          ['initialTrials'],
          issues,
        );
  if (initialTrials !== undefined && maxTrials !== undefined && initialTrials.length > maxTrials) {
    issues.add(
      'spec.tooManyInitialTrials',
      ['initialTrials'],
      `has ${initialTrials.length} configurations, more than limits.maxTrials (${maxTrials}), which they count toward: raise maxTrials or drop some`,
    );
  }
  const warmStart =
    record.warmStart === undefined ? undefined : parseWarmStart(record.warmStart, ['warmStart'], issues);
  if (
    record.warmStart !== undefined &&
    executor?.kind === 'sagemaker-managed' &&
    executor.settings.warmStart !== undefined
  ) {
    issues.add(
      'spec.warmStartTwice',
      ['warmStart'],
      'is given twice, here and in executor.sagemaker-managed.warmStart: keep the top-level warmStart and remove the other',
    );
  }
  if (executor?.kind === 'sagemaker-managed') {
    if (initialTrials !== undefined) {
      issues.add(
        'spec.initialTrialsManaged',
        ['initialTrials'],
        "does not apply with executor sagemaker-managed: SageMaker's tuning service takes no initial configurations; use executor sagemaker (tunekit chooses, SageMaker trains) or remove initialTrials",
      );
    }
    warmStart?.parents.forEach((parent, index) => {
      if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/.test(parent)) {
        issues.add(
          'spec.parentNotATuningJob',
          ['warmStart', 'parents', index],
          `${JSON.stringify(parent)} is not a SageMaker tuning job name (letters, digits and hyphens, up to 32 characters): with executor sagemaker-managed, parents are SageMaker tuning jobs`,
        );
      }
    });
  }
  return {
    ...(initialTrials === undefined || initialTrials.length === 0 ? {} : { initialTrials }),
    ...(warmStart === undefined ? {} : { warmStart }),
  };
}
