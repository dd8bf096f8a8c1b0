/**
 * The ask/tell tuner's public interface and options.
 */
import type { AcquisitionEvaluator } from '../acquisition/evaluator.ts';
import type { SearchSpace } from '../space/searchSpace.ts';
import type { TuningJobSpec } from '../spec/types.ts';
import type { Strategy } from '../strategy.ts';
import type {
  CompletionReason,
  MetricObservation,
  Recommendation,
  RungReport,
  Trial,
  TrialDecision,
  TrialOutcome,
  TunerState,
} from './types.ts';
import type { WarmStartPrior } from './warmStart.ts';

/** Options of {@link createTuner}. */
export interface TunerOptions {
  /** The strategy to use instead of the one `spec.strategy` names. */
  readonly strategy?: Strategy;
  /** The clock, in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** A saved state (`tuner.state()`, possibly through JSON) to continue from. */
  readonly state?: TunerState;
  /**
   * The Bayesian strategy's acquisition evaluator (a worker pool, `@tunekit/worker`); others ignore it.
   * Default: core's single-thread evaluator, with the same suggestions.
   */
  readonly evaluator?: AcquisitionEvaluator;
  /**
   * The parents' Completed trials (`spec.warmStart`, read by the runner): observations for the strategy, never
   * trials of this job (see `tuner/warmStart.ts` for how each type uses them).
   */
  readonly warmStart?: WarmStartPrior;
}

/** Whether the job is over, and why. */
export interface TunerCompletion {
  readonly done: boolean;
  readonly reason?: CompletionReason;
  /**
   * With `maxConsecutiveFailures`: the failure reasons of the trials that failed in a row, oldest first, so the
   * caller can say why (they are usually the same error).
   */
  readonly failureReasons?: readonly string[];
}

/** An ask/tell tuner: proposes trials, records their outcomes, and knows when the job is done. */
export interface Tuner {
  /** The job's spec. */
  readonly spec: TuningJobSpec;
  /** The search space built from `spec.parameters`. */
  readonly space: SearchSpace;
  /**
   * Proposes up to `count` new trials: first retries of failed trials, then `spec.initialTrials` in order, then
   * new configurations from the strategy, never more than the trial budget and `maxParallel` (pending trials count) allow.
   *
   * @param count - How many trials are wanted (a whole number >= 0).
   * @returns The new Pending trials; `[]` when nothing may start now or the job is done.
   * @throws TunekitError('invalidArgument') when `count` is not a whole number >= 0.
   */
  ask(count: number): Promise<Trial[]>;
  /**
   * Records a trial's outcome.
   *
   * @param trialId - The id of a Pending trial.
   * @param outcome - Completed (with its objective), Failed (with a reason) or Stopped.
   * @returns The finished trial.
   * @throws TunekitError('unknownTrial') for an id never asked, ('trialNotRunning') for a trial already
   *   finished, ('invalidArgument') for a Completed outcome without a finite objective.
   */
  tell(trialId: number, outcome: TrialOutcome): Trial;
  /**
   * Feeds an intermediate value to the early-stopping rule (SageMaker's median rule, `earlyStopping: 'Auto'`).
   * Values of other metrics and invalid values are ignored.
   *
   * @param trialId - The id of a Pending trial.
   * @param observation - A value read from the trial's output.
   * @returns `{ action: 'continue' }`, or the decision to stop the trial with what it was based on (the median, how
   *   many trials it came from, a sentence for people), which the caller journals and passes as the stop reason.
   * @throws TunekitError('unknownTrial') or ('trialNotRunning') as for `tell`.
   */
  report(trialId: number, observation: MetricObservation): TrialDecision;
  /**
   * Feeds an intermediate value to Hyperband (strategy Hyperband): values of the objective metric (and of
   * `hyperband.resourceMetric`) decide promotions and stops at the trial's rungs. Other strategies return no
   * decision.
   *
   * @param trialId - The id of a Pending trial.
   * @param observation - A value read from the trial's output.
   * @returns The decisions made (journal them before acting), the stop to act on, and whether the trial reached
   *   maxResource (it is then Completed: stop it and tell its last objective value as Completed).
   * @throws TunekitError('unknownTrial') or ('trialNotRunning') as for `tell`.
   */
  reportRung(trialId: number, observation: MetricObservation): RungReport;
  /** Whether a completion criterion is met; `ask` returns `[]` once it is. */
  completion(): TunerCompletion;
  /** The best Completed trial (ties: the smaller id), or undefined before the first one. */
  best(): Trial | undefined;
  /**
   * The model's choice of best trial and its noise estimate (Bayesian strategy, from a design's worth of
   * Completed trials on; undefined otherwise). When `significant`, report it as the job's best beside the best
   * observed one. It fits the model on the Completed trials (cheap between the strategy's checkpoints), and never
   * changes later suggestions.
   */
  recommendation(): Recommendation | undefined;
  /** Every trial, in id order. */
  trials(): readonly Trial[];
  /** The Pending trials, in id order. */
  pending(): readonly Trial[];
  /** A JSON-serialisable snapshot; `createTuner(spec, { state })` rebuilds this tuner from it. */
  state(): TunerState;
  /** Releases the strategy's resources. */
  close(): Promise<void>;
}
