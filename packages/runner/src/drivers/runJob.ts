/**
 * Runs a tuning job to its end with the driver its executor needs: the ask/tell driver when tunekit proposes
 * the trials (`local`, `sagemaker`), the managed mirror when SageMaker's own tuning does (`sagemaker-managed`).
 * Either way the job's session journals every event before acting on it, so a tuner killed at any moment resumes
 * with nothing lost and no finished trial run twice.
 */
import type { JobResult } from '../session/jobResult.ts';
import { runAskTellJob } from './askTell.ts';
import type { RunJobOptions } from './runOptions.ts';

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
  return runAskTellJob(options);
}
