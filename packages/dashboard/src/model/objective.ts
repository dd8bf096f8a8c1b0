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
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (log) {
    const low = Math.log10(min);
    const high = Math.log10(max);
    const pad = high > low ? (high - low) * 0.05 : 0.1;
    return { min: 10 ** (low - pad), max: 10 ** (high + pad) };
  }
  const pad = max > min ? (max - min) * 0.05 : Math.abs(max) * 0.05 || 1;
  return niceRange(min - pad, max + pad);
}

/**
 * A range widened to round numbers (a step of 1, 2 or 5 times a power of 10, about 5 steps across), so the axis's
 * end labels read like its other ticks instead of `54.66` next to `60`.
 */
export function niceRange(min: number, max: number): ValueRange {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return { min, max };
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step };
}

/**
 * A value drawn inside a range: one outside it sits on the nearer edge (a stopped trial's early value shows as a
 * mark at the edge, with its real value in the tooltip, instead of widening the axis).
 */
export function clampTo(range: ValueRange | undefined, value: number): number {
  if (range === undefined) return value;
  return Math.min(range.max, Math.max(range.min, value));
}

/**
 * Whether `a` is better than `b` for the objective's direction.
 *
 * @param type - The objective's direction.
 */
export function isBetter(a: number, b: number, type: 'Minimize' | 'Maximize'): boolean {
  return type === 'Minimize' ? a < b : a > b;
}
