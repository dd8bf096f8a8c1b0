/**
 * The validated tuning job: what a tuning file (YAML/JSON) or a SageMaker
 * `CreateHyperParameterTuningJob` request body becomes after `parseTuningFile` / `fromSageMakerRequest`.
 * Field names follow DESIGN.md's tuning file, which follows SageMaker's where SageMaker has the concept.
 */
import type { Parameter } from '../space/types.ts';
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
  };
  readonly completion: {
    readonly targetObjective?: number;
    /** At least 3 (SageMaker's minimum). */
    readonly maxTrialsNotImproving?: number;
    readonly convergence: boolean;
  };
  readonly earlyStopping: 'Off' | 'Auto';
  readonly seed: number;
  /**
   * Set when the tuning file gave no seed: `seed` is then 0 here (core stays deterministic), and the runner draws
   * one at random when it creates the job and journals it, so two such jobs differ and each resumes exactly.
   */
  readonly seedDrawn?: true;
  readonly executor: ExecutorSpec;
}
