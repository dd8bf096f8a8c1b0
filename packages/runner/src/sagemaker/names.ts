/**
 * Training-job names: `<tuning job>-<trial id>-<suffix>`, within SageMaker's 63 characters and its pattern
 * `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. The suffix is new for every run of a trial, so a resumed tuner that reruns
 * trial 7 never collides with the training job the previous tuner started for it (names are unique forever in an
 * account and region).
 */
import { randomBytes } from 'node:crypto';

/** SageMaker's longest training-job name. */
export const MAX_TRAINING_JOB_NAME = 63;
/** SageMaker's training-job name pattern. */
export const TRAINING_JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * A fresh run suffix: 6 lowercase hex characters (16.7 million values).
 *
 * @returns The suffix.
 */
export function newRunSuffix(): string {
  return randomBytes(3).toString('hex');
}

/**
 * The name of a trial's training job.
 *
 * @param jobName - The tuning job's name (already SageMaker's pattern, up to 63 characters).
 * @param trialId - The trial's id.
 * @param suffix - The run suffix ({@link newRunSuffix}).
 * @returns A valid training-job name; the job name is shortened when the whole would not fit.
 */
export function trainingJobName(jobName: string, trialId: number, suffix: string): string {
  const tail = `-${trialId}-${suffix}`;
  const head = jobName
    .replace(/[^a-zA-Z0-9-]/g, '-')
    .slice(0, MAX_TRAINING_JOB_NAME - tail.length)
    .replace(/-+$/, '')
    .replace(/^-+/, '');
  return `${head === '' ? 'tunekit' : head}${tail}`;
}
