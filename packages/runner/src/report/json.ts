/**
 * Machine-readable views of a job: the trials, the best hyperparameters and a status summary, as JSON values.
 */
import type { ParameterValue, TuningJobSpec } from '@tunekit/core';
import type { ApiJobSummary } from '@tunekit/dashboard/api';
import type { JobView } from '../journal/jobView.ts';
import { bestObservedTrial, bestTrial, modelChoice } from '../journal/jobView.ts';
import { modelEstimate } from './modelChoice.ts';
import { type TrialRow, trialMetrics, trialRows } from './trialRows.ts';

/**
 * A job's summary: what `tunekit status --json` prints, each row of `tunekit jobs --json`, and the dashboard API's
 * summary (one type, declared with the API in packages/dashboard/src/api.ts, so the fields cannot drift apart).
 */
export type JobSummary = ApiJobSummary;

/** Trials stopped early that a summary lists. */
export const RECENT_STOPS = 5;

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
  const chosen = modelChoice(view);
  const observed = chosen === undefined ? undefined : bestObservedTrial(view);
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
    recentStops: view.trials
      .filter((trial) => trial.status === 'Stopped' && trial.stopReason !== undefined)
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.id - a.id)
      .slice(0, RECENT_STOPS)
      .map((trial) => ({ trial: trial.id, reason: trial.stopReason! })),
    seed: view.spec.seed,
    seedDrawn: view.spec.seedDrawn === true,
    ...(best === undefined
      ? {}
      : {
          best: {
            trial: best.id,
            objective: best.objective!,
            metrics: trialMetrics(best, view.spec),
            hyperparameters: best.params,
            ...(chosen === undefined
              ? {}
              : {
                  model: modelEstimate(chosen.recommendation),
                }),
          },
        }),
    ...(observed === undefined
      ? {}
      : { bestObserved: { trial: observed.id, objective: observed.objective! } }),
    createdAt: new Date(view.createdAt).toISOString(),
    lastEventAt: new Date(view.lastEventAt).toISOString(),
    elapsedSeconds: Math.round(view.activeMs / 100) / 10,
    ...(tunerPid === undefined ? {} : { tunerPid }),
  };
}

/** A hyperparameter as the tuning file typed it: tuned values, and static numbers and booleans. */
export type TypedHyperparameter = ParameterValue | boolean;

/**
 * The best trial's hyperparameters: the static ones with the types the tuning file gave them (`epochs: 120` a
 * number, `verbose: true` a boolean, `"120"` a string) and the tuned ones (numbers for continuous and integer
 * ranges, strings for categorical ones), ready for the next step of a pipeline. `tunekit best`, the reports and
 * the Action's `best-hyperparameters` output all use it.
 *
 * @param view - The job.
 * @param includeStatic - Whether to include the static hyperparameters.
 * @returns The hyperparameters, or undefined when no trial completed.
 */
export function bestHyperparameters(
  view: Pick<JobView, 'spec' | 'trials' | 'recommendation'>,
  includeStatic = true,
): Record<string, TypedHyperparameter> | undefined {
  const best = bestTrial(view);
  if (best === undefined) return undefined;
  return includeStatic ? { ...typedStatic(view.spec), ...best.params } : { ...best.params };
}

/**
 * The static hyperparameters with the types the tuning file gave them: the spec keeps them as strings (SageMaker
 * passes every hyperparameter as a string) and records in `staticTypes` which were numbers and booleans.
 *
 * @param spec - The job's spec.
 * @returns Name to value.
 */
export function typedStatic(
  spec: Pick<TuningJobSpec, 'static' | 'staticTypes'>,
): Record<string, TypedHyperparameter> {
  const out: Record<string, TypedHyperparameter> = {};
  for (const [name, text] of Object.entries(spec.static)) {
    const type =
      spec.staticTypes !== undefined && Object.hasOwn(spec.staticTypes, name)
        ? spec.staticTypes[name]
        : undefined;
    out[name] = type === 'number' ? Number(text) : type === 'boolean' ? text === 'true' : text;
  }
  return out;
}

/**
 * The trials as JSON rows (hyperparameters nested, so a parameter named like a column cannot clash).
 *
 * @param view - The job.
 * @returns The rows.
 */
export function trialsJson(view: Pick<JobView, 'spec' | 'trials'>): TrialRow[] {
  return trialRows(view);
}

/**
 * The early-stopping setting as people read it: `Off`, `Auto`, or `Auto (minSteps 20, minTrials 5, minFraction
 * 0.5)` for the median rule with its grace period (no minFraction for a job journaled before it existed).
 *
 * @param setting - The spec's `earlyStopping`.
 * @returns Its text.
 */
export function earlyStoppingText(setting: TuningJobSpec['earlyStopping']): string {
  return typeof setting === 'string'
    ? setting
    : `${setting.type} (minSteps ${setting.minSteps}, minTrials ${setting.minTrials}${
        setting.minFraction === undefined ? '' : `, minFraction ${setting.minFraction}`
      })`;
}
