/**
 * Parallel coordinates: one axis per range (log for Logarithmic scaling, category for categorical ranges) and the
 * objective last; one line per Completed trial. A brush is a set of intervals on some axes; the trials it keeps
 * filter the other views and the table.
 */
import type { ApiJobDetail, ApiParameterValue, ApiTrial } from '../api.ts';
import { hasFinalObjective, objectiveRange } from './objective.ts';
import { isLogAxis } from './parameters.ts';

/** One axis. */
export interface ParallelDimension {
  /** The range's name, or the objective metric's for the last axis. */
  readonly name: string;
  readonly kind: 'value' | 'log' | 'category';
  /** The categories, for a category axis. */
  readonly categories?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly objective: boolean;
}

/** The chart's axes and lines. */
export interface ParallelData {
  readonly dimensions: readonly ParallelDimension[];
  /** One row per Completed trial, in dimension order. */
  readonly rows: readonly (readonly ApiParameterValue[])[];
  /** The trial id of each row. */
  readonly trials: readonly number[];
}

/** The value of a trial on a dimension (the objective for the last one). */
function valueOn(trial: ApiTrial, dimension: ParallelDimension): ApiParameterValue | undefined {
  return dimension.objective ? trial.objective : trial.hyperparameters[dimension.name];
}

/**
 * The axes alone (what a brush needs), cheaper than {@link parallelData}.
 *
 * @param detail - The job.
 * @param completed - Its Completed trials, when already at hand (they set the objective axis's range).
 */
export function parallelDimensions(
  detail: ApiJobDetail,
  completed: readonly (ApiTrial & { objective: number })[] = detail.trials.filter(hasFinalObjective),
): ParallelDimension[] {
  const dimensions: ParallelDimension[] = detail.parameters.map((parameter) =>
    parameter.type === 'categorical'
      ? { name: parameter.name, kind: 'category', categories: parameter.values, objective: false }
      : {
          name: parameter.name,
          kind: isLogAxis(parameter) ? 'log' : 'value',
          min: parameter.min,
          max: parameter.max,
          objective: false,
        },
  );
  const range = objectiveRange(completed.map((trial) => trial.objective));
  dimensions.push({
    name: detail.summary.objective.metric,
    kind: 'value',
    ...(range === undefined ? {} : { min: range.min, max: range.max }),
    objective: true,
  });
  return dimensions;
}

/**
 * Prepares the parallel coordinates.
 *
 * @param detail - The job.
 * @returns Axes and one row per Completed trial.
 */
export function parallelData(detail: ApiJobDetail): ParallelData {
  const completed = detail.trials.filter(hasFinalObjective);
  const dimensions = parallelDimensions(detail, completed);
  const rows: ApiParameterValue[][] = [];
  const trials: number[] = [];
  for (const trial of completed) {
    const row = dimensions.map((dimension) => valueOn(trial, dimension));
    if (row.some((value) => value === undefined)) continue;
    rows.push(row as ApiParameterValue[]);
    trials.push(trial.trial);
  }
  return { dimensions, rows, trials };
}

/**
 * A brush: for some dimensions (by index), the intervals kept. On a category axis an interval is of category
 * indices, as the chart reports it.
 */
export type ParallelBrush = ReadonlyMap<number, readonly (readonly [number, number])[]>;

/**
 * The trials a brush keeps: those whose value lies in one of the intervals of every brushed axis. A trial with no
 * value on a brushed axis (no objective yet) is not kept.
 *
 * @param detail - The job.
 * @param dimensions - The axes, as {@link parallelData} made them.
 * @param brush - The intervals per axis.
 * @returns The kept trial ids, or undefined when nothing is brushed (every trial is kept).
 */
export function brushedTrials(
  detail: ApiJobDetail,
  dimensions: readonly ParallelDimension[],
  brush: ParallelBrush,
): Set<number> | undefined {
  const active = [...brush].filter(
    ([index, intervals]) => intervals.length > 0 && dimensions[index] !== undefined,
  );
  if (active.length === 0) return undefined;
  const kept = new Set<number>();
  for (const trial of detail.trials) {
    const inside = active.every(([index, intervals]) => {
      const dimension = dimensions[index]!;
      const value = valueOn(trial, dimension);
      if (value === undefined) return false;
      const position =
        dimension.kind === 'category' ? (dimension.categories ?? []).indexOf(String(value)) : Number(value);
      if (!Number.isFinite(position) || position < 0) return false;
      return intervals.some(
        ([low, high]) => position >= Math.min(low, high) && position <= Math.max(low, high),
      );
    });
    if (inside) kept.add(trial.trial);
  }
  return kept;
}
