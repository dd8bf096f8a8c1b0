/**
 * The objective-based completion criteria, kept incrementally: the best trial, the target objective and the
 * count of trials without improvement (SageMaker's `BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving`).
 *
 * Improvement, as SageMaker's `NumberOfTrainingJobsObjectiveNotImproving` defines it ("not improving (1% or
 * less)"): a Completed trial improves when its oriented value is more than 1% of |best| below the best so far.
 * The first Completed trial always improves. Every other trial that finishes with a result (Completed, or
 * Stopped, including early-stopped ones) counts as one trial not improving; Failed trials do not count (they
 * say nothing about the search). The best so far moves with every better value, even by less than 1%.
 *
 * Values are oriented (smaller is better); `best()` ties go to the smaller trial id (the earlier one).
 */

/** Relative improvement over |best| that resets the not-improving count (SageMaker: "1% or less" is none). */
const IMPROVEMENT_FRACTION = 0.01;

/** @internal */
export class ProgressTracker {
  private bestId: number | undefined;
  private bestValue = Number.POSITIVE_INFINITY;
  private notImproving = 0;
  private targetMet = false;

  /**
   * @param target - The oriented target objective (reached when a Completed value is <= it), if any.
   */
  constructor(private readonly target: number | undefined) {}

  /**
   * Records a finished trial, in finishing order.
   *
   * @param trialId - The trial.
   * @param completedValue - The oriented objective of a Completed trial; undefined for a Stopped one.
   */
  record(trialId: number, completedValue: number | undefined): void {
    if (completedValue === undefined) {
      this.notImproving += 1;
      return;
    }
    if (
      this.bestId === undefined ||
      completedValue < this.bestValue - IMPROVEMENT_FRACTION * Math.abs(this.bestValue)
    ) {
      this.notImproving = 0;
    } else {
      this.notImproving += 1;
    }
    if (
      this.bestId === undefined ||
      completedValue < this.bestValue ||
      (completedValue === this.bestValue && trialId < this.bestId)
    ) {
      this.bestId = trialId;
      this.bestValue = completedValue;
    }
    if (this.target !== undefined && completedValue <= this.target) this.targetMet = true;
  }

  /** Id of the best Completed trial, if any. */
  get bestTrialId(): number | undefined {
    return this.bestId;
  }

  /** Trials finished since the last improvement. */
  get trialsNotImproving(): number {
    return this.notImproving;
  }

  /** Whether a Completed trial reached the target objective. */
  get targetReached(): boolean {
    return this.targetMet;
  }
}
