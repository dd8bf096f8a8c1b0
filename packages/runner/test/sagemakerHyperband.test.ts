/**
 * Hyperband with executor.sagemaker against the AWS emulator: tunekit's own search, one training job a trial; a
 * trial stopped at a rung ends in StopTrainingJob, its training job is Stopped on SageMaker, nothing is left
 * InProgress, and every decision is in the journal.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../src/drivers/runJob.ts';
import type { JournalEvent } from '../src/journal/events.ts';
import { jobDirOf } from '../src/journal/jobPaths.ts';
import { readJournal } from '../src/journal/jobStore.ts';
import { buildJobView } from '../src/journal/jobView.ts';
import { createSageMakerExecutor } from '../src/sagemaker/sageMakerExecutor.ts';
import { specHash } from '../src/session/specHash.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
import { killedTuner } from './emulator/killedTuner.ts';
import { emulatorSpec } from './emulator/specs.ts';

let emulator: AwsEmulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-hyperband-'));
  emulator = await startAwsEmulator({ images: trainImages() });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Hyperband on executor.sagemaker', () => {
  it('stops training jobs at their rungs with StopTrainingJob: they end Stopped, none is left InProgress', async () => {
    const name = 'smh-rungs';
    const spec = emulatorSpec(emulator.endpoint, {
      name,
      strategy: 'Hyperband',
      hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler: 'Random' },
      static: { steps: '9', sleep_ms: '900' },
      limits: { maxTrials: 9, maxParallel: 1, maxRetries: 0 },
      seed: 7,
    });
    const result = await runJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      executor: createSageMakerExecutor({ credentials: FAKE_CREDENTIALS }),
    });
    expect(result.status).toBe('Completed');
    const { events } = readJournal(jobDirOf(dir, name));
    const view = buildJobView(events);
    const stops = events.flatMap((event) =>
      event.type === 'trialDecision' && event.decision === 'stop' ? [event] : [],
    );
    expect(stops.length).toBeGreaterThan(0);
    const jobs = emulator.trainingJobStatuses();
    const stopCalls = emulator.calls
      .filter((call) => call.target === 'SageMaker.StopTrainingJob')
      .map((call) => String(call.body.TrainingJobName));
    for (const stop of stops) {
      const trial = view.trials.find((record) => record.id === stop.trialId)!;
      const trainingJob = String(trial.handle?.trainingJobName);
      expect(trial).toMatchObject({ status: 'Stopped', stopReason: stop.reason });
      expect(stopCalls).toContain(trainingJob);
      expect(jobs[trainingJob]).toBe('Stopped');
    }
    const ours = Object.entries(jobs).filter(([job]) => job.startsWith(`${name}-`));
    expect(ours).toHaveLength(9);
    expect(ours.map(([, status]) => status)).not.toContain('InProgress');
    // A trial that trains for maxResource ends by itself: Completed here and on SageMaker, never stopped.
    for (const trial of view.trials.filter((record) => record.status === 'Completed')) {
      expect(jobs[String(trial.handle?.trainingJobName)]).toBe('Completed');
    }
    expect(stopCalls).toHaveLength(stops.length);
  });
});

/** The journal a tuner killed while trial 1 ran leaves: the job, the trial asked and started, and `extra`. */
function killedJournal(
  spec: TuningJobSpec,
  handle: Record<string, unknown>,
  extra: JournalEvent[] = [],
): void {
  const events: JournalEvent[] = [
    { type: 'jobCreated', t: 1, spec, specHash: specHash(spec) },
    { type: 'trialAsked', t: 2, trialId: 1, configIndex: 0, attempt: 0, params: { x: 0.4 }, unit: [0.4] },
    { type: 'trialStarted', t: 3, trialId: 1, handle },
    ...extra,
  ];
  const jobDir = jobDirOf(dir, spec.name);
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(
    join(jobDir, 'journal.jsonl'),
    `${events.map((event) => JSON.stringify(event)).join('\n')}\n`,
  );
}

const createCalls = (name: string) =>
  emulator.calls.filter(
    (call) =>
      call.target === 'SageMaker.CreateTrainingJob' &&
      String(call.body.TrainingJobName).startsWith(`${name}-`),
  );

describe('resuming executor.sagemaker after kill -9 of the tuner', () => {
  it('reattaches to the training job still running instead of starting a second one', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'smh-reattach',
      static: { steps: '3', sleep_ms: '2000' },
      limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
    });
    const handle = await killedTuner(emulator, dir, spec, 1, { x: 0.4 });
    killedJournal(spec, handle);
    const result = await runJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      executor: createSageMakerExecutor({ credentials: FAKE_CREDENTIALS }),
    });
    expect(result.status).toBe('Completed');
    expect(createCalls('smh-reattach')).toHaveLength(1);
    expect(emulator.trainingJobStatuses()[String(handle.trainingJobName)]).toBe('Completed');
  });

  it('stops the training job of a trial whose Hyperband stop was journaled, instead of leaving it InProgress', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'smh-replayed-stop',
      strategy: 'Hyperband',
      hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler: 'Random' },
      static: { steps: '9', sleep_ms: '20000' },
      limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
    });
    const handle = await killedTuner(emulator, dir, spec, 1, { x: 0.4 });
    const reason =
      'Hyperband: stopped at rung 0 (resource 1): 0.81 not in the top 1/3 of 3 values (threshold 0.2)';
    killedJournal(spec, handle, [
      {
        type: 'trialDecision',
        t: 4,
        trialId: 1,
        rule: 'hyperband',
        bracket: 2,
        rung: 0,
        resource: 1,
        value: 0.81,
        decision: 'stop',
        basis: { threshold: 0.2, count: 3 },
        reason,
      },
    ]);
    await runJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      executor: createSageMakerExecutor({ credentials: FAKE_CREDENTIALS }),
    });
    const name = String(handle.trainingJobName);
    expect(createCalls('smh-replayed-stop')).toHaveLength(1);
    expect(
      emulator.calls.some(
        (call) => call.target === 'SageMaker.StopTrainingJob' && call.body.TrainingJobName === name,
      ),
    ).toBe(true);
    expect(emulator.trainingJobStatuses()[name]).toBe('Stopped');
    const trial = buildJobView(readJournal(jobDirOf(dir, spec.name)).events).trials[0]!;
    expect(trial).toMatchObject({ status: 'Stopped', stopReason: reason });
  });
});
