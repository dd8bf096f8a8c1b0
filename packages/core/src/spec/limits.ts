/**
 * Defaults and limits of a tuning job.
 *
 * Defaults follow DESIGN.md, and SageMaker's API where DESIGN.md is silent. Limits are SageMaker's
 * (CreateHyperParameterTuningJob's documented constraints) unless said otherwise.
 */
import type { StrategyName } from '../strategy.ts';

/** What an omitted field becomes. */
export const SPEC_DEFAULTS = {
  /** SageMaker's `Strategy` has no default; Bayesian is what its console and SDK pick. */
  strategy: 'Bayesian' as StrategyName,
  /** SageMaker's `ScalingType` default. */
  scaling: 'Auto' as const,
  /** One training job at a time, as SageMaker's SDK does by default. */
  maxParallel: 1,
  /** No retry: SageMaker retries only with a `RetryStrategy`. */
  maxRetries: 0,
  /** Failed trials in a row that end a job (a training script that cannot start fails every trial the same way). */
  maxConsecutiveFailures: 5,
  /** SageMaker's `TrainingJobEarlyStoppingType` default. */
  earlyStopping: 'Off' as const,
  /**
   * The median rule's grace period under `earlyStopping: Auto` (SageMaker documents none). Chosen with
   * bench/multiFidelity.ts (10 seeds, 2 trials at a time, Bayesian, up to 40 full trials' worth of epochs): the
   * seeds in which the configuration a full run ranks best was stopped, on the diabetes MLP's real curves (120
   * epochs): 7 of 10 without a grace period (0 steps, 3 trials), 4 with 10 x 10, 3 with 20 x 5, 4 with 30 x 10;
   * 0 of 20 with 20 x 5 on the synthetic Branin and Hartmann6 curves (81 steps), where the rule without a grace
   * period stopped it in 4 of 20. Judging the best value so far (2026-12-06) and sweeping the steps (2026-12-07,
   * 10 seeds): 20 x 5 stopped it in 2, 30 x 5 in 3, 40 x 5 in 1, 20 x 10 in 2, 30 x 10 in 2, 50 x 5 and 60 x 5 in
   * none; every one of those stops came at the first step the grace period allowed (a slow learner trails the
   * median for a long while before it overtakes it). Hence `minFraction`: half the longest finished curve (60 of
   * 120 epochs), relative so that it follows a job's length; `minSteps` stays the floor for short curves. With
   * 0.5, over 20 seeds: 1 of 20, a configuration ending 0.04 RMSE better than the best completed one.
   */
  medianRule: { minSteps: 20, minTrials: 5, minFraction: 0.5 },
  /** SageMaker's `ConvergenceDetected` is off unless asked for. */
  convergence: false,
  /** A fixed seed so that a file without one still runs reproducibly. */
  seed: 0,
  /** Seconds between SIGTERM and SIGKILL for a local trial. */
  killGraceSeconds: 10,
} as const;

/** Bounds of the tuning file's numbers. */
export const SPEC_LIMITS = {
  /** SageMaker's `MaxNumberOfTrainingJobs` (minimum 1); tunekit caps it at 10000. */
  maxTrials: { min: 1, max: 10_000 },
  /** SageMaker's `MaxParallelTrainingJobs` (minimum 1); tunekit caps it at 100. */
  maxParallel: { min: 1, max: 100 },
  /** SageMaker's `MaxRuntimeInSeconds` is 120..15768000; local jobs accept any positive runtime. */
  maxRuntimeSeconds: { min: 1, managedMin: 120, max: 15_768_000 },
  /** SageMaker's `RetryStrategy.MaximumRetryAttempts` is 1..30; 0 means no retry. */
  maxRetries: { min: 0, max: 30 },
  /** 0 turns the rule off; tunekit caps it at maxTrials' own cap. */
  maxConsecutiveFailures: { min: 0, max: 10_000 },
  /** SageMaker's `MaxNumberOfTrainingJobsNotImproving` minimum. */
  maxTrialsNotImproving: { min: 3 },
  /** The median rule's grace period: steps (0-based) and finished trials before it may stop a trial. */
  minSteps: { min: 0, max: 1_000_000 },
  minTrials: { min: 1, max: 10_000 },
  minFraction: { min: 0, max: 1 },
  /** SageMaker's `RandomSeed` is a non-negative 32-bit integer. */
  seed: { min: 0, max: 2_147_483_647 },
} as const;

/** The longest tuning file read, in characters (1 MiB): SageMaker's largest request is far smaller. */
export const TUNING_FILE_MAX_CHARACTERS = 1_048_576;
/** SageMaker's training-job name pattern, which tunekit uses for its job names too. */
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker's `HyperParameterTuningJobName` is 1 to 32 characters. */
export const MANAGED_JOB_NAME_MAX_LENGTH = 32;
/** SageMaker's channel-name pattern (`Channel.ChannelName`). */
export const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9.\-_]{1,64}$/;
/** SageMaker's `StaticHyperParameters`: at most 100 entries, keys up to 256 and values up to 2500 characters. */
export const STATIC_LIMITS = { maxEntries: 100, maxKeyLength: 256, maxValueLength: 2500 } as const;
/** SageMaker's training-job `Environment`: at most 100 variables, names up to 512 characters. */
export const ENVIRONMENT_LIMITS = { maxEntries: 100, maxNameLength: 512 } as const;
/** SageMaker's `InputDataConfig` takes at most 20 channels. */
export const MAX_CHANNELS = 20;
/** Strategies SageMaker's own tuning offers. */
export const MANAGED_STRATEGIES: readonly StrategyName[] = ['Bayesian', 'Random', 'Grid', 'Hyperband'];
