/**
 * One row a trial, like SageMaker's `HyperparameterTuningJobAnalytics.dataframe()`: the hyperparameters, the
 * status, the final objective, the final value of every metric, start, end and duration. Tables, CSV and JSON
 * are rendered from these rows; {@link trialMetrics} is the one place a trial's metric values are computed.
 */
import type { ParameterValue, TuningJobSpec } from '@tunekit/core';
import type { JobView, TrialRecord } from '../journal/jobView.ts';

export interface TrialRow {
  readonly trial: number;
  readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  readonly status: string;
  /** Final objective value (Completed, or Stopped with a value), else undefined. */
  readonly objective?: number;
  /** The final value of each metric of the definitions that the trial reported, by name (the objective too). */
  readonly metrics: Readonly<Record<string, number>>;
  /** ISO 8601 start of the trial's last run. */
  readonly start?: string;
  /** ISO 8601 end. */
  readonly end?: string;
  readonly durationSeconds?: number;
  /** Failure or stop reason. */
  readonly reason?: string;
  /** Retry number: 0 for the first run of a configuration. */
  readonly attempt: number;
}

/**
 * Builds the rows of a job's trials, in trial order.
 *
 * @param view - The job.
 * @returns One row a trial.
 */
export function trialRows(view: Pick<JobView, 'spec' | 'trials'>): TrialRow[] {
  return view.trials.map((trial) => trialRow(trial, view.spec));
}

/**
 * The final value of each metric of the spec's definitions that a trial reported, in the definitions' order: the
 * trial's objective for the objective metric, the outcome's `finalMetrics` where the executor gave them (SageMaker's FinalMetricDataList, the local executor's
 * last values), else the last value journaled (an interrupted, stopped or failed trial).
 *
 * @param trial - The trial.
 * @param spec - The job's metric definitions.
 * @returns Metric name to value; a metric the trial never reported is absent.
 */
export function trialMetrics(
  trial: Pick<TrialRecord, 'objective' | 'finalMetrics' | 'lastMetrics'>,
  spec: Pick<TuningJobSpec, 'metrics' | 'objective'>,
): Record<string, number> {
  const values: Record<string, number> = Object.create(null);
  for (const { name } of spec.metrics) {
    const value =
      name === spec.objective.metric && trial.objective !== undefined
        ? trial.objective
        : trial.finalMetrics !== undefined && Object.hasOwn(trial.finalMetrics, name)
          ? trial.finalMetrics[name]
          : trial.lastMetrics !== undefined && Object.hasOwn(trial.lastMetrics, name)
            ? trial.lastMetrics[name]
            : undefined;
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * The names of the metrics that get a column of their own beside the objective: every definition but the
 * objective, in the definitions' order.
 *
 * @param view - The job.
 * @returns Metric names.
 */
export function otherMetricNames(view: Pick<JobView, 'spec'>): string[] {
  return view.spec.metrics.map((metric) => metric.name).filter((name) => name !== view.spec.objective.metric);
}

/**
 * The hyperparameter names in the order of the spec, for table columns.
 *
 * @param view - The job.
 * @returns Parameter names.
 */
export function parameterNames(view: Pick<JobView, 'spec'>): string[] {
  return view.spec.parameters.map((parameter) => parameter.name);
}

/**
 * Builds the row of one trial (the dashboard sends one trial's row as it changes).
 *
 * @param trial - The trial.
 * @param spec - The job's metric definitions and objective.
 * @returns Its row.
 */
export function trialRow(trial: TrialRecord, spec: Pick<TuningJobSpec, 'metrics' | 'objective'>): TrialRow {
  const end = trial.finishedAt;
  const start = trial.startedAt;
  const reason = trial.failureReason ?? trial.stopReason;
  return {
    trial: trial.id,
    // Without a prototype: a range named __proto__ or toString that a trial lacks reads undefined, not Object's.
    hyperparameters: Object.assign(Object.create(null), trial.params),
    status: trial.status,
    ...(trial.objective === undefined ? {} : { objective: trial.objective }),
    metrics: trialMetrics(trial, spec),
    ...(start === undefined ? {} : { start: new Date(start).toISOString() }),
    ...(end === undefined ? {} : { end: new Date(end).toISOString() }),
    ...(start === undefined || end === undefined ? {} : { durationSeconds: Math.round(end - start) / 1000 }),
    ...(reason === undefined ? {} : { reason }),
    attempt: trial.attempt,
  };
}

/**
 * The cells of a trial's metric values, for the top-trials tables (here and in the Action's comment).
 *
 * @param values - The trial's metric values ({@link trialMetrics}).
 * @param metrics - The metrics, one cell each.
 * @returns The cells, empty where the trial did not report a metric.
 */
export function metricCells(values: Readonly<Record<string, number>>, metrics: readonly string[]): string[] {
  return metrics.map((metric) => (Object.hasOwn(values, metric) ? formatNumber(values[metric]!) : ''));
}

/**
 * Formats a number for people: up to 6 significant digits, no exponent for ordinary magnitudes.
 *
 * @param value - The number.
 * @returns Its text.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e9)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/**
 * Formats a hyperparameter value: numbers with {@link formatNumber}, strings as they are.
 *
 * @param value - The value.
 * @returns Its text.
 */
export function formatValue(value: ParameterValue | boolean | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? formatNumber(value) : String(value);
}
