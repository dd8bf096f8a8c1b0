/**
 * Tuning jobs for the SageMaker tests: the emulator's test image, fast polls, the SDK's own retries off (so
 * tunekit's throttling handling is what the tests see), one tuned hyperparameter x whose best value is 0.3.
 */
import type { TuningJobSpec } from '@tunekit/core';
import { TRAIN_IMAGE } from './fixtures.ts';

export const ROLE_ARN = 'arn:aws:iam::000000000000:role/SageMakerRole';

/**
 * A spec for the emulator.
 *
 * @param endpoint - The emulator's endpoint.
 * @param overrides - Fields to change (`settings` merges into the executor's settings).
 * @returns The spec.
 */
export function emulatorSpec(
  endpoint: string,
  overrides: Partial<TuningJobSpec> & {
    settings?: Record<string, unknown>;
    kind?: 'sagemaker' | 'sagemaker-managed';
  } = {},
): TuningJobSpec {
  const { settings, kind, ...rest } = overrides;
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
    executor: {
      kind: kind ?? 'sagemaker',
      settings: {
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
      },
    },
    ...rest,
  };
}
