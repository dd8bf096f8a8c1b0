/**
 * @internal Shape parsing of the tuning file's small sections: objective, metrics, limits, completion, static.
 */
import type { StrategyName } from '../strategy.ts';
import { controlCharacterProblem, hyperparameterNameProblem } from '../userText.ts';
import { SPEC_DEFAULTS, SPEC_LIMITS, STATIC_LIMITS } from './limits.ts';
import {
  checkKeys,
  describeValue,
  type Issues,
  missing,
  type Path,
  readBoolean,
  readEnum,
  readNumber,
  readRecord,
  readString,
  readStringMap,
} from './reader.ts';
import type { MetricDefinition, ObjectiveType, TuningJobSpec } from './types.ts';

export const STRATEGIES: readonly StrategyName[] = ['Bayesian', 'Random', 'Sobol', 'Grid', 'Hyperband'];
const OBJECTIVE_TYPES: readonly ObjectiveType[] = ['Minimize', 'Maximize'];

/** Reads `objective: { metric, type }`. */
export function parseObjective(
  value: unknown,
  path: Path,
  issues: Issues,
): TuningJobSpec['objective'] | undefined {
  if (value === undefined)
    return missing(path, 'objective: { metric: <metric name>, type: Minimize or Maximize }', issues);
  const record = readRecord(value, path, issues, 'metric and type (Minimize or Maximize)');
  if (record === undefined) return undefined;
  checkKeys(record, ['metric', 'type'], path, issues);
  let metric =
    record.metric === undefined
      ? missing([...path, 'metric'], 'the name of one of the metrics', issues)
      : readString(record.metric, [...path, 'metric'], issues);
  const control = metric === undefined ? undefined : controlCharacterProblem(metric, 'name');
  if (control !== undefined) {
    issues.add('spec.controlCharacter', [...path, 'metric'], control);
    metric = undefined;
  }
  const type =
    record.type === undefined
      ? missing([...path, 'type'], 'type: Minimize or type: Maximize', issues)
      : readEnum(record.type, OBJECTIVE_TYPES, [...path, 'type'], issues);
  return metric === undefined || type === undefined ? undefined : { metric, type };
}

/** Reads `metrics: [{ name, regex }]`. */
export function parseMetrics(value: unknown, path: Path, issues: Issues): MetricDefinition[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(
      'spec.notAList',
      path,
      `must be a list of metric definitions ([{ name: validation:rmse, regex: 'rmse=(\\S+)' }]), not ${describeValue(value)}`,
    );
    return undefined;
  }
  const out: MetricDefinition[] = [];
  value.forEach((entry, index) => {
    const at = [...path, index];
    const record = readRecord(entry, at, issues, 'name and regex');
    if (record === undefined) return;
    checkKeys(record, ['name', 'regex'], at, issues);
    const name =
      record.name === undefined
        ? missing([...at, 'name'], 'the metric name', issues)
        : readString(record.name, [...at, 'name'], issues);
    const regex =
      record.regex === undefined
        ? missing([...at, 'regex'], 'a regex whose first capture group is the value', issues)
        : readString(record.regex, [...at, 'regex'], issues);
    if (name !== undefined && regex !== undefined) out.push({ name, regex });
  });
  return out.length === value.length ? out : undefined;
}

/** The parsed limits; maxTrials may be absent (a Grid's size then). */
export interface ParsedLimits {
  readonly maxTrials?: number | undefined;
  readonly maxParallel: number;
  readonly maxRuntimeSeconds?: number | undefined;
  readonly maxRetries: number;
  readonly maxConsecutiveFailures?: number | undefined;
}

/** Reads `limits: { maxTrials, maxParallel, maxRuntimeSeconds, maxRetries, maxConsecutiveFailures }`. */
export function parseLimits(value: unknown, path: Path, issues: Issues): ParsedLimits | undefined {
  const record =
    value === undefined
      ? {}
      : readRecord(
          value,
          path,
          issues,
          'maxTrials, maxParallel, maxRuntimeSeconds, maxRetries, maxConsecutiveFailures',
        );
  if (record === undefined) return undefined;
  checkKeys(
    record,
    ['maxTrials', 'maxParallel', 'maxRuntimeSeconds', 'maxRetries', 'maxConsecutiveFailures'],
    path,
    issues,
  );
  const before = issues.errors.length;
  const maxTrials =
    record.maxTrials === undefined
      ? undefined
      : readNumber(record.maxTrials, [...path, 'maxTrials'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxTrials,
        });
  const maxParallel =
    record.maxParallel === undefined
      ? SPEC_DEFAULTS.maxParallel
      : readNumber(record.maxParallel, [...path, 'maxParallel'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxParallel,
        });
  const runtime = SPEC_LIMITS.maxRuntimeSeconds;
  const maxRuntimeSeconds =
    record.maxRuntimeSeconds === undefined
      ? undefined
      : readNumber(record.maxRuntimeSeconds, [...path, 'maxRuntimeSeconds'], issues, {
          min: runtime.min,
          max: runtime.max,
        });
  const maxRetries =
    record.maxRetries === undefined
      ? SPEC_DEFAULTS.maxRetries
      : readNumber(record.maxRetries, [...path, 'maxRetries'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxRetries,
        });
  const maxConsecutiveFailures =
    record.maxConsecutiveFailures === undefined
      ? undefined
      : readNumber(record.maxConsecutiveFailures, [...path, 'maxConsecutiveFailures'], issues, {
          integer: true,
          ...SPEC_LIMITS.maxConsecutiveFailures,
        });
  if (issues.errors.length > before || maxParallel === undefined || maxRetries === undefined)
    return undefined;
  return { maxTrials, maxParallel, maxRuntimeSeconds, maxRetries, maxConsecutiveFailures };
}

/** Reads `completion: { targetObjective, maxTrialsNotImproving, convergence }`. */
export function parseCompletion(
  value: unknown,
  path: Path,
  issues: Issues,
): TuningJobSpec['completion'] | undefined {
  const record =
    value === undefined
      ? {}
      : readRecord(value, path, issues, 'targetObjective, maxTrialsNotImproving, convergence');
  if (record === undefined) return undefined;
  checkKeys(record, ['targetObjective', 'maxTrialsNotImproving', 'convergence'], path, issues);
  const before = issues.errors.length;
  const targetObjective =
    record.targetObjective === undefined
      ? undefined
      : readNumber(record.targetObjective, [...path, 'targetObjective'], issues);
  const maxTrialsNotImproving =
    record.maxTrialsNotImproving === undefined
      ? undefined
      : readNumber(record.maxTrialsNotImproving, [...path, 'maxTrialsNotImproving'], issues, {
          integer: true,
          min: SPEC_LIMITS.maxTrialsNotImproving.min,
          why: "(SageMaker's minimum)",
        });
  const convergence =
    record.convergence === undefined
      ? SPEC_DEFAULTS.convergence
      : readBoolean(record.convergence, [...path, 'convergence'], issues);
  if (issues.errors.length > before || convergence === undefined) return undefined;
  return {
    ...(targetObjective === undefined ? {} : { targetObjective }),
    ...(maxTrialsNotImproving === undefined ? {} : { maxTrialsNotImproving }),
    convergence,
  };
}

/**
 * Reads `static: { name: value }`, every value as a string, within SageMaker's limits (which its training jobs
 * apply too, so a file that runs locally also runs on SageMaker).
 */
export function parseStatic(value: unknown, path: Path, issues: Issues): Record<string, string> | undefined {
  if (value === undefined) return Object.create(null) as Record<string, string>;
  return readStringMap(value, path, issues, 'hyperparameter names to values passed to every trial', {
    what: 'static hyperparameters',
    maxEntries: STATIC_LIMITS.maxEntries,
    maxValueLength: STATIC_LIMITS.maxValueLength,
    nameProblem: (name) => {
      const message = hyperparameterNameProblem(name);
      return message === undefined ? undefined : { code: 'spec.staticName', message };
    },
  });
}
