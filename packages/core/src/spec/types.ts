/**
 * The validated tuning job: what a tuning file (YAML/JSON) or a SageMaker
 * `CreateHyperParameterTuningJob` request body becomes after `parseTuningFile` / `fromSageMakerRequest`.
 * Field names follow DESIGN.md's tuning file, which follows SageMaker's where SageMaker has the concept.
 */
import type { Parameter, ParameterValues } from '../space/types.ts';
import type { StrategyName } from '../strategy.ts';

/** Whether the objective metric is to be made small or large (SageMaker's `Type`). */
export type ObjectiveType = 'Minimize' | 'Maximize';

/** How to read one metric from a training job's output: its name and a regex whose first group is the value. */
export interface MetricDefinition {
  readonly name: string;
  /** JavaScript regex source; the value is the first capture group. */
  readonly regex: string;
}

/** Run each trial as a local process (`executor.local` in a tuning file). */
export interface LocalExecutorSpec {
  readonly kind: 'local';
  /** Command as an argument array, for example ['python3', 'train.py']. */
  readonly command: readonly string[];
  /** Working directory, relative to the tuning file's folder. */
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Per-trial timeout; undefined = none. */
  readonly timeoutSeconds?: number;
  /** Seconds between SIGTERM and SIGKILL. */
  readonly killGraceSeconds: number;
  /** Input channels: name -> local folder (exposed as SM_CHANNEL_<NAME>). */
  readonly channels: Readonly<Record<string, string>>;
  /**
   * Reusable trial processes: one long-lived process a slot runs trial after trial, asking for them through the
   * served-job protocol (its script uses a tunekit client in worker mode), so start-up is paid once a slot.
   */
  readonly reuse?: boolean;
}

/**
 * Workers run the trials (`executor.remote`, for `tunekit serve`): the tuner leases trials to whoever asks over
 * HTTP, and runs none itself.
 */
export interface RemoteExecutorSpec {
  readonly kind: 'remote';
  /** How long a leased trial stays its worker's without a heartbeat; then it is Failed (and retried). */
  readonly leaseSeconds: number;
  /** How often workers are asked to send a heartbeat while they train. */
  readonly heartbeatSeconds: number;
}

/** One input channel of a SageMaker training job. */
export interface ChannelSettings {
  readonly s3Uri: string;
  readonly contentType?: string;
  readonly compression?: 'None' | 'Gzip';
  readonly inputMode?: 'File' | 'Pipe' | 'FastFile';
  readonly distribution?: 'FullyReplicated' | 'ShardedByS3Key';
}

/**
 * The settings of `executor.sagemaker` (and the training part of `executor.sagemaker-managed`), validated and with
 * their defaults. Names are the camelCase of SageMaker's own fields. Credentials are never among them: the
 * standard AWS chain provides them.
 */
export interface SageMakerSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  /** Empty only in settings imported from a request, whose TrainingJobDefinition carries RoleArn. */
  readonly roleArn: string;
  readonly image?: string;
  readonly algorithmName?: string;
  readonly inputMode: 'File' | 'Pipe' | 'FastFile';
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGB: number;
  readonly channels: Readonly<Record<string, ChannelSettings>>;
  /** Empty only in settings imported from a request, whose TrainingJobDefinition carries OutputDataConfig. */
  readonly outputPath: string;
  readonly maxRuntimeSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly vpc?: { readonly subnets: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly spot: boolean;
  readonly maxWaitSeconds?: number;
  readonly checkpoint?: { readonly s3Uri: string; readonly localPath?: string };
  readonly tags: Readonly<Record<string, string>>;
  /** First wait between two DescribeTrainingJob calls, seconds (default 5). */
  readonly pollSeconds: number;
  /** Longest wait between two polls while nothing changes, seconds (default 60). */
  readonly maxPollSeconds: number;
  /** Follow the training jobs' CloudWatch logs for intermediate metric values (default true). */
  readonly followLogs: boolean;
  /** Attempts of each AWS call by the SDK itself (default 5). */
  readonly maxAttempts: number;
}

/** Settings of `executor.sagemaker-managed`: the training settings plus the tuning job's own. */
export interface SageMakerManagedSettings extends SageMakerSettings {
  /** The tuning job's name on SageMaker (at most 32 characters); default: the tuning file's name. */
  readonly tuningJobName?: string;
  readonly warmStart?: {
    readonly parents: readonly string[];
    readonly type: 'IdenticalDataAndAlgorithm' | 'TransferLearning';
  };
  /**
   * Deprecated place of Hyperband's resources (epochs or other units the script reports), sent as StrategyConfig:
   * the top-level `hyperband` ({@link TuningJobSpec.hyperband}) replaces it.
   */
  readonly hyperband?: { readonly minResource?: number; readonly maxResource?: number };
  /**
   * Set when the spec was imported from a CreateHyperParameterTuningJob request (`fromSageMakerRequest`), or the
   * tuning file gives TrainingJobDefinition: the request's parts as SageMaker takes them, sent unchanged.
   */
  readonly request?: {
    readonly TrainingJobDefinition: Readonly<Record<string, unknown>>;
    readonly WarmStartConfig?: unknown;
    readonly Tags?: unknown;
    readonly StrategyConfig?: unknown;
  };
}

/** Run each trial as a SageMaker training job (`executor.sagemaker`). */
export interface SageMakerTrainingExecutorSpec {
  readonly kind: 'sagemaker';
  readonly settings: SageMakerSettings;
}

/** Hand the whole search to SageMaker's tuning (`executor.sagemaker-managed`). */
export interface SageMakerManagedExecutorSpec {
  readonly kind: 'sagemaker-managed';
  readonly settings: SageMakerManagedSettings;
}

/** The SageMaker executors; `kind` narrows `settings`. */
export type SageMakerExecutorSpec = SageMakerTrainingExecutorSpec | SageMakerManagedExecutorSpec;

/** Where the trials run. */
export type ExecutorSpec = LocalExecutorSpec | RemoteExecutorSpec | SageMakerExecutorSpec;

/** SageMaker's `WarmStartType`: how the parents' trials are used. */
export type WarmStartType = 'IdenticalDataAndAlgorithm' | 'TransferLearning';

/** `warmStart` in a tuning file: earlier jobs whose completed trials this job starts from (SageMaker's WarmStartConfig). */
export interface WarmStartSpec {
  /** 1 to 5 parents: a job name (`.tunekit/jobs/<name>`, or a SageMaker tuning job's name) or a job folder. */
  readonly parents: readonly string[];
  readonly type: WarmStartType;
}

/**
 * `hyperband` in a tuning file: Hyperband's resources, with SageMaker's semantics (`HyperbandStrategyConfig`).
 * A resource is an epoch or any unit the training script reports: by default the number of values of the
 * objective metric a trial has printed, or the value of `resourceMetric`.
 */
export interface HyperbandSpec {
  /** The least resource a trial runs before it can be stopped (>= 1, < maxResource). */
  readonly minResource: number;
  /** The resource of a full trial (<= 20,000); a trial that reaches it is Completed. */
  readonly maxResource: number;
  /** The reduction factor: each rung keeps the best 1/eta of the trials that reach it (>= 2, default 3). */
  readonly eta: number;
  /** A metric whose value is the resource used so far (for example `epoch`); absent: the objective's step count. */
  readonly resourceMetric?: string;
  /** Where new configurations come from: the Bayesian model fitted on the highest full rung (BOHB), or Random. */
  readonly sampler: 'Bayesian' | 'Random';
}

/** `earlyStopping: { type: Auto, minSteps, minTrials }`: the median rule with its grace period set. */
export interface MedianRuleSettings {
  readonly type: 'Auto';
  /** No trial is stopped at a step below this (0-based), i.e. before it has reported this many values. */
  readonly minSteps: number;
  /** No trial is stopped at a step before this many finished trials (Completed or Stopped) have reported it. */
  readonly minTrials: number;
  /**
   * No trial is stopped before it has run this fraction (0..1) of the steps the longest finished trial ran: the
   * grace period follows the length of the job's curves. The parser always writes it; a spec
   * journaled before it existed has none, which reads as 0.
   */
  readonly minFraction?: number;
}

/** A validated tuning job, as `parseTuningFile` returns it and `createTuner` takes it. */
export interface TuningJobSpec {
  /** SageMaker's job-name pattern `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
  readonly name: string;
  readonly objective: { readonly metric: string; readonly type: ObjectiveType };
  /** Up to 40; the objective is one of them. */
  readonly metrics: readonly MetricDefinition[];
  readonly strategy: StrategyName;
  /** In declaration order; up to 30 tunable ranges. */
  readonly parameters: readonly Parameter[];
  /** Passed unchanged to every trial, as strings. */
  readonly static: Readonly<Record<string, string>>;
  /**
   * The type the tuning file gave each static value that was not a string (`epochs: 120` is a number), so that
   * `tunekit best` gives it back as written; absent when every value was a string.
   */
  readonly staticTypes?: Readonly<Record<string, 'number' | 'boolean'>>;
  readonly limits: {
    readonly maxTrials: number;
    readonly maxParallel: number;
    readonly maxRuntimeSeconds?: number;
    /** Retries of a failed trial with the same hyperparameters (SageMaker's RetryStrategy.MaximumRetryAttempts). */
    readonly maxRetries: number;
    /**
     * Failed trials in a row (retries included; a Completed or Stopped trial resets the count) that end the job
     * Failed; 0 turns the rule off. Absent: `SPEC_DEFAULTS.maxConsecutiveFailures` (5), so that a file
     * without it keeps the spec, and the hash, it had before the rule existed.
     */
    readonly maxConsecutiveFailures?: number;
  };
  readonly completion: {
    readonly targetObjective?: number;
    /** At least 3 (SageMaker's minimum). */
    readonly maxTrialsNotImproving?: number;
    readonly convergence: boolean;
  };
  /**
   * SageMaker's `TrainingJobEarlyStoppingType`: `Off`, or `Auto` (the median rule, tuner/medianStopping.ts) with the
   * default grace period (`SPEC_DEFAULTS.medianRule`), or `Auto` with the grace period the tuning file sets.
   * `Auto` stays a string so that a file without a grace period keeps the spec, and the hash, it had before the
   * grace period existed, and old journals read unchanged.
   */
  readonly earlyStopping: 'Off' | 'Auto' | MedianRuleSettings;
  /** Hyperband's settings: set exactly when `strategy` is Hyperband (absent in a spec imported from a SageMaker request). */
  readonly hyperband?: HyperbandSpec;
  readonly seed: number;
  /**
   * Set when the tuning file gave no seed: `seed` is then 0 here (core stays deterministic), and the runner draws
   * one at random when it creates the job and journals it, so two such jobs differ and each resumes exactly.
   */
  readonly seedDrawn?: true;
  readonly executor: ExecutorSpec;
  /** Configurations evaluated first, in order (Optuna's `enqueue_trial`); each names every range. */
  readonly initialTrials?: readonly ParameterValues[];
  /** Parent jobs to start from. */
  readonly warmStart?: WarmStartSpec;
}
