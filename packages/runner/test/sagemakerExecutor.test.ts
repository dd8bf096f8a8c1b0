/**
 * The sagemaker executor against the AWS emulator, with the real SDK clients: each trial a CreateTrainingJob,
 * metrics from its CloudWatch log and FinalMetricDataList, throttling absorbed, refusals and failures explained,
 * stop leaves nothing running.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricObservation, ParameterValues, TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor, TrialLaunch } from '../src/executor/types.ts';
import { createSageMakerExecutor } from '../src/sagemaker/sageMakerExecutor.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
import { emulatorSpec } from './emulator/specs.ts';

let emulator: AwsEmulator;
let executor: Executor;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-'));
  emulator = await startAwsEmulator({ images: trainImages(), env: { RUN_LOG: join(dir, 'runs.log') } });
  executor = createSageMakerExecutor({ credentials: FAKE_CREDENTIALS });
});
afterAll(async () => {
  await executor.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  readonly launch: TrialLaunch;
  readonly metrics: MetricObservation[];
  handle?: Readonly<Record<string, unknown>>;
}

function launch(
  spec: TuningJobSpec,
  trialId: number,
  params: ParameterValues,
  extra: Partial<TrialLaunch> = {},
): Started {
  const metrics: MetricObservation[] = [];
  const started: Started = {
    metrics,
    launch: {
      spec,
      trialId,
      params,
      trialDir: mkdtempSync(join(dir, `trial-${trialId}-`)),
      baseDir: dir,
      onMetric: (observation) => metrics.push(observation),
      onStarted: (handle) => {
        started.handle = handle;
      },
      ...extra,
    },
  };
  return started;
}

const createCalls = () =>
  emulator.calls.filter((call) => call.target === 'SageMaker.CreateTrainingJob' && !call.throttled);

describe('executor.sagemaker', () => {
  it('runs a trial as a training job: hyperparameters as strings, objective from FinalMetricDataList, live metrics from the log', async () => {
    const spec = emulatorSpec(emulator.endpoint);
    const trial = launch(spec, 1, { x: 0.5 });
    const outcome = await executor.start(trial.launch).done;
    expect(outcome).toEqual({
      status: 'Completed',
      objective: 0.04,
      finalMetrics: { 'validation:loss': 0.04 },
    });
    const name = String(trial.handle?.trainingJobName);
    expect(name).toMatch(/^sm-test-1-[0-9a-f]{6}$/);
    expect(emulator.trainingJobStatuses()[name]).toBe('Completed');
    expect(trial.metrics.map((m) => [m.metric, m.value, m.step])).toEqual([
      ['validation:loss', 0.24, 0],
      ['validation:loss', 0.14, 1],
      ['validation:loss', 0.04, 2],
    ]);
    const request = createCalls().find((call) => call.body.TrainingJobName === name)!.body;
    expect(request.HyperParameters).toEqual({ steps: '3', x: '0.5' });
    expect(request).toMatchObject({
      RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      AlgorithmSpecification: {
        MetricDefinitions: [{ Name: 'validation:loss', Regex: 'validation-loss=([-+0-9.eE]+)' }],
        TrainingInputMode: 'File',
      },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://bucket/train/' } } },
      ],
      OutputDataConfig: { S3OutputPath: 's3://bucket/output/' },
      StoppingCondition: { MaxRuntimeInSeconds: 120 },
    });
    expect(readFileSync(join(trial.launch.trialDir, 'output.log'), 'utf8')).toContain(
      'epoch 3 validation-loss=0.040000',
    );
  });

  it('absorbs throttling of every call with backoff', async () => {
    const spec = emulatorSpec(emulator.endpoint);
    const before = emulator.calls.length;
    emulator.throttle(8);
    const outcome = await executor.start(launch(spec, 2, { x: 0.3 }).launch).done;
    expect(outcome).toMatchObject({ status: 'Completed', objective: 0.0 });
    expect(emulator.calls.slice(before).filter((call) => call.throttled)).toHaveLength(8);
  });

  it('keeps a failed training job’s FailureReason and last log lines', async () => {
    const spec = emulatorSpec(emulator.endpoint, { static: { steps: '3', crash: 'yes' } });
    const outcome = await executor.start(launch(spec, 3, { x: 0.5 }).launch).done;
    expect(outcome.status).toBe('Failed');
    const reason = outcome.status === 'Failed' ? outcome.reason : '';
    expect(reason).toMatch(
      /^training job sm-test-3-[0-9a-f]{6} failed: AlgorithmError: ExecuteUserScriptError:\nExitCode 3/,
    );
    expect(reason).toContain(
      'last lines of its log:\n  training with x=0.5 y=undefined\n  Traceback: crashing on purpose',
    );
  });

  it('surfaces ResourceLimitExceeded with SageMaker’s message and what to change', async () => {
    emulator.faults.resourceLimitExceeded = 1;
    const spec = emulatorSpec(emulator.endpoint);
    const trial = launch(spec, 4, { x: 0.5 });
    const outcome = await executor.start(trial.launch).done;
    expect(outcome.status).toBe('Failed');
    const reason = outcome.status === 'Failed' ? outcome.reason : '';
    expect(reason).toContain(
      "SageMaker refused CreateTrainingJob (ResourceLimitExceeded): The account-level service limit 'ml.m5.large for training job usage'",
    );
    expect(reason).toContain('lower limits.maxParallel (now 2) or executor.sagemaker.instanceCount');
    // The handle was journaled before the call; it names no training job, so nothing runs under it.
    expect(emulator.trainingJobStatuses()[String(trial.handle?.trainingJobName)]).toBeUndefined();
  });

  it('surfaces a ValidationException (an unknown image) with what to change', async () => {
    const spec = emulatorSpec(emulator.endpoint, { settings: { image: 'nowhere/missing:1' } });
    const outcome = await executor.start(launch(spec, 5, { x: 0.5 }).launch).done;
    expect(outcome).toMatchObject({
      status: 'Failed',
      reason: expect.stringContaining(
        '(ValidationException): Requested image nowhere/missing:1 not found.\nTo change: check executor.sagemaker',
      ),
    });
  });

  it('refuses settings with problems before calling SageMaker', async () => {
    // Core's parser refuses them: a spec with executor.sagemaker holds valid settings only.
    const before = emulator.calls.length;
    let reason = '';
    try {
      emulatorSpec(emulator.endpoint, { settings: { roleArn: 'admin', secretAccessKey: 'x' } });
    } catch (error) {
      reason = (error as Error).message;
    }
    expect(reason).toContain(
      'executor.sagemaker.secretAccessKey: credentials do not belong in a tuning file',
    );
    expect(reason).toContain('executor.sagemaker.roleArn: "admin" is not an IAM role ARN');
    expect(emulator.calls.length).toBe(before);
  });

  it('stop() calls StopTrainingJob for every trial in flight and leaves none InProgress', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'sm-stop',
      static: { steps: '40', sleep_ms: '20000' },
    });
    const trials = [1, 2].map((id) => {
      const started = launch(spec, id, { x: 0.1 * id });
      return { started, running: executor.start(started.launch) };
    });
    // Wait until both jobs train and print.
    while (trials.some((t) => t.started.metrics.length === 0)) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(trials.map((t) => t.running.stop('interrupted')));
    const names = trials.map((t) => String(t.started.handle?.trainingJobName));
    for (const name of names) expect(['Stopping', 'Stopped']).toContain(emulator.trainingJobStatuses()[name]);
    const outcomes = await Promise.all(trials.map((t) => t.running.done));
    for (const outcome of outcomes)
      expect(outcome).toMatchObject({
        status: 'Stopped',
        reason: 'interrupted',
        objective: expect.any(Number),
      });
    for (const name of names) expect(emulator.trainingJobStatuses()[name]).toBe('Stopped');
    expect(Object.values(emulator.trainingJobStatuses())).not.toContain('InProgress');
  });
});
