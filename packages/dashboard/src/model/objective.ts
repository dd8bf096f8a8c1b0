/**
 * Which trials carry a final objective, and the objective axis's range. The axis is set by Completed trials only:
 * a stopped trial's value is an early one (often far worse) and would squash every completed trial into a thin
 * band, which is the defect the old static report had on a real XGBoost job.
 */
import type { ApiTrial } from '../api.ts';

/** A Completed trial with a finite objective. */
export function hasFinalObjective(trial: ApiTrial): trial is ApiTrial & { objective: number } {
  return trial.status === 'Completed' && trial.objective !== undefined && Number.isFinite(trial.objective);
}

/** A Stopped trial with a finite (early) objective. */
export function hasStoppedObjective(trial: ApiTrial): trial is ApiTrial & { objective: number } {
  return trial.status === 'Stopped' && trial.objective !== undefined && Number.isFinite(trial.objective);
}

/** A value range; `min <= max`. */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The range of the objective axis: the Completed trials' objectives with 5% padding (or every given value when no
 * trial completed), so that stopped trials never widen it.
 *
 * @param completed - Completed trials' objectives.
 * @param fallback - Values to use when `completed` is empty (stopped trials' early values).
 * @param log - Whether the axis is logarithmic (padding in log space, and the range stays above 0).
 * @returns The range, or undefined when there is no value at all.
 */
export function objectiveRange(
  completed: readonly number[],
  fallback: readonly number[] = [],
  log = false,
): ValueRange | undefined {
  const values = completed.length > 0 ? completed : fallback;
  const finite = values.filter((value) => Number.isFinite(value) && (!log || value > 0));
  if (finite.length === 0) return undefined;
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (log) {
    const low = Math.log10(min);
    const high = Math.log10(max);
    const pad = high > low ? (high - low) * 0.05 : 0.1;
    return { min: 10 ** (low - pad), max: 10 ** (high + pad) };
  }
  const pad = max > min ? (max - min) * 0.05 : Math.abs(max) * 0.05 || 1;
  min -= pad;
  max += pad;
  return { min, max };
}

/**
 * Whether `a` is better than `b` for the objective's direction.
 *
 * @param type - The objective's direction.
 */
export function isBetter(a: number, b: number, type: 'Minimize' | 'Maximize'): boolean {
  return type === 'Minimize' ? a < b : a > b;
}
