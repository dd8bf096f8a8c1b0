/**
 * Tuning jobs for the SageMaker tests: the emulator's test image, fast polls, the SDK's own retries off (so
 * tunekit's throttling handling is what the tests see), one tuned hyperparameter x whose best value is 0.3.
 */
import {
  formatIssue,
  type Issue,
  type SageMakerManagedSettings,
  type TuningJobSpec,
  validateTuningJob,
} from '@tunekit/core';
import { TRAIN_IMAGE } from './fixtures.ts';

export const ROLE_ARN = 'arn:aws:iam::000000000000:role/SageMakerRole';

/**
 * A spec for the emulator.
 *
 * @param endpoint - The emulator's endpoint.
 * @param overrides - Fields to change (`settings` merges into the executor's settings).
 * @returns The spec.
 * @throws Error listing the settings' problems, as core's parser reports them.
 */
export function emulatorSpec(
  endpoint: string,
  overrides: Partial<TuningJobSpec> & {
    settings?: Record<string, unknown>;
    kind?: 'sagemaker' | 'sagemaker-managed';
  } = {},
): TuningJobSpec {
  const { settings, kind, ...rest } = overrides;
  const executorKind = kind ?? 'sagemaker';
  const raw = {
    region: 'us-east-1',
    endpoint,
    roleArn: ROLE_ARN,
    image: TRAIN_IMAGE,
    instanceType: 'ml.m5.large',
    channels: { train: 's3://bucket/train/' },
    outputPath: 's3://bucket/output/',
    maxRuntimeSeconds: 120,
    pollSeconds: 0.02,
    maxPollSeconds: 0.1,
    maxAttempts: 1,
    ...settings,
  };
  return {
    name: 'sm-test',
    objective: { metric: 'validation:loss', type: 'Minimize' },
    metrics: [{ name: 'validation:loss', regex: 'validation-loss=([-+0-9.eE]+)' }],
    strategy: 'Random',
    parameters: [{ type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' }],
    static: { steps: '3' },
    limits: { maxTrials: 4, maxParallel: 2, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: 'Off',
    seed: 7,
    executor:
      executorKind === 'sagemaker'
        ? { kind: 'sagemaker', settings: requireSettings('sagemaker', raw) }
        : { kind: 'sagemaker-managed', settings: requireSettings('sagemaker-managed', raw) },
    ...rest,
  };
}

/**
 * Reads the settings of a SageMaker executor as core reads a tuning file's `executor.<kind>`.
 *
 * @param kind - The executor.
 * @param raw - The settings as a tuning file gives them.
 * @returns The typed settings, or their problems (paths `executor.<kind>.<field>`).
 */
export function checkSageMakerSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
): { ok: true; value: SageMakerManagedSettings } | { ok: false; issues: readonly Issue[] } {
  const result = validateTuningJob({
    name: 'settings-only',
    objective: { metric: 'loss', type: 'Minimize' },
    metrics: [{ name: 'loss', regex: 'loss=([0-9.]+)' }],
    strategy: 'Random',
    parameters: { x: { type: 'continuous', min: 0, max: 1 } },
    limits: { maxTrials: 1 },
    executor: { [kind]: raw },
  });
  if (!result.ok) return result;
  const { executor } = result.value;
  if (executor.kind === 'local' || executor.kind === 'remote')
    throw new Error('a SageMaker executor was expected');
  return { ok: true, value: executor.settings };
}

function requireSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
): SageMakerManagedSettings {
  const result = checkSageMakerSettings(kind, raw);
  if (result.ok) return result.value;
  throw new Error(result.issues.map((issue) => formatIssue(issue)).join('\n'));
}
