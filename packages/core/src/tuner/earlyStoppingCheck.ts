/**
 * Whether the median rule can be trusted on a job's own learning curves: the rule replayed on the best completed
 * trials, each against the other finished trials' curves, as if it were running now.
 *
 * What a user fears from early stopping is that it stops the configuration that would have won. The trials that
 * ran to the end can answer that: if the rule, with today's history and grace period, would stop one of the best
 * of them before its end, it can just as well have stopped (or go on to stop) others as good. On the diabetes
 * MLP's curves (learning curves that cross, bench/multiFidelity.ts) a rule without a grace period did exactly that.
 * A rank correlation between early and final values would not do: configurations that overfit look good early and
 * end badly, which lowers the correlation (0.24 at the default grace period's step on those curves) without any
 * risk to the best ones, which the rule lets through.
 */
import { medianRuleSettings } from '../spec/earlyStopping.ts';
import type { TuningJobSpec } from '../spec/types.ts';
import { MedianStoppingRule } from './medianStopping.ts';

/**
 * How many of the best completed trials the check replays, at most: the best quarter of the finished trials, so
 * that every one replayed belongs well within the better half, which the rule exists to let through (on a job of
 * 8 trials whose curves never cross the rule still stops the 5th best: it is worse than the median).
 */
export const EARLY_STOPPING_CHECK_TRIALS = 5;
/** Completed trials (with a curve) the check needs. */
export const EARLY_STOPPING_CHECK_MIN_COMPLETED = 5;

/** The check's result. */
export interface EarlyStoppingCheck {
  /**
   * The first step (0-based, among the objective's values) at which the rule may judge a trial today: the larger
   * of `minSteps` and `minFraction` of the longest finished curve.
   */
  readonly step: number;
  /**
   * The trials replayed, best first: the best completed ones, as many as a quarter of the finished trials (at least
   * 1, at most EARLY_STOPPING_CHECK_TRIALS).
   */
  readonly checked: readonly number[];
  /** Those of them the rule would stop, and at which step, best first. */
  readonly stopped: readonly { readonly trial: number; readonly step: number }[];
  /** The best completed trial would be stopped, or more than one of the checked ones would. */
  readonly weak: boolean;
}

/** A finished trial as the check reads it. */
export interface CheckedTrial {
  readonly id: number;
  /** The objective's values by step, null where a value was invalid. */
  readonly curve: readonly (number | null)[];
  /** The final objective of a completed trial; undefined for a trial that was stopped. */
  readonly objective?: number;
}

/**
 * The check for a job that uses the median rule.
 *
 * @param spec - The job's spec (its `earlyStopping` and objective).
 * @param finished - The finished trials, completed and stopped (the stopped ones feed the medians, as in the rule).
 * @returns The check, or undefined when the job does not use the median rule, has fewer than
 *   EARLY_STOPPING_CHECK_MIN_COMPLETED completed trials with a curve, or too few finished trials for the rule to judge.
 */
export function earlyStoppingCheck(
  spec: Pick<TuningJobSpec, 'earlyStopping' | 'objective'>,
  finished: readonly CheckedTrial[],
): EarlyStoppingCheck | undefined {
  const grace = medianRuleSettings(spec.earlyStopping);
  if (grace === undefined) return undefined;
  const sign = spec.objective.type === 'Maximize' ? -1 : 1;
  const curves = finished
    .filter((trial) => trial.curve.length > 0)
    .map((trial) => ({
      id: trial.id,
      objective: trial.objective === undefined ? undefined : sign * trial.objective,
      curve: trial.curve.map((value) =>
        typeof value === 'number' && Number.isFinite(value) ? sign * value : Number.NaN,
      ),
    }));
  const completed = curves
    .filter((trial) => trial.objective !== undefined && Number.isFinite(trial.objective))
    .sort((a, b) => a.objective! - b.objective! || a.id - b.id);
  if (completed.length < EARLY_STOPPING_CHECK_MIN_COMPLETED || curves.length - 1 < grace.minTrials)
    return undefined;
  const longest = curves.reduce((most, trial) => Math.max(most, trial.curve.length), 0);
  const checked = completed.slice(
    0,
    Math.min(EARLY_STOPPING_CHECK_TRIALS, Math.max(1, Math.floor(curves.length / 4))),
  );
  const stopped: { trial: number; step: number }[] = [];
  for (const trial of checked) {
    const rule = new MedianStoppingRule(grace);
    for (const other of curves) if (other.id !== trial.id) rule.restoreCompleted(other.id, other.curve);
    const at = trial.curve.findIndex(
      (value, step) => !Number.isNaN(value) && rule.report(trial.id, step, value) !== undefined,
    );
    if (at >= 0) stopped.push({ trial: trial.id, step: at });
  }
  return {
    step: Math.max(grace.minSteps, Math.ceil(grace.minFraction * longest) - 1),
    checked: checked.map((trial) => trial.id),
    stopped,
    weak: stopped.length > 1 || stopped[0]?.trial === checked[0]!.id,
  };
}
