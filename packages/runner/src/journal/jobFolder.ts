/**
 * Removing a job and setting it aside (`tunekit rm`, `tunekit tune --restart`), under the job's lock: a live tuner
 * holds the lock, so a job being run is refused with its pid, and no tuner can start the job while its folder
 * moves. The lock file goes with the folder; nothing is left behind in `.tunekit/jobs/`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunnerError } from '../errors.ts';
import { archivedJobDirOf, jobDirOf, lockPathOf } from './jobPaths.ts';
import { acquireJobLock } from './lock.ts';

/**
 * Deletes a job's folder: its journal, its trials' folders and logs.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param name - The job's name.
 * @returns The folder that was deleted.
 * @throws RunnerError `jobNotFound`, or `jobLocked` naming the pid of the tuner running the job.
 */
export function removeJobDir(rootDir: string, name: string): string {
  const jobDir = existingJobDir(rootDir, name);
  withJobLock(jobDir, name, () => rmSync(jobDir, { recursive: true, force: true }));
  return jobDir;
}

/**
 * Moves a job's folder to `.tunekit/archive/<name>-<time>/`, so that the name starts afresh.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param name - The job's name.
 * @param now - The time, in the archive's name.
 * @returns The archive folder, or undefined when there was no job of that name.
 * @throws RunnerError `jobLocked` naming the pid of the tuner running the job.
 */
export function archiveJobDir(rootDir: string, name: string, now: number): string | undefined {
  const jobDir = jobDirOf(rootDir, name);
  if (!existsSync(jobDir)) return undefined;
  let archive = archivedJobDirOf(rootDir, name, now);
  for (let n = 2; existsSync(archive); n++) archive = `${archivedJobDirOf(rootDir, name, now)}-${n}`;
  withJobLock(jobDir, name, () => {
    mkdirSync(dirname(archive), { recursive: true });
    renameSync(jobDir, archive);
    unlinkQuietly(lockPathOf(archive));
  });
  return archive;
}

function existingJobDir(rootDir: string, name: string): string {
  const jobDir = jobDirOf(rootDir, name);
  if (!existsSync(jobDir)) {
    throw new RunnerError(
      'jobNotFound',
      `no job named ${name} in ${dirname(jobDir)} (\`tunekit jobs\` lists them)`,
    );
  }
  return jobDir;
}

/** Runs `action` holding the job's lock (refused with the holder's pid while a tuner runs the job). */
function withJobLock(jobDir: string, name: string, action: () => void): void {
  const lock = acquireJobLock(jobDir, name);
  try {
    action();
  } finally {
    // The lock moved or went with the folder: release only forgets it (it unlinks only a lock that is still ours).
    lock.release();
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}
