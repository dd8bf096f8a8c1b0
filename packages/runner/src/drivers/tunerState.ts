/**
 * Rebuilds the tuner's serialisable state from a job's journal, so a resumed tuner continues exactly where the
 * last one stopped: finished trials keep their outcomes, trials that were in flight are Pending (they run again
 * with the same id and hyperparameters), early stopping keeps the curves of completed trials, Hyperband its rung
 * decisions (a trial that reruns keeps them, so it is not decided twice), and the clock counts
 * only the time the job actually ran.
 */
import type { Trial, TunerState } from '@tunekit/core';
import type { RungDecision } from '@tunekit/core/unstable';
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
  const rungDecisions = view.trials.flatMap((trial) => rungDecisionsOf(trial));
  return {
    version: 1,
    startedAt: now - view.activeMs,
    trials: view.trials.map(toTrial),
    ...(Object.keys(objectiveCurves).length === 0 ? {} : { objectiveCurves }),
    ...(rungDecisions.length === 0 ? {} : { rungDecisions }),
  };
}

/** Hyperband's journaled decisions about a trial, as the tuner records them. */
function rungDecisionsOf(record: TrialRecord): RungDecision[] {
  const out: RungDecision[] = [];
  for (const decision of record.decisions ?? []) {
    if (decision.rule !== 'hyperband' || decision.bracket === undefined || decision.rung === undefined)
      continue;
    out.push({
      trialId: record.id,
      bracket: decision.bracket,
      rung: decision.rung,
      resource: decision.resource,
      value: decision.value,
      decision: decision.decision,
      ...(decision.basis.threshold === undefined ? {} : { threshold: decision.basis.threshold }),
      count: decision.basis.count,
    });
  }
  return out;
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
