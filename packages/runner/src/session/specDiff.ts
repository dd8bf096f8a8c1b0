/**
 * What changed between the spec a job was started with (from its journal) and the tuning file given to resume it.
 *
 * A change is breaking when the trials already run would no longer belong to the same search: the ranges, their
 * order, the strategy, the objective, the metric definitions, the static hyperparameters, the seed or Hyperband's
 * settings. Other
 * changes (budget, parallelism, timeouts, completion criteria, early stopping, executor settings) apply to the
 * trials still to come and are harmless. Early stopping's grace period (`earlyStopping.minSteps`, `minTrials`)
 * is deliberately harmless too: the stops already made are journaled with what they were based on and stand,
 * and a user who finds the rule too eager must be able to widen the grace period without starting over.
 */
import type { Parameter, TuningJobSpec } from '@tunekit/core';

export interface SpecChange {
  /** Path of the field, as users write it: `parameters.eta.max`, `limits.maxTrials`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** True when trials run under the old value are not comparable with trials run under the new one. */
  readonly breaking: boolean;
}

export interface SpecDiff {
  readonly breaking: readonly SpecChange[];
  readonly harmless: readonly SpecChange[];
}

/** Top-level fields whose change makes the recorded trials part of a different search. */
const BREAKING_FIELDS = new Set([
  'name',
  'objective',
  'metrics',
  'strategy',
  'parameters',
  'static',
  'seed',
  // Hyperband's rungs: the journaled decisions were made on the old brackets and rungs.
  'hyperband',
]);

/**
 * Compares two specs field by field.
 *
 * @param before - The spec the job was created with (as journaled).
 * @param after - The spec of the tuning file given now.
 * @returns Every leaf that differs, split into breaking and harmless changes.
 */
export function diffSpecs(before: TuningJobSpec, after: TuningJobSpec): SpecDiff {
  const changes: SpecChange[] = [];
  const beforeNames = before.parameters.map((parameter) => parameter.name);
  const afterNames = after.parameters.map((parameter) => parameter.name);
  const sameSet =
    beforeNames.length === afterNames.length && beforeNames.every((name) => afterNames.includes(name));
  if (sameSet && beforeNames.join('\u0000') !== afterNames.join('\u0000')) {
    changes.push({ path: 'parameters (order)', before: beforeNames, after: afterNames, breaking: true });
  }
  const normalise = (spec: TuningJobSpec): Record<string, unknown> => ({
    ...toPlain(spec),
    parameters: Object.fromEntries(
      spec.parameters.map((parameter) => [parameter.name, parameterFields(parameter)]),
    ),
    metrics: Object.fromEntries(spec.metrics.map((metric) => [metric.name, { regex: metric.regex }])),
  });
  collect(normalise(before), normalise(after), [], changes);
  return {
    breaking: changes.filter((change) => change.breaking),
    harmless: changes.filter((change) => !change.breaking),
  };
}

/**
 * Formats changes as lines for a terminal: `  parameters.eta.max: 0.5 -> 0.3`.
 *
 * @param changes - Changes from {@link diffSpecs}.
 * @returns One line a change.
 */
export function formatChanges(changes: readonly SpecChange[]): string[] {
  return changes.map((change) => `  ${change.path}: ${show(change.before)} -> ${show(change.after)}`);
}

function parameterFields(parameter: Parameter): Record<string, unknown> {
  const { name: _name, ...fields } = parameter;
  return toPlain(fields);
}

function toPlain<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function collect(before: unknown, after: unknown, path: readonly string[], out: SpecChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) collect(before[key], after[key], [...path, key], out);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const top = path[0] ?? '';
  out.push({ path: formatSpecPath(path), before, after, breaking: BREAKING_FIELDS.has(top) });
}

function formatSpecPath(path: readonly string[]): string {
  return path.map((part) => (/^[A-Za-z_][\w:-]*$/.test(part) ? part : JSON.stringify(part))).join('.');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}
