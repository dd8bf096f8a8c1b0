/**
 * The training jobs one `executor.sagemaker` has on SageMaker, so that a trial refused with ResourceLimitExceeded
 * while others of the same tuning job run waits for one of them to end and asks again, instead of failing and
 * spending a trial of the budget: the account's instance quota is then simply below `limits.maxParallel`. A trial
 * refused while none of its own run fails at once, with SageMaker's message and what to change.
 */

/** @internal */
export class TrainingCapacity {
  private readonly active = new Set<object>();
  private waiters: (() => void)[] = [];

  /**
   * Records that a trial's training job exists on SageMaker and runs.
   *
   * @param trial - The trial.
   */
  add(trial: object): void {
    this.active.add(trial);
  }

  /**
   * Records that a trial's training job ended (or never came to exist): waiting trials may ask again.
   *
   * @param trial - The trial.
   */
  remove(trial: object): void {
    if (!this.active.delete(trial)) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Whether training jobs other than this trial's run.
   *
   * @param trial - The asking trial.
   * @returns True when waiting for one of them to end makes sense.
   */
  othersRunning(trial: object): boolean {
    for (const other of this.active) if (other !== trial) return true;
    return false;
  }

  /**
   * Resolves when the next training job ends.
   *
   * @returns A promise.
   */
  nextEnd(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
