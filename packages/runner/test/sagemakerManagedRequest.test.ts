/**
 * What executor.sagemaker-managed sends to SageMaker: the CreateHyperParameterTuningJob request received by the
 * emulator, field by field against the tuning file, and what it refuses (or SageMaker refuses) with what to change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runManagedJob } from '../src/drivers/managedJob.ts';
import { buildTuningJobRequest } from '../src/sagemaker/managedRequest.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { TRAIN_IMAGE, trainImages } from './emulator/fixtures.ts';
import { checkSageMakerSettings, emulatorSpec, ROLE_ARN } from './emulator/specs.ts';

let emulator: AwsEmulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-request-'));
  emulator = await startAwsEmulator({ images: trainImages() });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const managed = (name: string, overrides: Parameters<typeof emulatorSpec>[1] = {}): TuningJobSpec =>
  emulatorSpec(emulator.endpoint, { name, kind: 'sagemaker-managed', ...overrides });

const run = (spec: TuningJobSpec) =>
  runManagedJob({ spec, rootDir: dir, baseDir: dir, credentials: FAKE_CREDENTIALS });

function sentRequest(name: string): Record<string, unknown> {
  const call = emulator.calls.find(
    (c) =>
      c.target === 'SageMaker.CreateHyperParameterTuningJob' && c.body.HyperParameterTuningJobName === name,
  );
  if (call === undefined) throw new Error(`no CreateHyperParameterTuningJob for ${name}`);
  return call.body;
}

function settingsOf(spec: TuningJobSpec) {
  if (spec.executor.kind !== 'sagemaker-managed') throw new Error('a sagemaker-managed spec was expected');
  return spec.executor.settings;
}

describe('the CreateHyperParameterTuningJob request', () => {
  it('carries every part of the tuning file with SageMaker’s names', async () => {
    const spec = managed('smr-full', {
      strategy: 'Bayesian',
      objective: { metric: 'validation:loss', type: 'Minimize' },
      metrics: [
        { name: 'validation:loss', regex: 'validation-loss=([-+0-9.eE]+)' },
        { name: 'train:epoch', regex: 'epoch (\\d+)' },
      ],
      parameters: [
        { type: 'continuous', name: 'x', min: 0.01, max: 1, scaling: 'Logarithmic' },
        { type: 'continuous', name: 'momentum', min: 0.5, max: 0.99, scaling: 'ReverseLogarithmic' },
        { type: 'integer', name: 'depth', min: 2, max: 9, scaling: 'Linear' },
        { type: 'categorical', name: 'y', values: ['0.2', '0.6'] },
      ],
      static: { steps: '3', optimizer: 'adam' },
      limits: { maxTrials: 3, maxParallel: 3, maxRuntimeSeconds: 3600, maxRetries: 2 },
      completion: { targetObjective: 0.001, maxTrialsNotImproving: 5, convergence: true },
      earlyStopping: 'Auto',
      seed: 11,
      settings: {
        instanceType: 'ml.c5.2xlarge',
        instanceCount: 2,
        volumeSizeGB: 50,
        maxRuntimeSeconds: 600,
        environment: { MODE: 'tuning' },
        vpc: { subnets: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] },
        spot: true,
        maxWaitSeconds: 1200,
        checkpoint: { s3Uri: 's3://bucket/checkpoints/' },
        tags: { team: 'ml' },
        warmStart: { parents: ['previous-search'], type: 'TransferLearning' },
      },
    });
    const result = await run(spec);
    expect(result.status).toBe('Completed');
    expect(sentRequest('smr-full')).toEqual({
      HyperParameterTuningJobName: 'smr-full',
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:loss' },
        ResourceLimits: {
          MaxNumberOfTrainingJobs: 3,
          MaxParallelTrainingJobs: 3,
          MaxRuntimeInSeconds: 3600,
        },
        ParameterRanges: {
          ContinuousParameterRanges: [
            { Name: 'x', MinValue: '0.01', MaxValue: '1', ScalingType: 'Logarithmic' },
            { Name: 'momentum', MinValue: '0.5', MaxValue: '0.99', ScalingType: 'ReverseLogarithmic' },
          ],
          IntegerParameterRanges: [{ Name: 'depth', MinValue: '2', MaxValue: '9', ScalingType: 'Linear' }],
          CategoricalParameterRanges: [{ Name: 'y', Values: ['0.2', '0.6'] }],
        },
        TrainingJobEarlyStoppingType: 'Auto',
        TuningJobCompletionCriteria: {
          TargetObjectiveMetricValue: 0.001,
          BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 5 },
          ConvergenceDetected: { CompleteOnConvergence: 'Enabled' },
        },
        RandomSeed: 11,
      },
      TrainingJobDefinition: {
        StaticHyperParameters: { steps: '3', optimizer: 'adam' },
        AlgorithmSpecification: {
          TrainingImage: TRAIN_IMAGE,
          TrainingInputMode: 'File',
          MetricDefinitions: [
            { Name: 'validation:loss', Regex: 'validation-loss=([-+0-9.eE]+)' },
            { Name: 'train:epoch', Regex: 'epoch (\\d+)' },
          ],
        },
        RoleArn: ROLE_ARN,
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: {
              S3DataSource: {
                S3DataType: 'S3Prefix',
                S3Uri: 's3://bucket/train/',
                S3DataDistributionType: 'FullyReplicated',
              },
            },
          },
        ],
        OutputDataConfig: { S3OutputPath: 's3://bucket/output/' },
        ResourceConfig: { InstanceType: 'ml.c5.2xlarge', InstanceCount: 2, VolumeSizeInGB: 50 },
        StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 1200 },
        Environment: { MODE: 'tuning' },
        VpcConfig: { Subnets: ['subnet-0abc'], SecurityGroupIds: ['sg-0abc'] },
        EnableManagedSpotTraining: true,
        CheckpointConfig: { S3Uri: 's3://bucket/checkpoints/' },
        RetryStrategy: { MaximumRetryAttempts: 2 },
      },
      WarmStartConfig: {
        ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: 'previous-search' }],
        WarmStartType: 'TransferLearning',
      },
      Tags: [{ Key: 'team', Value: 'ml' }],
    });
  });

  it('sends Hyperband with its resources, and Grid with integer ranges as categorical values', () => {
    const hyperband = managed('smr-hyperband', {
      strategy: 'Hyperband',
      settings: { hyperband: { minResource: 1, maxResource: 27 } },
    });
    const request = buildTuningJobRequest(hyperband, settingsOf(hyperband));
    expect(request.HyperParameterTuningJobConfig).toMatchObject({
      Strategy: 'Hyperband',
      StrategyConfig: { HyperbandStrategyConfig: { MinResource: 1, MaxResource: 27 } },
      TrainingJobEarlyStoppingType: 'Off',
    });

    // The top-level hyperband block (the new place) is sent the same way.
    const topLevel = managed('smr-hyperband-top', {
      strategy: 'Hyperband',
      hyperband: { minResource: 3, maxResource: 81, eta: 3, sampler: 'Bayesian' },
    });
    expect(buildTuningJobRequest(topLevel, settingsOf(topLevel)).HyperParameterTuningJobConfig).toMatchObject(
      {
        StrategyConfig: { HyperbandStrategyConfig: { MinResource: 3, MaxResource: 81 } },
      },
    );

    const grid = managed('smr-grid', {
      strategy: 'Grid',
      parameters: [
        { type: 'integer', name: 'depth', min: 2, max: 4, scaling: 'Auto' },
        { type: 'categorical', name: 'y', values: ['0.2', '0.6'] },
      ],
      limits: { maxTrials: 6, maxParallel: 2, maxRetries: 0 },
    });
    const warnings: string[] = [];
    const gridRequest = buildTuningJobRequest(grid, settingsOf(grid), (w) => warnings.push(w.message));
    expect(gridRequest.HyperParameterTuningJobConfig?.ParameterRanges).toEqual({
      CategoricalParameterRanges: [
        { Name: 'depth', Values: ['2', '3', '4'] },
        { Name: 'y', Values: ['0.2', '0.6'] },
      ],
    });
    expect(warnings.join('\n')).toMatch(/depth/);
  });

  it('refuses what SageMaker’s tuning cannot do, naming the field and what to change', () => {
    const cases: [Parameters<typeof emulatorSpec>[1], RegExp][] = [
      [{ strategy: 'Sobol' }, /strategy.*Sobol/s],
      [
        {
          strategy: 'Grid',
          parameters: [{ type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' }],
        },
        /parameters\.x.*(Grid|continuous)/s,
      ],
      [
        {
          parameters: Array.from({ length: 31 }, (_, i) => ({
            type: 'continuous' as const,
            name: `p${i}`,
            min: 0,
            max: 1,
            scaling: 'Linear' as const,
          })),
        },
        /parameters: SageMaker tunes at most 30 ranges, not 31: move some to static/,
      ],
      [
        { strategy: 'Random', settings: { hyperband: { maxResource: 9 } } },
        /hyperband: applies only with strategy Hyperband/,
      ],
    ];
    for (const [overrides, message] of cases) {
      const spec = managed('smr-refused', overrides);
      expect(() => buildTuningJobRequest(spec, settingsOf(spec))).toThrow(message);
    }
    const long = managed('tuning-job-name-of-33-characters-');
    expect(() => buildTuningJobRequest(long, settingsOf(long))).toThrow(
      /at most 32 characters.*shorten name, or set executor\.sagemaker-managed\.tuningJobName/,
    );
    // tuningJobName lets a long local name run under a short SageMaker name.
    const renamed = managed('tuning-job-name-of-33-characters-', { settings: { tuningJobName: 'short' } });
    expect(buildTuningJobRequest(renamed, settingsOf(renamed)).HyperParameterTuningJobName).toBe('short');
  });

  it('refuses credentials in the tuning file', () => {
    const result = checkSageMakerSettings('sagemaker-managed', {
      ...settingsOf(managed('smr-creds')),
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'do-not-write-me',
    });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'executor.sagemaker-managed.accessKeyId',
      'executor.sagemaker-managed.secretAccessKey',
    ]);
    expect(issues[0]!.message).toMatch(/credentials do not belong in a tuning file.*AWS credential chain/);
  });

  it('refuses a user name and password in the endpoint, without repeating them', () => {
    for (const endpoint of ['https://ci:proxy-password@sagemaker.example.com', 'http://token@127.0.0.1:9/']) {
      const result = checkSageMakerSettings('sagemaker', { ...settingsOf(managed('smr-url')), endpoint });
      const issues = result.ok ? [] : result.issues;
      expect(issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        [
          'executor.sagemaker.endpoint',
          'credentials do not belong in a tuning file (it is copied into the job journal): remove the user name and password from the URL',
        ],
      ]);
    }
  });

  it('surfaces ResourceLimitExceeded with SageMaker’s message and what to change', async () => {
    emulator.faults.resourceLimitExceeded = 1;
    const error = await run(managed('smr-quota', { settings: { instanceType: 'ml.p3.2xlarge' } })).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^SageMaker refused CreateHyperParameterTuningJob \(ResourceLimitExceeded\): The account-level service limit 'ml\.p3\.2xlarge for training job usage' is 2 Instances.*request delta of 2 Instances/,
    );
    expect((error as Error).message).toMatch(
      /To change: lower limits\.maxParallel \(now 2\) or executor\.sagemaker-managed\.instanceCount, choose another executor\.sagemaker-managed\.instanceType \(now ml\.p3\.2xlarge\), or request a higher quota/,
    );
    expect(emulator.tuningJobStatuses()['smr-quota']).toBeUndefined();
  });

  it('surfaces a ValidationException (an unknown image) with what to change', async () => {
    const error = await run(
      managed('smr-image', { settings: { image: '000000000000.dkr.ecr.us-east-1.amazonaws.com/nope:1' } }),
    ).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(
      /^SageMaker refused CreateHyperParameterTuningJob \(ValidationException\): Requested image .*nope:1 not found\.\nTo change: check executor\.sagemaker-managed in the tuning file \(roleArn, image or algorithmName/,
    );
  });

  it('absorbs throttling of its calls', async () => {
    const before = emulator.calls.length;
    emulator.throttle(6);
    const result = await run(
      managed('smr-throttled', { limits: { maxTrials: 2, maxParallel: 2, maxRetries: 0 } }),
    );
    expect(result).toMatchObject({ status: 'Completed', counts: { completed: 2 } });
    expect(emulator.calls.slice(before).filter((call) => call.throttled)).toHaveLength(6);
  });
});

describe('the top-level warmStart on sagemaker-managed', () => {
  it('is sent as WarmStartConfig, as executor.sagemaker-managed.warmStart is', () => {
    const spec: TuningJobSpec = {
      ...managed('smr-warm'),
      warmStart: { parents: ['search-v1', 'search-v2'], type: 'IdenticalDataAndAlgorithm' },
    };
    const request = buildTuningJobRequest(spec, settingsOf(spec)) as unknown as Record<string, unknown>;
    expect(request.WarmStartConfig).toEqual({
      ParentHyperParameterTuningJobs: [
        { HyperParameterTuningJobName: 'search-v1' },
        { HyperParameterTuningJobName: 'search-v2' },
      ],
      WarmStartType: 'IdenticalDataAndAlgorithm',
    });
  });
});
