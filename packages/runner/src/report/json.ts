/**
 * Machine-readable views of a job: the trials, the best hyperparameters and a status summary, as JSON values.
 */
import type { ParameterValue } from '@tunekit/core';
import type { JobView } from '../journal/jobView.ts';
import { bestTrial } from '../journal/jobView.ts';
import { type TrialRow, trialRows } from './trialRows.ts';

export interface JobSummary {
  readonly name: string;
  /**
   * Completed: the job ended (jobFinished journaled) with at least one successful trial; Failed: it ended with
   * none; InProgress: a tuner holds the lock; Stopped: no tuner, resumable.
   */
  readonly status: 'Completed' | 'Failed' | 'InProgress' | 'Stopped';
  readonly finishReason?: string;
  readonly strategy: string;
  readonly objective: { readonly metric: string; readonly type: string };
  readonly counts: {
    readonly total: number;
    readonly completed: number;
    readonly failed: number;
    readonly stopped: number;
    readonly inFlight: number;
  };
  readonly maxTrials: number;
  readonly best?: {
    readonly trial: number;
    readonly objective: number;
    readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  };
  readonly createdAt: string;
  readonly elapsedSeconds: number;
  /** The pid of the live tuner running the job (status InProgress). */
  readonly tunerPid?: number;
}

/**
 * Summarises a job: what `tunekit status --json` prints, and each row of `tunekit jobs --json`.
 *
 * @param view - The job.
 * @param tunerPid - The pid of the live tuner holding the job's lock, if any.
 * @returns The summary.
 */
export function jobSummary(view: JobView, tunerPid?: number): JobSummary {
  const running = tunerPid !== undefined;
  const count = (status: string): number => view.trials.filter((trial) => trial.status === status).length;
  const best = bestTrial(view);
  const status = view.finished !== undefined ? view.finished.status : running ? 'InProgress' : 'Stopped';
  return {
    name: view.name,
    status,
    ...(view.finished === undefined ? {} : { finishReason: view.finished.reason }),
    strategy: view.spec.strategy,
    objective: view.spec.objective,
    counts: {
      total: view.trials.length,
      completed: count('Completed'),
      failed: count('Failed'),
      stopped: count('Stopped'),
      inFlight: view.trials.filter((trial) => trial.outcome === undefined).length,
    },
    maxTrials: view.spec.limits.maxTrials,
    ...(best === undefined
      ? {}
      : { best: { trial: best.id, objective: best.objective!, hyperparameters: best.params } }),
    createdAt: new Date(view.createdAt).toISOString(),
    elapsedSeconds: Math.round(view.activeMs / 100) / 10,
    ...(tunerPid === undefined ? {} : { tunerPid }),
  };
}

/**
 * The best trial's hyperparameters: the static ones (strings, as in the tuning file) and the tuned ones (numbers
 * for continuous and integer ranges, strings for categorical ones), ready for the next step of a pipeline.
 *
 * @param view - The job.
 * @param includeStatic - Whether to include the static hyperparameters.
 * @returns The hyperparameters, or undefined when no trial completed.
 */
export function bestHyperparameters(
  view: JobView,
  includeStatic = true,
): Record<string, ParameterValue> | undefined {
  const best = bestTrial(view);
  if (best === undefined) return undefined;
  return includeStatic ? { ...view.spec.static, ...best.params } : { ...best.params };
}

/**
 * The trials as JSON rows (hyperparameters nested, so a parameter named like a column cannot clash).
 *
 * @param view - The job.
 * @returns The rows.
 */
export function trialsJson(view: Pick<JobView, 'trials'>): TrialRow[] {
  return trialRows(view);
}
