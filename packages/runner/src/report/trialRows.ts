/**
 * One row a trial, like SageMaker's `HyperparameterTuningJobAnalytics.dataframe()`: the hyperparameters, the
 * status, the final objective, start, end and duration. Tables, CSV and JSON are rendered from these rows.
 */
import type { ParameterValue } from '@tunekit/core';
import type { JobView, TrialRecord } from '../journal/jobView.ts';

export interface TrialRow {
  readonly trial: number;
  readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  readonly status: string;
  /** Final objective value (Completed, or Stopped with a value), else undefined. */
  readonly objective?: number;
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
export function trialRows(view: Pick<JobView, 'trials'>): TrialRow[] {
  return view.trials.map(toRow);
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

function toRow(trial: TrialRecord): TrialRow {
  const end = trial.finishedAt;
  const start = trial.startedAt;
  const reason = trial.failureReason ?? trial.stopReason;
  return {
    trial: trial.id,
    // Without a prototype: a range named __proto__ or toString that a trial lacks reads undefined, not Object's.
    hyperparameters: Object.assign(Object.create(null), trial.params),
    status: trial.status,
    ...(trial.objective === undefined ? {} : { objective: trial.objective }),
    ...(start === undefined ? {} : { start: new Date(start).toISOString() }),
    ...(end === undefined ? {} : { end: new Date(end).toISOString() }),
    ...(start === undefined || end === undefined ? {} : { durationSeconds: Math.round(end - start) / 1000 }),
    ...(reason === undefined ? {} : { reason }),
    attempt: trial.attempt,
  };
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
export function formatValue(value: ParameterValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? formatNumber(value) : value;
}
