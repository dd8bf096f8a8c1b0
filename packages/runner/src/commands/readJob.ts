/**
 * Opens a job's journal for reading (status, best, trials, logs, report): no lock taken, so it works while a
 * tuner runs the job.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { jobDirOf, jobsDirOf, journalPathOf } from '../journal/jobPaths.ts';
import { lockHolder, readJournal } from '../journal/jobStore.ts';
import { createJobViewFolder, type JobView, type TrialRecordStatus } from '../journal/jobView.ts';

export interface ReadJob {
  readonly view: JobView;
  readonly jobDir: string;
  /** Pid of the live tuner running the job, if any. */
  readonly runningPid?: number;
  readonly warnings: readonly string[];
}

/**
 * Reads a job by name.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param name - The job's name.
 * @returns The job.
 * @throws RunnerError `jobNotFound` (listing the jobs that exist), `journalUnreadable`.
 */
export function readJob(rootDir: string, name: string): ReadJob {
  const jobDir = jobDirOf(rootDir, name);
  if (!existsSync(journalPathOf(jobDir))) {
    const jobsDir = jobsDirOf(rootDir);
    const known = existsSync(jobsDir) ? readdirSync(jobsDir).sort() : [];
    throw new RunnerError(
      'jobNotFound',
      `no job named ${name} in ${jobsDir}` +
        (known.length === 0
          ? ' (no jobs there: run `tunekit tune <file>` first, or pass --dir)'
          : ` (jobs there: ${known.join(', ')})`),
    );
  }
  // Streamed into the view as it is read: an event that contradicts the history is refused with its line, and
  // a journal of millions of metric values is never held whole.
  const folder = createJobViewFolder();
  const { tornTail } = readJournal(jobDir, (event) => folder.add(event));
  let view: JobView;
  try {
    view = folder.view();
  } catch (error) {
    throw new RunnerError(
      'journalUnreadable',
      `the journal of job ${name} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const pid = lockHolder(jobDir);
  if (pid === undefined) {
    for (const trial of view.trials) trial.status = statusWithoutTuner(trial.status, view.spec);
  }
  return {
    view,
    jobDir,
    ...(pid === undefined ? {} : { runningPid: pid }),
    warnings:
      tornTail === undefined
        ? []
        : [`the journal's last line is incomplete and was ignored: ${tornTail.slice(0, 120)}`],
  };
}

/**
 * A trial's status when no tuner runs its job: a local trial that was Pending or Running died with its tuner
 * (killed, or the machine went down), so it is Interrupted and the next `tunekit tune` runs it again. SageMaker
 * training jobs outlive the tuner: they keep their status.
 *
 * @param status - The status the journal gives the trial.
 * @param spec - The job's spec (its executor).
 * @returns The status to show.
 */
export function statusWithoutTuner(
  status: TrialRecordStatus,
  spec: Pick<TuningJobSpec, 'executor'>,
): TrialRecordStatus {
  return spec.executor.kind === 'local' && (status === 'Running' || status === 'Pending')
    ? 'Interrupted'
    : status;
}
