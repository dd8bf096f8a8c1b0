/**
 * The tuner's history, kept incrementally so that `ask` costs the same after 10 trials or 10,000: the trials by
 * id, and the strategy's three inputs (observations, pending and failed unit points), each ordered by trial id so
 * that a tuner rebuilt from its state feeds its strategy exactly the same arrays, whatever order outcomes came in.
 */
import type { Observation } from '../strategy.ts';
import type { Trial } from './types.ts';

/** Trials kept in id order with a unit point per trial, plus the strategy's inputs. */
export class TrialHistory {
  /** Every trial, ascending id. */
  readonly trials: Trial[] = [];
  private readonly positionById = new Map<number, number>();
  private readonly unitById = new Map<number, Float64Array>();

  /** Completed (or stopped with an objective) trials, oriented; ascending id. */
  readonly observations: Observation[] = [];
  /** The trial id of each observation. */
  readonly observationIds: number[] = [];
  /** Pending trials' unit points; ascending id. */
  readonly pendingUnits: Float64Array[] = [];
  readonly pendingIds: number[] = [];
  /** Configurations that failed for good (no retry left); ascending id. */
  readonly failedUnits: Float64Array[] = [];
  private readonly failedIds: number[] = [];

  /** Number of distinct configurations suggested so far (the next suggestion's index). */
  configCount = 0;
  /** Largest trial id so far. */
  lastId = 0;

  /** Adds a trial (ids must be new; they normally grow). */
  add(trial: Trial, unit: Float64Array): void {
    let position = this.trials.length;
    if (trial.id < this.lastId) {
      position = lowerBound(this.trials, trial.id, (t) => t.id);
      this.trials.splice(position, 0, trial);
      for (let i = position; i < this.trials.length; i++) this.positionById.set(this.trials[i]!.id, i);
    } else {
      this.trials.push(trial);
      this.positionById.set(trial.id, position);
    }
    this.unitById.set(trial.id, unit);
    this.lastId = Math.max(this.lastId, trial.id);
    this.configCount = Math.max(this.configCount, trial.configIndex + 1);
    if (trial.status === 'Pending') insertSorted(this.pendingIds, this.pendingUnits, trial.id, unit);
  }

  get(id: number): Trial | undefined {
    const position = this.positionById.get(id);
    return position === undefined ? undefined : this.trials[position];
  }

  unitOf(id: number): Float64Array {
    return this.unitById.get(id)!;
  }

  /** Replaces a trial with its finished version and drops it from the pending points. */
  finish(trial: Trial): void {
    this.trials[this.positionById.get(trial.id)!] = trial;
    const index = this.pendingIds.indexOf(trial.id);
    if (index >= 0) {
      this.pendingIds.splice(index, 1);
      this.pendingUnits.splice(index, 1);
    }
  }

  /** Adds an observation (oriented value) for a finished trial. */
  observe(id: number, value: number): void {
    const position = lowerBound(this.observationIds, id, (x) => x);
    this.observationIds.splice(position, 0, id);
    this.observations.splice(position, 0, { unit: this.unitById.get(id)!, value });
  }

  /** Marks a trial's configuration as failed for good. */
  failForGood(id: number): void {
    insertSorted(this.failedIds, this.failedUnits, id, this.unitById.get(id)!);
  }
}

function insertSorted(ids: number[], units: Float64Array[], id: number, unit: Float64Array): void {
  const position = lowerBound(ids, id, (x) => x);
  ids.splice(position, 0, id);
  units.splice(position, 0, unit);
}

/** First position whose key is >= key (binary search; the common case, appending, costs O(log n)). */
function lowerBound<T>(items: readonly T[], key: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (keyOf(items[middle]!) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
