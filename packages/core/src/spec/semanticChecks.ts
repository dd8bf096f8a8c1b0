/**
 * @internal Runs the search-space and metric checkers of `space/` and `metrics/` and moves their problems to
 * where the fields sit in the source document (a tuning file, or a SageMaker request with other field names).
 */
import type { Issue } from '../errors.ts';
import { checkMetricDefinitions } from '../metrics/checkMetricDefinitions.ts';
import { metricRegexWarnings } from '../metrics/metricRegexWarnings.ts';
import type { Parameter } from '../space/types.ts';
import { checkParameters } from '../space/validateParameters.ts';
import type { Issues, Path } from './reader.ts';
import type { SpecLocator } from './rules.ts';
import type { MetricDefinition } from './types.ts';

const CHECKER_BASE = ['parameters'] as const;
const METRICS_BASE = ['metrics'] as const;
type ParameterField = Parameters<SpecLocator['parameter']>[1];
const PARAMETER_FIELDS: readonly string[] = ['name', 'type', 'min', 'max', 'scaling', 'values'];

function startsWith(path: readonly (string | number)[], base: readonly string[]): boolean {
  return base.every((part, index) => path[index] === part);
}

/**
 * Checks the ranges (min < max, scalings, unique names and values, SageMaker's limits).
 *
 * @param parameters - The well-shaped ranges, in spec order.
 * @param at - Where each range sits in the source.
 * @param base - The path of the whole parameters section in the source.
 * @param issues - Where problems go.
 */
export function checkParametersAt(
  parameters: readonly Parameter[],
  at: SpecLocator,
  base: Path,
  issues: Issues,
): void {
  const found = checkParameters(parameters, [...CHECKER_BASE]);
  for (const issue of found) {
    issues.errors.push({ ...issue, path: relocateParameter(issue, parameters, at, base) });
  }
}

function relocateParameter(
  issue: Issue,
  parameters: readonly Parameter[],
  at: SpecLocator,
  base: Path,
): Path {
  if (!startsWith(issue.path, CHECKER_BASE)) return issue.path;
  const [head, field, ...tail] = issue.path.slice(CHECKER_BASE.length);
  if (head === undefined) return base;
  const index =
    typeof head === 'number' ? head : parameters.findIndex((parameter) => parameter.name === head);
  if (index < 0 || index >= parameters.length) return [...base, ...issue.path.slice(CHECKER_BASE.length)];
  if (field === undefined) return at.parameter(index);
  if (typeof field === 'string' && PARAMETER_FIELDS.includes(field)) {
    return [...at.parameter(index, field as ParameterField), ...tail];
  }
  return [...at.parameter(index), field, ...tail];
}

/**
 * Checks the metric definitions (regexes compile and capture, names unique, at most 40, objective among them).
 *
 * @param metrics - The definitions.
 * @param objectiveMetric - The objective's metric name.
 * @param locate - Maps the checker's path (`['metrics', 2, 'regex']`) to the source's.
 * @param issues - Where problems go.
 */
export function checkMetricsAt(
  metrics: readonly MetricDefinition[],
  objectiveMetric: string,
  locate: (path: Path) => Path,
  issues: Issues,
): void {
  for (const issue of checkMetricDefinitions(metrics, objectiveMetric, [...METRICS_BASE])) {
    issues.errors.push({ ...issue, path: locate(issue.path) });
  }
  // Regexes that run, but slowly or by backtracking: said at validation, not found out in a stalled tuner.
  for (const warning of metricRegexWarnings(metrics, [...METRICS_BASE])) {
    issues.warnings.push({ ...warning, path: locate(warning.path) });
  }
}
