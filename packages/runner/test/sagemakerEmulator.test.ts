/**
 * The AWS emulator answers the real SDK clients as SageMaker and CloudWatch Logs would: a training job runs its
 * script, its output becomes log events and final metrics, errors come back as the SDK's typed exceptions.
 */
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { TRAIN_IMAGE, trainImages } from './emulator/fixtures.ts';

let emulator: AwsEmulator;
let sagemaker: SageMakerClient;
let logs: CloudWatchLogsClient;
beforeAll(async () => {
  emulator = await startAwsEmulator({ images: trainImages() });
  const config = {
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: FAKE_CREDENTIALS,
    maxAttempts: 1,
  };
  sagemaker = new SageMakerClient(config);
  logs = new CloudWatchLogsClient(config);
});
afterAll(async () => {
  sagemaker.destroy();
  logs.destroy();
  await emulator.close();
});

const request = (name: string, hyperparameters: Record<string, string>) => ({
  TrainingJobName: name,
  RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
  AlgorithmSpecification: {
    TrainingImage: TRAIN_IMAGE,
    TrainingInputMode: 'File' as const,
    MetricDefinitions: [{ Name: 'validation:loss', Regex: 'validation-loss=([-+0-9.eE]+)' }],
  },
  HyperParameters: hyperparameters,
  ResourceConfig: { InstanceType: 'ml.m5.large' as const, InstanceCount: 1, VolumeSizeInGB: 10 },
  OutputDataConfig: { S3OutputPath: 's3://bucket/out' },
  StoppingCondition: { MaxRuntimeInSeconds: 60 },
});

async function waitForEnd(name: string): Promise<DescribeTrainingJobCommandOutput> {
  for (;;) {
    const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    if (job.TrainingJobStatus !== 'InProgress' && job.TrainingJobStatus !== 'Stopping') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the AWS emulator', () => {
  it('runs a training job: final metrics in DescribeTrainingJob, output in the CloudWatch log stream', async () => {
    await sagemaker.send(new CreateTrainingJobCommand(request('emu-ok', { x: '0.5', y: '0.6', steps: '3' })));
    const job = await waitForEnd('emu-ok');
    expect(job.TrainingJobStatus).toBe('Completed');
    expect(job.FinalMetricDataList?.[0]?.MetricName).toBe('validation:loss');
    expect(job.FinalMetricDataList?.[0]?.Value).toBeCloseTo(0.04, 6);
    expect(job.TrainingEndTime).toBeInstanceOf(Date);
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/aws/sagemaker/TrainingJobs',
        logStreamNamePrefix: 'emu-ok/',
      }),
    );
    const stream = streams.logStreams?.[0]?.logStreamName ?? '';
    expect(stream).toMatch(/^emu-ok\/algo-1-\d+$/);
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/aws/sagemaker/TrainingJobs',
        logStreamName: stream,
        startFromHead: true,
      }),
    );
    expect(events.events?.map((event) => event.message)).toEqual([
      'training with x=0.5 y=0.6',
      'epoch 1 validation-loss=0.240000',
      'epoch 2 validation-loss=0.140000',
      'epoch 3 validation-loss=0.040000',
    ]);
  });

  it('answers throttling, resource limits and bad requests as the SDK expects', async () => {
    emulator.throttle(1, 'DescribeTrainingJob');
    await expect(
      sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'emu-ok' })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    emulator.faults.resourceLimitExceeded = 1;
    await expect(
      sagemaker.send(new CreateTrainingJobCommand(request('emu-limit', { x: '1' }))),
    ).rejects.toMatchObject({
      name: 'ResourceLimitExceeded',
    });
    await expect(
      sagemaker.send(new CreateTrainingJobCommand(request('emu-ok', { x: '1' }))),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('must be unique'),
    });
  });

  it('fails a crashing job with its exit code, and stops a running one through Stopping', async () => {
    await sagemaker.send(new CreateTrainingJobCommand(request('emu-crash', { x: '1', crash: 'yes' })));
    const crashed = await waitForEnd('emu-crash');
    expect(crashed.TrainingJobStatus).toBe('Failed');
    expect(crashed.FailureReason).toContain('ExitCode 3');
    await sagemaker.send(
      new CreateTrainingJobCommand(request('emu-slow', { x: '1', steps: '50', sleep_ms: '20000' })),
    );
    await sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: 'emu-slow' }));
    const stopping = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'emu-slow' }));
    expect(stopping.TrainingJobStatus).toBe('Stopping');
    expect((await waitForEnd('emu-slow')).TrainingJobStatus).toBe('Stopped');
  });
});
