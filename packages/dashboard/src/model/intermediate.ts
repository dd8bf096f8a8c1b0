/**
 * Intermediate values: each trial's curve of the objective by step, with its status so that stopped trials are
 * drawn distinct (their curves are where a stopped trial's value belongs). A job of thousands of trials shows a
 * chosen few hundred curves: every running one, the best completed ones, then the latest; more would be an
 * unreadable band that costs seconds to draw.
 */
import type { ApiJobDetail, ApiTrial, ApiTrialStatus } from '../api.ts';
import { hasFinalObjective } from './objective.ts';

/** One trial's curve. */
export interface TrialCurve {
  readonly trial: number;
  readonly status: ApiTrialStatus;
  readonly points: readonly (readonly [number, number])[];
}

/** The curves drawn, and how many trials had one. */
export interface IntermediateData {
  readonly curves: readonly TrialCurve[];
  readonly total: number;
}

/** The most curves drawn: past it, running trials, then the best, then the latest. */
export const MAX_CURVES = 300;

/**
 * The curves of the trials that reported at least one intermediate value, by trial number.
 *
 * @param detail - The job.
 * @param visible - When given, only these trials (a brush on the parallel coordinates filters them).
 * @param limit - The most curves to return.
 */
export function intermediateCurves(
  detail: ApiJobDetail,
  visible?: ReadonlySet<number>,
  limit = MAX_CURVES,
): IntermediateData {
  const withCurve = detail.trials.filter(
    (trial) => trial.curve.length > 0 && (visible === undefined || visible.has(trial.trial)),
  );
  let chosen: ApiTrial[] = withCurve;
  if (withCurve.length > limit) {
    const picked = new Set<ApiTrial>();
    const take = (trials: readonly ApiTrial[], count: number) => {
      for (const trial of trials) {
        if (picked.size >= limit || count <= 0) return;
        if (picked.has(trial)) continue;
        picked.add(trial);
        count--;
      }
    };
    const sign = detail.summary.objective.type === 'Minimize' ? 1 : -1;
    const running = withCurve.filter((trial) => trial.status === 'Running' || trial.status === 'Pending');
    const best = withCurve.filter(hasFinalObjective).sort((a, b) => sign * (a.objective - b.objective));
    const latest = [...withCurve].reverse();
    take(running, limit);
    take(best, Math.ceil((limit - picked.size) / 2));
    take(latest, limit);
    chosen = [...picked];
  }
  const curves: TrialCurve[] = [];
  for (const trial of chosen) {
    const points = trial.curve.filter(([step, value]) => Number.isFinite(step) && Number.isFinite(value));
    if (points.length > 0) curves.push({ trial: trial.trial, status: trial.status, points });
  }
  return { curves: curves.sort((a, b) => a.trial - b.trial), total: withCurve.length };
}
