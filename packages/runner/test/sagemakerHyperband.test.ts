/**
 * Hyperband with executor.sagemaker against the AWS emulator: tunekit's own search, one training job a trial; a
 * trial stopped at a rung ends in StopTrainingJob, its training job is Stopped on SageMaker, nothing is left
 * InProgress, and every decision is in the journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../src/drivers/runJob.ts';
import { jobDirOf } from '../src/journal/jobPaths.ts';
import { readJournal } from '../src/journal/jobStore.ts';
import { buildJobView } from '../src/journal/jobView.ts';
import { createSageMakerExecutor } from '../src/sagemaker/sageMakerExecutor.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
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
