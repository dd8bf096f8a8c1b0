/**
 * The trials table: one row a trial, every range and every metric a column; sorted by any column, filtered by
 * status, by an objective range and by a brush of the parallel coordinates; a trial's hyperparameters as JSON or
 * YAML text to copy.
 */
import type { ApiJobDetail, ApiParameterValue, ApiTrial, ApiTrialStatus } from '../api.ts';

/** A column: its key (`trial`, `status`, `objective`, `param:<name>`, `metric:<name>`, `duration`, `start`). */
export interface TrialColumn {
  readonly key: string;
  readonly title: string;
  readonly numeric: boolean;
}

/** The table's filters. */
export interface TrialFilter {
  /** Statuses shown; all when undefined or empty. */
  readonly statuses?: ReadonlySet<ApiTrialStatus>;
  /** Objective bounds (inclusive); a trial without an objective is hidden when either is set. */
  readonly objectiveMin?: number;
  readonly objectiveMax?: number;
  /** Trial ids kept by a brush. */
  readonly trials?: ReadonlySet<number>;
}

/** The sort: a column key and a direction. */
export interface TrialSort {
  readonly key: string;
  readonly descending: boolean;
}

/** The table's columns for a job. */
export function trialColumns(detail: ApiJobDetail): TrialColumn[] {
  const objective = detail.summary.objective.metric;
  const metrics = new Set(detail.metricNames);
  for (const trial of detail.trials) for (const name of Object.keys(trial.metrics)) metrics.add(name);
  metrics.delete(objective);
  return [
    { key: 'trial', title: 'trial', numeric: true },
    { key: 'status', title: 'status', numeric: false },
    { key: 'objective', title: objective, numeric: true },
    ...detail.parameters.map((parameter) => ({
      key: `param:${parameter.name}`,
      title: parameter.name,
      numeric: parameter.type !== 'categorical',
    })),
    ...[...metrics].map((name) => ({ key: `metric:${name}`, title: name, numeric: true })),
    { key: 'duration', title: 'seconds', numeric: true },
    { key: 'start', title: 'start', numeric: false },
    { key: 'reason', title: 'reason', numeric: false },
  ];
}

/** A trial's value in a column. */
export function cellValue(trial: ApiTrial, key: string): ApiParameterValue | undefined {
  if (key === 'trial') return trial.trial;
  if (key === 'status') return trial.status;
  if (key === 'objective') return trial.objective;
  if (key === 'duration') return trial.durationSeconds;
  if (key === 'start') return trial.start;
  if (key === 'reason') return trial.reason;
  if (key.startsWith('param:')) return trial.hyperparameters[key.slice(6)];
  if (key.startsWith('metric:')) return trial.metrics[key.slice(7)];
  return undefined;
}

/**
 * The rows shown: filtered, then sorted (missing values last whichever the direction; ties by trial number).
 *
 * @param trials - Every trial.
 */
export function trialTableRows(
  trials: readonly ApiTrial[],
  filter: TrialFilter,
  sort: TrialSort,
): ApiTrial[] {
  const hasBounds = filter.objectiveMin !== undefined || filter.objectiveMax !== undefined;
  const rows = trials.filter((trial) => {
    if (filter.statuses !== undefined && filter.statuses.size > 0 && !filter.statuses.has(trial.status))
      return false;
    if (filter.trials !== undefined && !filter.trials.has(trial.trial)) return false;
    if (hasBounds) {
      if (trial.objective === undefined) return false;
      if (filter.objectiveMin !== undefined && trial.objective < filter.objectiveMin) return false;
      if (filter.objectiveMax !== undefined && trial.objective > filter.objectiveMax) return false;
    }
    return true;
  });
  const sign = sort.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const left = cellValue(a, sort.key);
    const right = cellValue(b, sort.key);
    if (left === undefined || right === undefined) {
      if (left !== right) return left === undefined ? 1 : -1;
      return a.trial - b.trial;
    }
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right), undefined, { numeric: true });
    return sign * order || a.trial - b.trial;
  });
}

/** A YAML scalar: plain when it reads back as the same string, quoted otherwise. */
function yamlScalar(value: ApiParameterValue): string {
  if (typeof value === 'number') return String(value);
  const plain =
    /^[A-Za-z_][A-Za-z0-9_.\-/ ]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plain && value.trim() === value ? value : JSON.stringify(value);
}

/**
 * A trial's hyperparameters as text to paste into a tuning file or a script.
 *
 * @param format - `json` (an object) or `yaml` (one `name: value` a line).
 */
export function hyperparameterText(
  hyperparameters: Readonly<Record<string, ApiParameterValue>>,
  format: 'json' | 'yaml',
): string {
  if (format === 'json') return JSON.stringify(hyperparameters, null, 2);
  return Object.entries(hyperparameters)
    .map(
      ([name, value]) =>
        `${/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) ? name : JSON.stringify(name)}: ${yamlScalar(value)}`,
    )
    .join('\n');
}
