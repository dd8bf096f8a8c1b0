/**
 * Rebuilds the tuner's serialisable state from a job's journal, so a resumed tuner continues exactly where the
 * last one stopped: finished trials keep their outcomes, trials that were in flight are Pending (they run again
 * with the same id and hyperparameters), early stopping keeps the curves of completed trials, and the clock counts
 * only the time the job actually ran.
 */
import type { Trial, TunerState } from '@tunekit/core';
import type { JobView, TrialRecord } from '../journal/jobView.ts';

/**
 * The tuner state recorded by a journal.
 *
 * @param view - The job folded from its journal.
 * @param now - The current time (epoch ms).
 * @returns A state for `createTuner(spec, { state })`.
 */
export function tunerStateFromView(view: Pick<JobView, 'trials' | 'activeMs'>, now: number): TunerState {
  const objectiveCurves: Record<string, (number | null)[]> = {};
  for (const trial of view.trials) {
    if ((trial.status === 'Completed' || trial.status === 'Stopped') && trial.objectiveCurve !== undefined) {
      objectiveCurves[trial.id] = trial.objectiveCurve;
    }
  }
  return {
    version: 1,
    startedAt: now - view.activeMs,
    trials: view.trials.map(toTrial),
    ...(Object.keys(objectiveCurves).length === 0 ? {} : { objectiveCurves }),
  };
}

function toTrial(record: TrialRecord): Trial {
  const outcome = record.outcome;
  const base = {
    id: record.id,
    configIndex: record.configIndex,
    attempt: record.attempt,
    params: record.params,
    unit: record.unit,
    askedAt: record.askedAt,
  };
  if (outcome === undefined) return { ...base, status: 'Pending' };
  const finishedAt = record.finishedAt ?? record.askedAt;
  switch (outcome.status) {
    case 'Completed':
      return {
        ...base,
        status: 'Completed',
        finishedAt,
        objective: outcome.objective,
        ...(outcome.finalMetrics === undefined ? {} : { finalMetrics: outcome.finalMetrics }),
      };
    case 'Failed':
      return { ...base, status: 'Failed', finishedAt, failureReason: outcome.reason };
    case 'Stopped':
      return {
        ...base,
        status: 'Stopped',
        finishedAt,
        stopReason: outcome.reason,
        ...(outcome.objective === undefined ? {} : { objective: outcome.objective }),
      };
  }
}
