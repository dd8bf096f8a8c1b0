/**
 * Intermediate values: each trial's curve of the objective by step, with its status so that stopped trials are
 * drawn distinct (their curves are where a stopped trial's value belongs).
 */
import type { ApiJobDetail, ApiTrialStatus } from '../api.ts';

/** One trial's curve. */
export interface TrialCurve {
  readonly trial: number;
  readonly status: ApiTrialStatus;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * The curves of every trial that reported at least one intermediate value, by trial number.
 *
 * @param detail - The job.
 * @param visible - When given, only these trials (a brush on the parallel coordinates filters them).
 * @returns The curves.
 */
export function intermediateCurves(detail: ApiJobDetail, visible?: ReadonlySet<number>): TrialCurve[] {
  const curves: TrialCurve[] = [];
  for (const trial of detail.trials) {
    if (trial.curve.length === 0) continue;
    if (visible !== undefined && !visible.has(trial.trial)) continue;
    const points = trial.curve.filter(([step, value]) => Number.isFinite(step) && Number.isFinite(value));
    if (points.length > 0) curves.push({ trial: trial.trial, status: trial.status, points });
  }
  return curves.sort((a, b) => a.trial - b.trial);
}
