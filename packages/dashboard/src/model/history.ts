/**
 * The optimization history: each trial's final objective by trial number and by time since the job started, the
 * best so far as a step line, and stopped and failed trials as their own series; under significant noise, the
 * model's choice of best trial at its estimate. Only Completed trials set the objective axis (see objective.ts).
 */
import type { ApiJobDetail } from '../api.ts';
import { modelChoice } from './best.ts';
import {
  hasFinalObjective,
  hasStoppedObjective,
  isBetter,
  objectiveRange,
  type ValueRange,
} from './objective.ts';

/** One point: x is the trial number or the seconds since the job was created. */
export interface HistoryPoint {
  readonly trial: number;
  readonly x: number;
  readonly value: number;
}

/** What the history chart draws. */
export interface HistoryData {
  readonly completed: readonly HistoryPoint[];
  /** Stopped trials with an early value: drawn distinct, outside the axis range computation. */
  readonly stopped: readonly HistoryPoint[];
  /** Failed trials (no value): marked along the bottom of the axis, `value` is the axis minimum. */
  readonly failed: readonly HistoryPoint[];
  /** The best completed objective so far, as a step line ([x, best] at each improvement, and at the last x). */
  readonly best: readonly (readonly [number, number])[];
  /**
   * The model's choice when it stands as the reported best (see best.ts): its trial at the model's estimate of its
   * objective (`value`); the best line is then the best observed so far.
   */
  readonly choice?: HistoryPoint;
  readonly yRange?: ValueRange;
  /** A log axis only makes sense when every plotted value is > 0. */
  readonly logAllowed: boolean;
}

/** Seconds from `from` to `iso`, or undefined. */
function secondsSince(from: number, iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? Math.max(0, (time - from) / 1000) : undefined;
}

/**
 * Prepares the optimization history.
 *
 * @param detail - The job.
 * @param by - `trial` (x is the trial number) or `time` (x is seconds from the job's creation to the trial's end).
 * @param log - Whether the objective axis is logarithmic (ignored when a value is <= 0).
 * @returns The chart's series.
 */
export function historyData(detail: ApiJobDetail, by: 'trial' | 'time', log = false): HistoryData {
  const created = Date.parse(detail.summary.createdAt);
  const xOf = (trial: { trial: number; end?: string; start?: string }): number | undefined =>
    by === 'trial' ? trial.trial : secondsSince(created, trial.end ?? trial.start);
  const completed: HistoryPoint[] = [];
  const stopped: HistoryPoint[] = [];
  const failedAt: { trial: number; x: number }[] = [];
  for (const trial of detail.trials) {
    const x = xOf(trial);
    if (x === undefined) continue;
    if (hasFinalObjective(trial)) completed.push({ trial: trial.trial, x, value: trial.objective });
    else if (hasStoppedObjective(trial)) stopped.push({ trial: trial.trial, x, value: trial.objective });
    else if (trial.status === 'Failed') failedAt.push({ trial: trial.trial, x });
  }
  const byX = (a: { x: number; trial: number }, b: { x: number; trial: number }) =>
    a.x - b.x || a.trial - b.trial;
  completed.sort(byX);
  stopped.sort(byX);
  failedAt.sort(byX);
  const logAllowed =
    completed.length + stopped.length > 0 && [...completed, ...stopped].every((point) => point.value > 0);
  const yRange = objectiveRange(
    completed.map((point) => point.value),
    stopped.map((point) => point.value),
    log && logAllowed,
  );
  const type = detail.summary.objective.type;
  const best: [number, number][] = [];
  let current: number | undefined;
  for (const point of completed) {
    if (current === undefined || isBetter(point.value, current, type)) {
      current = point.value;
      best.push([point.x, current]);
    }
  }
  const lastX = Math.max(
    ...[...completed, ...stopped, ...failedAt].map((point) => point.x),
    Number.NEGATIVE_INFINITY,
  );
  if (current !== undefined && best.length > 0 && best[best.length - 1]![0] < lastX)
    best.push([lastX, current]);
  const bottom = yRange?.min ?? 0;
  const chosen = modelChoice(detail);
  const choiceX = chosen === undefined ? undefined : xOf(chosen.trial);
  return {
    completed,
    stopped,
    failed: failedAt.map((point) => ({ ...point, value: bottom })),
    best,
    ...(chosen === undefined || choiceX === undefined
      ? {}
      : { choice: { trial: chosen.trial.trial, x: choiceX, value: chosen.recommendation.estimate } }),
    ...(yRange === undefined ? {} : { yRange }),
    logAllowed,
  };
}
