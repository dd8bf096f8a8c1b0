/**
 * Runs a tuning job to its end: creates or resumes the job's journal (under its lock), rebuilds the tuner, runs
 * again the trials that were in flight, then asks, starts, watches and tells trials until a completion criterion
 * is met. Every event is journaled before the tuner acts on it, so a tuner killed at any moment resumes with
 * nothing lost and no finished trial run twice.
 */
import type { TuningJobSpec } from '@tunekit/core';
import type { Executor } from '../executor/types.ts';
import { requireSageMakerSettings } from '../sagemaker/managedSettings.ts';
import type { JobEventListener, JobStatus } from '../session/jobEvents.ts';
import { openJob } from '../session/openJob.ts';
import { JobLoop } from './askTell.ts';

export interface RunJobOptions {
  /** The validated spec of the tuning file. */
  readonly spec: TuningJobSpec;
  /** Folder holding `.tunekit/` (the CLI's `--dir`). */
  readonly rootDir: string;
  /** Folder that relative paths of the tuning file resolve against (the tuning file's folder). */
  readonly baseDir: string;
  /** Where the tuning file came from, journaled with a new job. */
  readonly source?: string;
  /** The executor; by default the one the spec names. */
  readonly executor?: Executor;
  /** Receives progress events. */
  readonly onEvent?: JobEventListener;
  /** Aborting it stops the running trials cleanly (journaled as interrupted; they rerun on resume). */
  readonly signal?: AbortSignal;
  /** Aborting it kills the running trials at once (SIGKILL) and journals nothing more; they rerun on resume. */
  readonly killSignal?: AbortSignal;
  /** Clock, for tests of the runtime limit. */
  readonly now?: () => number;
}

export interface JobResult {
  readonly name: string;
  readonly status: JobStatus;
  /** Why the job ended: a completion criterion (`maxTrials`, `targetObjective`, ...), `interrupted`, `killed`. */
  readonly reason: string;
  readonly resumed: boolean;
  readonly best?: {
    readonly trialId: number;
    readonly objective: number;
    readonly hyperparameters: Readonly<Record<string, number | string>>;
  };
  readonly counts: {
    readonly total: number;
    readonly completed: number;
    readonly failed: number;
    readonly stopped: number;
  };
  readonly elapsedMs: number;
  /** The job's folder: `.tunekit/jobs/<name>`. */
  readonly jobDir: string;
}

/**
 * Runs (or resumes) a tuning job.
 *
 * @param options - The spec, the folders, the event listener and the stop signals.
 * @returns The job's result; `status` is `Failed` when no trial succeeded and `Interrupted` after a stop signal.
 * @throws RunnerError `specChanged` when resuming with a tuning file that breaks the search, `jobLocked` when
 *   another live tuner runs the job.
 */
export async function runJob(options: RunJobOptions): Promise<JobResult> {
  if (options.spec.executor.kind === 'sagemaker-managed') {
    // SageMaker runs the search: follow its tuning job instead (the AWS SDK loads only for it).
    return (await import('./managedJob.ts')).runManagedJob(options);
  }
  // Checked before the spec is journaled: settings with problems (credentials among them) never reach the disk.
  if (options.spec.executor.kind === 'sagemaker')
    requireSageMakerSettings('sagemaker', options.spec.executor.settings);
  const now = options.now ?? Date.now;
  const job = await openJob({
    spec: options.spec,
    rootDir: options.rootDir,
    ...(options.source === undefined ? {} : { source: options.source }),
    now,
  });
  const loop = new JobLoop({ job, options, now });
  try {
    return await loop.run();
  } finally {
    await loop.dispose();
    await job.close();
  }
}
