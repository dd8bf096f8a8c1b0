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
}

/** SageMaker executors are validated by @tunekit/runner; core keeps their raw settings. */
export interface SageMakerExecutorSpec {
  readonly kind: 'sagemaker' | 'sagemaker-managed';
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Where the trials run. */
export type ExecutorSpec = LocalExecutorSpec | SageMakerExecutorSpec;

/** SageMaker's `WarmStartType`: how the parents' trials are used. */
export type WarmStartType = 'IdenticalDataAndAlgorithm' | 'TransferLearning';

/** `warmStart` in a tuning file: earlier jobs whose completed trials this job starts from (SageMaker's WarmStartConfig). */
export interface WarmStartSpec {
  /** 1 to 5 parents: a job name (`.tunekit/jobs/<name>`, or a SageMaker tuning job's name) or a job folder. */
  readonly parents: readonly string[];
  readonly type: WarmStartType;
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
  readonly limits: {
    readonly maxTrials: number;
    readonly maxParallel: number;
    readonly maxRuntimeSeconds?: number;
    /** Retries of a failed trial with the same hyperparameters (SageMaker's RetryStrategy.MaximumRetryAttempts). */
    readonly maxRetries: number;
  };
  readonly completion: {
    readonly targetObjective?: number;
    /** At least 3 (SageMaker's minimum). */
    readonly maxTrialsNotImproving?: number;
    readonly convergence: boolean;
  };
  readonly earlyStopping: 'Off' | 'Auto';
  readonly seed: number;
  readonly executor: ExecutorSpec;
  /** Configurations evaluated first, in order (Optuna's `enqueue_trial`); each names every range. */
  readonly initialTrials?: readonly ParameterValues[];
  /** Parent jobs to start from. */
  readonly warmStart?: WarmStartSpec;
}
