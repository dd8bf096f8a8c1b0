/**
 * Settings validation that throws, for the places that cannot go on without valid settings (the managed job,
 * `tunekit export`, creating the executor).
 */
import { formatIssue } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { type SageMakerManagedSettings, validateSageMakerSettings } from './settings.ts';

/**
 * Validates the settings of a SageMaker executor, throwing when they have problems.
 *
 * @param kind - The executor.
 * @param raw - Its raw settings.
 * @returns The settings.
 * @throws RunnerError `invalidTuningFile` listing every problem with its path.
 */
export function requireSageMakerSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
): SageMakerManagedSettings {
  const result = validateSageMakerSettings(kind, raw);
  if (result.ok) return result.value;
  throw new RunnerError(
    'invalidTuningFile',
    `executor.${kind} has ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:\n${result.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
  );
}
