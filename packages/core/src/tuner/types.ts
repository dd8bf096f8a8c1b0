/**
 * The ask/tell tuner's public shapes.
 *
 * A trial is one training job for one configuration. Trial ids are 1-based and never reused. A failed trial that
 * is retried gets a new id with the same `configIndex` and hyperparameters and `attempt + 1`.
 */
import type { ParameterValues } from '../space/types.ts';

/** Where a trial is: running (Pending) or finished in one of three ways. */
export type TrialStatus = 'Pending' | 'Completed' | 'Failed' | 'Stopped';

/** One value of a metric read from a training job's output. */
export interface MetricObservation {
  readonly metric: string;
  /** The number, or NaN when `invalid` is set. */
  readonly value: number;
  /** Set when the captured text was not a finite number (`nan`, `inf`, garbage): the reason. */
  readonly invalid?: string;
  /** 1-based line number in the trial's output. */
  readonly line: number;
  /** 0-based index of this value among the values of the same metric in this trial. */
  readonly step: number;
  /** Epoch milliseconds when it was seen, when known. */
  readonly time?: number;
}

/** One training job of one configuration, as the tuner records it. */
export interface Trial {
  readonly id: number;
  /** Index of the configuration among distinct suggestions (0-based); retries share it. */
  readonly configIndex: number;
  /** 0 for the first run of a configuration, 1 for its first retry, and so on. */
  readonly attempt: number;
  readonly params: ParameterValues;
  /** The configuration's point in the unit cube. */
  readonly unit: readonly number[];
  readonly status: TrialStatus;
  /** Epoch ms. */
  readonly askedAt: number;
  readonly finishedAt?: number;
  /** The objective metric's final value (Completed trials). */
  readonly objective?: number;
  /** Final value of every metric seen. */
  readonly finalMetrics?: Readonly<Record<string, number>>;
  readonly failureReason?: string;
  /** Why a trial was stopped: 'early-stopping', 'user', 'timeout', 'completion'. */
  readonly stopReason?: string;
}

/** What `tell` records: Completed with the objective's final value, Failed with a reason, or Stopped. */
export type TrialOutcome =
  | {
      readonly status: 'Completed';
      readonly objective: number;
      readonly finalMetrics?: Record<string, number>;
    }
  | { readonly status: 'Failed'; readonly reason: string }
  | { readonly status: 'Stopped'; readonly reason: string; readonly objective?: number };

/**
 * The median rule's decision to stop a trial, with what it was based on: journaled before the trial is stopped,
 * so a resumed job replays it and `status`, `trials`, the reports and the dashboard can say why.
 */
export interface MedianStopDecision {
  readonly action: 'stop';
  readonly rule: 'median';
  /** 0-based step of the value that decided. */
  readonly step: number;
  /** The trial's value at that step, in the objective's units (the reason names its best so far, which was judged). */
  readonly value: number;
  /** The median of the finished trials' running averages at that step, in the objective's units. */
  readonly median: number;
  /** How many finished trials' running averages the median came from. */
  readonly trials: number;
  /** One sentence for people: `median rule: stopped at step 4: its best so far 0.91 is worse than the median 0.63 of 5 trials' running averages`. */
  readonly reason: string;
}

/** Every decision a rule journals about a running trial's course (Hyperband's promotions and stops join it). */
export type JournaledDecision = MedianStopDecision;

/** What `Tuner.report` decided on a value: go on, or a journaled decision. */
export type TrialDecision = { readonly action: 'continue' } | JournaledDecision;

/** Why a job is done: SageMaker's completion criteria, or a search with nothing left to suggest. */
export type CompletionReason =
  | 'maxTrials'
  | 'targetObjective'
  | 'maxTrialsNotImproving'
  | 'convergence'
  | 'maxRuntime'
  | 'maxConsecutiveFailures'
  | 'exhausted';

/** One promotion or stop at a rung, with what it was based on. Values in the objective's own orientation. */
export interface RungDecision {
  readonly trialId: number;
  /** Hyperband's bracket s (s_max = the most aggressive). */
  readonly bracket: number;
  /** The rung within the bracket, 0-based. */
  readonly rung: number;
  /** The rung's resource. */
  readonly resource: number;
  /** The trial's objective value recorded at the rung. */
  readonly value: number;
  readonly decision: 'promote' | 'stop';
  /** The worst value still promoted at this rung (the floor(count / eta)-th best); absent when count < eta. */
  readonly threshold?: number;
  /** How many values the rung held, this one included. */
  readonly count: number;
}

/** What a value did: decisions made now (to journal), a stop to act on, or the end of the trial's budget. */
export interface RungReport {
  /** New decisions, in rung order; journal them before acting. */
  readonly decisions: readonly RungDecision[];
  /** Set when the trial must stop: the new stop decision, or one it had before a resume. */
  readonly stop?: RungDecision;
  /** True when the trial's resource reached maxResource: it is Completed there. */
  readonly reachedMaxResource: boolean;
}

/** Serialisable tuner state: JSON.stringify-able, and `createTuner(spec, { state })` rebuilds the tuner exactly. */
export interface TunerState {
  readonly version: 1;
  readonly startedAt: number;
  readonly trials: readonly Trial[];
  /**
   * Early stopping's memory (only when `earlyStopping` is not Off): each Completed or Stopped trial's values of the objective
   * metric by step, keyed by trial id, `null` where a step had no valid value. Optional: a state without it
   * rebuilds the tuner with no curves, and the median rule then waits for new trials to complete.
   */
  readonly objectiveCurves?: Readonly<Record<string, readonly (number | null)[]>>;
  /**
   * Hyperband's memory (strategy Hyperband): every promotion and stop made at a rung, by trial id then rung. A
   * rebuilt tuner records them again, so it decides the next values exactly as the first one would have.
   */
  readonly rungDecisions?: readonly RungDecision[];
}

/**
 * The model's choice of best trial (`Tuner.recommendation`): the Completed trial with the lowest posterior mean,
 * and how noisy the model finds the objective. Under noise the best observed value is partly luck: its trial is
 * the one that drew the most favourable noise, and the model's choice is the better estimate of the best
 * configuration (as Ax and BoTorch recommend under noise).
 */
export interface Recommendation {
  readonly trialId: number;
  /** The model's estimate of that trial's objective (its posterior mean), in the objective's units. */
  readonly estimate: number;
  /** The standard deviation of the observation noise the model fitted, in the objective's units. */
  readonly noiseStd: number;
  /** sqrt(noise variance / signal variance) above the model's floor: 0 when it finds no noise. */
  readonly noiseRatio: number;
  /**
   * Whether the noise is significant (noiseRatio >= {@link NOISE_RATIO_SIGNIFICANT}, judged from twice the
   * initial design's trials on: with five points a fit finds noise in a smooth bowl): then this trial, not the
   * best observed one, is the job's reported best.
   */
  readonly significant: boolean;
  /** Completed trials the model saw. */
  readonly basedOn: number;
}

/**
 * The noise-to-signal ratio from which the model's choice replaces the best observed value as the job's best.
 * Measured at the end of 10-seed runs (bench/versusOptuna.ts's budgets): deterministic smooth functions fit
 * 0-0.0034 (Branin, Hartmann6, Rosenbrock-4, mixed), 0.006-0.017 in 30 dimensions (hartmann6_in_30); noisy_branin
 * (noise 1.0 on a signal of about 50) 0.060-0.119. Ackley-5, deterministic but rugged, fits 0.10-0.43; there the
 * model's choice was the best observed trial in every seed.
 */
export const NOISE_RATIO_SIGNIFICANT = 0.03;
