/**
 * Machine-readable views of a job: the trials, the best hyperparameters and a status summary, as JSON values.
 */
import type { ParameterValue, TuningJobSpec } from '@tunekit/core';
import { type CheckedTrial, earlyStoppingCheck } from '@tunekit/core/unstable';
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
    ...optional('earlyStoppingCheck', jobEarlyStoppingCheck(view)),
    createdAt: new Date(view.createdAt).toISOString(),
    lastEventAt: new Date(view.lastEventAt).toISOString(),
    elapsedSeconds: Math.round(view.activeMs / 100) / 10,
    ...(tunerPid === undefined ? {} : { tunerPid }),
  };
}

/**
 * The last check of each job (by name), with a key of what it was computed from. The dashboard asks for a summary
 * at every batch of journal events, mostly metrics of running trials, and the check changes only when a trial
 * finishes (or the spec changes): replaying the rule over a thousand finished curves takes tens of milliseconds.
 */
const recentChecks = new Map<
  string,
  { readonly key: string; readonly check: JobSummary['earlyStoppingCheck'] }
>();
/** Jobs whose last check is kept. */
const RECENT_CHECKS = 64;

/**
 * The median rule's check on this job's own curves (core `earlyStoppingCheck`): the finished trials' objective
 * curves, the completed ones with their final objective.
 *
 * @param view - The job.
 * @returns The check, or undefined (no median rule, or too few trials yet).
 */
export function jobEarlyStoppingCheck(
  view: Pick<JobView, 'spec' | 'trials'>,
): JobSummary['earlyStoppingCheck'] {
  if (view.spec.earlyStopping === 'Off') return undefined;
  const finished: CheckedTrial[] = [];
  let key = JSON.stringify([view.spec.earlyStopping, view.spec.objective.type]);
  for (const trial of view.trials) {
    if ((trial.status !== 'Completed' && trial.status !== 'Stopped') || trial.objectiveCurve === undefined)
      continue;
    const objective = trial.status === 'Completed' ? trial.objective : undefined;
    finished.push({
      id: trial.id,
      curve: trial.objectiveCurve,
      ...(objective === undefined ? {} : { objective }),
    });
    key += `|${trial.id}:${trial.objectiveCurve.length}:${objective}`;
  }
  const recent = recentChecks.get(view.spec.name);
  if (recent?.key === key) return recent.check;
  const check = earlyStoppingCheck(view.spec, finished);
  recentChecks.delete(view.spec.name);
  recentChecks.set(view.spec.name, { key, check });
  if (recentChecks.size > RECENT_CHECKS) recentChecks.delete(recentChecks.keys().next().value!);
  return check;
}

/**
 * The check in one sentence for people (status, the Markdown report and so the Action's comment).
 *
 * @param check - The check.
 * @returns The sentence, without a final full stop.
 */
export function earlyStoppingCheckText(check: NonNullable<JobSummary['earlyStoppingCheck']>): string {
  const count = check.checked.length;
  const head =
    `early-stopping check: replayed on ${count === 1 ? 'the best completed trial' : `the ${count} best completed trials`} ` +
    `against the other finished trials' curves, the median rule (judging from step ${check.step}) would`;
  if (check.stopped.length === 0) return `${head} let ${count === 1 ? 'it' : 'all of them'} through`;
  const stops = check.stopped
    .map(
      (stop) =>
        `trial ${stop.trial}${stop.trial === check.checked[0] ? ' (the best)' : ''} at step ${stop.step}`,
    )
    .join(', ');
  return (
    `${head} stop ${count === 1 ? 'it' : `${check.stopped.length} of them`}: ${stops}` +
    (check.weak
      ? '; early values are a poor guide on this job: raise earlyStopping.minSteps or minFraction, or set ' +
        'earlyStopping: Off'
      : '')
  );
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

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
