/**
 * Slice plots: the objective against each range. A log x axis for Logarithmic ranges; integer and categorical
 * values spread sideways by a deterministic jitter so that points on one value do not hide each other (a
 * categorical axis is drawn as a value axis of category indices, labelled with the categories). Only Completed
 * trials set the objective axis; stopped trials are their own series.
 */
import type { ApiJobDetail, ApiParameter } from '../api.ts';
import { jitter } from './jitter.ts';
import { hasFinalObjective, hasStoppedObjective, objectiveRange, type ValueRange } from './objective.ts';
import { isLogAxis } from './parameters.ts';

/** [x, objective, trial] */
export type SlicePoint = readonly [number, number, number];

/** One range's slice. */
export interface SliceData {
  readonly parameter: ApiParameter;
  readonly xKind: 'value' | 'log';
  /** For a categorical range: the label of each integer x. */
  readonly categories?: readonly string[];
  readonly xRange: ValueRange;
  readonly completed: readonly SlicePoint[];
  readonly stopped: readonly SlicePoint[];
  readonly yRange?: ValueRange;
}

/** How far jitter spreads a discrete value: 0.3 of the distance to the next one each way, so groups stay apart. */
const SPREAD = 0.6;

/**
 * The slices of every range.
 *
 * @param detail - The job.
 * @param visible - When given, only these trials.
 */
export function sliceData(detail: ApiJobDetail, visible?: ReadonlySet<number>): SliceData[] {
  const shown = detail.trials.filter((trial) => visible === undefined || visible.has(trial.trial));
  const completedTrials = shown.filter(hasFinalObjective);
  const stoppedTrials = shown.filter(hasStoppedObjective);
  const yRange = objectiveRange(
    completedTrials.map((trial) => trial.objective),
    stoppedTrials.map((trial) => trial.objective),
  );
  return detail.parameters.map((parameter, axis) => {
    const xOf = (trial: { trial: number; hyperparameters: Readonly<Record<string, unknown>> }) => {
      const value = trial.hyperparameters[parameter.name];
      if (parameter.type === 'categorical') {
        const index = parameter.values.indexOf(String(value));
        return index < 0 ? undefined : index + SPREAD * jitter(trial.trial, axis);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      return parameter.type === 'integer' ? value + SPREAD * jitter(trial.trial, axis) : value;
    };
    const points = (trials: readonly (typeof shown)[number][]): SlicePoint[] => {
      const out: SlicePoint[] = [];
      for (const trial of trials) {
        const x = xOf(trial);
        if (x !== undefined) out.push([x, trial.objective!, trial.trial]);
      }
      return out;
    };
    const xRange: ValueRange =
      parameter.type === 'categorical'
        ? { min: -0.5, max: parameter.values.length - 0.5 }
        : parameter.type === 'integer' && !isLogAxis(parameter)
          ? { min: parameter.min - 0.5, max: parameter.max + 0.5 }
          : { min: parameter.min, max: parameter.max };
    return {
      parameter,
      xKind: isLogAxis(parameter) ? 'log' : 'value',
      ...(parameter.type === 'categorical' ? { categories: parameter.values } : {}),
      xRange,
      completed: points(completedTrials),
      stopped: points(stoppedTrials),
      ...(yRange === undefined ? {} : { yRange }),
    };
  });
}
