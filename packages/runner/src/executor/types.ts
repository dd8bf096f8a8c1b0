/**
 * The executor contract: start one training job for one trial, stream what it prints, stop it on request.
 *
 * Implementations: `local` (child processes, executor/local.ts), `sagemaker` (CreateTrainingJob),
 * `sagemaker-managed` (a whole SageMaker tuning job; see its own driver, it does not implement this interface).
 */
import type { MetricObservation, ParameterValues, TrialOutcome, TuningJobSpec } from '@tunekit/core';
import type { RunnerError } from '../errors.ts';

export interface TrialLaunch {
  /** The tuning job's spec (metric definitions, objective, static hyperparameters, executor settings). */
  readonly spec: TuningJobSpec;
  readonly trialId: number;
  /** 0 for a configuration's first run, 1 for its first retry, and so on (when the driver knows it). */
  readonly attempt?: number;
  /** Tuned hyperparameters of this trial (static ones come from `spec.static`). */
  readonly params: ParameterValues;
  /** Folder of this trial: `.tunekit/jobs/<name>/trials/<id>/` (log, model, output, hyperparameters.json). */
  readonly trialDir: string;
  /** Folder that relative paths in the tuning file are resolved against (the tuning file's folder). */
  readonly baseDir: string;
  /** Called for every metric value as it is parsed, in order. */
  readonly onMetric: (observation: MetricObservation) => void;
  /** Called with every complete output line (stdout and stderr interleaved as they come), optional. */
  readonly onLine?: (line: string) => void;
  /** Executor-specific state saved by a previous run of the tuner (resume/reattach), if any. */
  readonly resumeHandle?: Readonly<Record<string, unknown>>;
  /** Called once the job is started with a handle to journal, so a resumed tuner can reattach. */
  readonly onStarted?: (handle: Readonly<Record<string, unknown>>) => void;
  /**
   * Called once when the disk refuses to write the trial's log (full, read-only): the job then stops its trials,
   * to run them again on resume. The trial goes on, its log no longer written, until it is stopped.
   */
  readonly onWriteError?: (error: RunnerError) => void;
}

export interface RunningTrial {
  /** Resolves once the job is over, with its outcome. Never rejects: failures are `Failed` outcomes. */
  readonly done: Promise<TrialOutcome>;
  /**
   * Stops the job (SIGTERM then SIGKILL after the grace period for the whole process tree, or
   * StopTrainingJob). Resolves when it is stopped. The outcome becomes `Stopped` with this reason.
   */
  stop(reason: string): Promise<void>;
}

export interface Executor {
  readonly kind: 'local' | 'remote' | 'sagemaker';
  start(launch: TrialLaunch): RunningTrial;
  /** Releases clients, timers. */
  close(): Promise<void>;
}
