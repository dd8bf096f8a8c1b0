/**
 * Where a job's files are, in one place: every path under `.tunekit/jobs/<name>/` is built here.
 *
 * ```
 * <rootDir>/.tunekit/jobs/<name>/   the job's folder (jobDirOf)
 *   journal.jsonl                   the journal (journalPathOf)
 *   lock                            the tuner's lock (lockPathOf)
 *   trials/<id>/                    a trial's folder (trialDirOf), laid out as executor/trialFiles.ts says
 *   trials/<id>/output.log          its output (trialLogPathOf)
 *   trials/<id>.run<n>/             the folder of an earlier run, kept aside before a rerun (archivedRunDirOf)
 * <rootDir>/.tunekit/archive/<name>-<time>/   a job's folder set aside by `tune --restart` (archivedJobDirOf)
 * ```
 */
import { join } from 'node:path';
import { RunnerError } from '../errors.ts';
import { TRIAL_LOG_FILE } from '../executor/trialFiles.ts';

/** The journal's file name inside the job's folder. */
export const JOURNAL_FILE = 'journal.jsonl';
/** The lock's file name inside the job's folder. */
export const LOCK_FILE = 'lock';

/** SageMaker's job-name pattern, which also keeps a job's folder inside `.tunekit/jobs/`. */
const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The folder holding every job.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @returns `<rootDir>/.tunekit/jobs`.
 */
export function jobsDirOf(rootDir: string): string {
  return join(rootDir, '.tunekit', 'jobs');
}

/**
 * The folder a job's folder is moved to when `tunekit tune --restart` sets it aside.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param jobName - The job's name (already checked by {@link jobDirOf}).
 * @param time - When it is archived (epoch ms), in the name as `20261206T212300Z`.
 * @returns `<rootDir>/.tunekit/archive/<jobName>-<time>`.
 */
export function archivedJobDirOf(rootDir: string, jobName: string, time: number): string {
  const stamp = new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(rootDir, '.tunekit', 'archive', `${jobName}-${stamp}`);
}

/**
 * The folder of a job.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param jobName - The job's name.
 * @returns `<rootDir>/.tunekit/jobs/<jobName>`.
 * @throws RunnerError `invalidOption` when the name could leave the jobs folder.
 */
export function jobDirOf(rootDir: string, jobName: string): string {
  if (!JOB_NAME.test(jobName)) {
    throw new RunnerError(
      'invalidOption',
      `job name ${JSON.stringify(jobName)} is not valid: use letters, digits and single hyphens, up to 63 characters`,
    );
  }
  return join(jobsDirOf(rootDir), jobName);
}

/**
 * @param jobDir - The job's folder.
 * @returns The journal's path.
 */
export function journalPathOf(jobDir: string): string {
  return join(jobDir, JOURNAL_FILE);
}

/**
 * @param jobDir - The job's folder.
 * @returns The lock's path.
 */
export function lockPathOf(jobDir: string): string {
  return join(jobDir, LOCK_FILE);
}

/**
 * @param jobDir - The job's folder.
 * @param trialId - The trial.
 * @returns `<jobDir>/trials/<trialId>`.
 */
export function trialDirOf(jobDir: string, trialId: number): string {
  return join(jobDir, 'trials', String(trialId));
}

/**
 * @param jobDir - The job's folder.
 * @param trialId - The trial.
 * @returns The trial's output log, `<jobDir>/trials/<trialId>/output.log`.
 */
export function trialLogPathOf(jobDir: string, trialId: number): string {
  return join(trialDirOf(jobDir, trialId), TRIAL_LOG_FILE);
}

/**
 * The folder an earlier run of a trial is kept in when the trial runs again.
 *
 * @param jobDir - The job's folder.
 * @param trialId - The trial.
 * @param run - The earlier run's number, from 1.
 * @returns `<jobDir>/trials/<trialId>.run<run>`.
 */
export function archivedRunDirOf(jobDir: string, trialId: number, run: number): string {
  return `${trialDirOf(jobDir, trialId)}.run${run}`;
}
