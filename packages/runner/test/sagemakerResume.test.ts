/**
 * Resume after the tuner is killed: the trial's training job keeps running on SageMaker; a new tuner given the
 * journaled handle reattaches to it instead of starting it again, and starts a new run (new name, same
 * hyperparameters) only when the old one was stopped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricObservation, TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSageMakerExecutor } from '../src/sagemaker/sageMakerExecutor.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
import { killedTuner as killedTunerOn } from './emulator/killedTuner.ts';
import { emulatorSpec } from './emulator/specs.ts';

let emulator: AwsEmulator;
let dir: string;
let runLog: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-resume-'));
  runLog = join(dir, 'runs.log');
  emulator = await startAwsEmulator({ images: trainImages(), env: { RUN_LOG: runLog } });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a tuner process on one trial, waits for its handle, and kills it with SIGKILL. */
const killedTuner = (spec: TuningJobSpec, trialId: number, params: Record<string, number>) =>
  killedTunerOn(emulator, dir, spec, trialId, params);

const runs = (): { job: string; x: string }[] =>
  readFileSync(runLog, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('executor.sagemaker after the tuner is killed', () => {
  it('reattaches to the training job still running instead of starting it again', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'sm-resume',
      static: { steps: '4', sleep_ms: '1500' },
    });
    const handle = await killedTuner(spec, 3, { x: 0.4 });
    const name = String(handle.trainingJobName);
    expect(name).toMatch(/^sm-resume-3-[0-9a-f]{6}$/);
    expect(emulator.trainingJobStatuses()[name]).toBe('InProgress');

    const executor = createSageMakerExecutor({ credentials: FAKE_CREDENTIALS });
    const metrics: MetricObservation[] = [];
    let reattached: Record<string, unknown> | undefined;
    const outcome = await executor.start({
      spec,
      trialId: 3,
      params: { x: 0.4 },
      trialDir: dir,
      baseDir: dir,
      onMetric: (m) => metrics.push(m),
      resumeHandle: handle,
      onStarted: (h) => {
        reattached = h;
      },
    }).done;
    await executor.close();
    expect(reattached?.trainingJobName).toBe(name);
    expect(outcome).toMatchObject({ status: 'Completed', objective: expect.closeTo(0.01, 6) });
    // The whole log, read from its start, fed the metric parser: every epoch's value.
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    const created = emulator.calls.filter(
      (c) =>
        c.target === 'SageMaker.CreateTrainingJob' && String(c.body.TrainingJobName).startsWith('sm-resume-'),
    );
    expect(created).toHaveLength(1);
    expect(runs().filter((run) => run.job.startsWith('sm-resume-'))).toHaveLength(1);
  });

  it('creates the training job under a new name when the tuner died before SageMaker had it', async () => {
    const spec = emulatorSpec(emulator.endpoint, { name: 'sm-never' });
    const executor = createSageMakerExecutor({ credentials: FAKE_CREDENTIALS });
    const handles: Record<string, unknown>[] = [];
    const outcome = await executor.start({
      spec,
      trialId: 2,
      params: { x: 0.5 },
      trialDir: dir,
      baseDir: dir,
      onMetric: () => {},
      // Journaled by a tuner killed before its CreateTrainingJob reached SageMaker.
      resumeHandle: { executor: 'sagemaker', trainingJobName: 'sm-never-2-abcdef' },
      onStarted: (handle) => handles.push(handle),
    }).done;
    await executor.close();
    expect(outcome).toMatchObject({ status: 'Completed', objective: expect.closeTo(0.04, 6) });
    expect(handles).toHaveLength(1);
    const name = String(handles[0]!.trainingJobName);
    expect(name).toMatch(/^sm-never-2-[0-9a-f]{6}$/);
    expect(name).not.toBe('sm-never-2-abcdef');
    expect(emulator.trainingJobStatuses()[name]).toBe('Completed');
  });

  it('starts a new run with a new name and the same hyperparameters when the old one was stopped', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'sm-rerun',
      static: { steps: '40', sleep_ms: '20000' },
    });
    const handle = await killedTuner(spec, 5, { x: 0.7 });
    const first = String(handle.trainingJobName);
    const stopper = createSageMakerExecutor({ credentials: FAKE_CREDENTIALS });
    // The old tuner's Ctrl-C stopped it: stop it the same way, through a reattached trial.
    let training!: () => void;
    const printed = new Promise<void>((resolve) => {
      training = resolve;
    });
    const old = stopper.start({
      spec,
      trialId: 5,
      params: { x: 0.7 },
      trialDir: dir,
      baseDir: dir,
      onMetric: () => training(),
      resumeHandle: handle,
    });
    await printed;
    await old.stop('interrupted');
    expect(await old.done).toMatchObject({ status: 'Stopped', reason: 'interrupted' });

    const quick = { ...spec, static: { steps: '2' } };
    let rerun: Record<string, unknown> | undefined;
    const outcome = await stopper.start({
      spec: quick,
      trialId: 5,
      params: { x: 0.7 },
      trialDir: dir,
      baseDir: dir,
      onMetric: () => {},
      resumeHandle: handle,
      onStarted: (h) => {
        rerun = h;
      },
    }).done;
    await stopper.close();
    const second = String(rerun?.trainingJobName);
    expect(second).toMatch(/^sm-rerun-5-[0-9a-f]{6}$/);
    expect(second).not.toBe(first);
    expect(outcome).toMatchObject({ status: 'Completed', objective: expect.closeTo(0.16, 6) });
    expect(
      runs()
        .filter((run) => run.job.startsWith('sm-rerun-'))
        .map((run) => run.x),
    ).toEqual(['0.7', '0.7']);
  });
});
