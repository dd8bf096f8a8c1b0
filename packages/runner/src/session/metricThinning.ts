/**
 * How many metric values the journal keeps of a trial that prints its metrics very often. The trial's log keeps
 * every line; the journal keeps, for each trial and metric, every value up to {@link FULL_VALUES}, then one in 2
 * for the next 1,000, one in 4 for the 2,000 after, one in 8 for the next 4,000, and so on (500 values a doubling),
 * and always the last value, journaled when the trial ends.
 *
 * A journal event of a metric value is about 140 bytes against about 10 for the line it came from: journaled
 * whole, a trial printing 200,000 values (2 MB) grew the journal to 27.6 MB, and `tunekit status` took 1.4 s and
 * 140 MB to read it. Thinned, those 200,000 values are 4,783 events: a 0.65 MB journal, read by `status` in 70 ms
 * and 71 MB (60 MB of which is Node and the CLI before reading); `bench/journalGrowth.ts` measures it.
 *
 * Early stopping is fed the journaled values only (drivers/askTell.ts), so the median rule's memory of a trial is the
 * same live and after a resume; past 1,000 values it decides at the kept steps, which are never further apart
 * than a 500th of the steps already run.
 */
import type { MetricObservation } from '@tunekit/core';

/** Values of each metric of a trial that are all journaled before thinning starts. */
export const FULL_VALUES = 1_000;

/** What the thinning knows of one metric of one trial. */
interface MetricCount {
  /** Values seen in this run. */
  count: number;
  /** The last value, when it was not journaled: journaled at the trial's end. */
  held?: MetricObservation;
}

/** @internal Decides which metric values the journal keeps, per trial and metric. */
export class MetricThinning {
  private readonly trials = new Map<number, Map<string, MetricCount>>();

  /**
   * Counts a value and says whether to journal it; a value not journaled is held as its metric's last, until a
   * newer one replaces it or the trial ends.
   *
   * @param trialId - The trial.
   * @param observation - The value, in the order the trial printed it.
   * @returns Whether to journal it now.
   */
  admit(trialId: number, observation: MetricObservation): boolean {
    let metrics = this.trials.get(trialId);
    if (metrics === undefined) {
      metrics = new Map();
      this.trials.set(trialId, metrics);
    }
    let entry = metrics.get(observation.metric);
    if (entry === undefined) {
      entry = { count: 0 };
      metrics.set(observation.metric, entry);
    }
    const index = entry.count;
    entry.count += 1;
    if (isKept(index)) {
      entry.held = undefined;
      return true;
    }
    entry.held = observation;
    return false;
  }

  /**
   * Ends a trial's run: its held values (each metric's last, when it was not journaled), and it forgets the trial
   * (a rerun starts counting afresh).
   *
   * @param trialId - The trial.
   * @returns The values to journal before the trial's end, in no particular order of metrics.
   */
  end(trialId: number): MetricObservation[] {
    const metrics = this.trials.get(trialId);
    this.trials.delete(trialId);
    if (metrics === undefined) return [];
    const held: MetricObservation[] = [];
    for (const entry of metrics.values()) if (entry.held !== undefined) held.push(entry.held);
    return held;
  }
}

/** Whether the value at a 0-based index among its metric's values is journaled. */
function isKept(index: number): boolean {
  if (index < FULL_VALUES) return true;
  // Doubling `level` spans [FULL_VALUES * 2^(level-1), FULL_VALUES * 2^level) and keeps one value in 2^level.
  let level = 1;
  while (index >= FULL_VALUES * 2 ** level) level += 1;
  return index % 2 ** level === 0;
}
