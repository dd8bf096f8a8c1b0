/**
 * Whole tuning jobs with executor.sagemaker against the AWS emulator: tunekit's search, one training job a trial,
 * and the cost-safety rules: early stopping, the job's runtime limit, a trial's own runtime limit and Ctrl-C each
 * end in StopTrainingJob, and nothing is left InProgress on SageMaker.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TuningJobSpec } from '@tunekit/core';
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
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-job-'));
  emulator = await startAwsEmulator({ images: trainImages() });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(spec: TuningJobSpec, extra: Partial<Parameters<typeof runJob>[0]> = {}) {
  return runJob({
    spec,
    rootDir: dir,
    baseDir: dir,
    executor: createSageMakerExecutor({ credentials: FAKE_CREDENTIALS }),
    ...extra,
  });
}

const viewOf = (name: string) => buildJobView(readJournal(jobDirOf(dir, name)).events);

/** The job's training jobs on the emulator, by name. */
const trainingJobsOf = (name: string) =>
  Object.fromEntries(
    Object.entries(emulator.trainingJobStatuses()).filter(([job]) => job.startsWith(`${name}-`)),
  );

const stopCallsFor = (name: string) =>
  emulator.calls
    .filter((call) => call.target === 'SageMaker.StopTrainingJob')
    .map((call) => String(call.body.TrainingJobName))
    .filter((job) => job.startsWith(`${name}-`));

describe('a tuning job on executor.sagemaker', () => {
  it('runs every trial as its own training job and keeps the best', async () => {
    const result = await run(emulatorSpec(emulator.endpoint, { name: 'smj-full' }));
    expect(result).toMatchObject({ status: 'Completed', counts: { total: 4, completed: 4 } });
    const view = viewOf('smj-full');
    const names = view.trials.map((trial) => String(trial.handle?.trainingJobName));
    expect(new Set(names).size).toBe(4);
    expect(Object.keys(trainingJobsOf('smj-full')).sort()).toEqual([...names].sort());
    for (const trial of view.trials) {
      expect(trial.objective).toBeCloseTo(((trial.params.x as number) - 0.3) ** 2, 5);
    }
    expect(result.best?.objective).toBe(Math.min(...view.trials.map((trial) => trial.objective!)));
  });

  it('a quota below maxParallel makes trials wait for a free instance instead of failing', async () => {
    emulator.faults.instanceQuota = 1;
    try {
      const spec = emulatorSpec(emulator.endpoint, {
        name: 'smj-quota',
        static: { steps: '3', sleep_ms: '300' },
        limits: { maxTrials: 3, maxParallel: 2, maxRetries: 0 },
      });
      const result = await run(spec);
      expect(result).toMatchObject({ status: 'Completed', counts: { total: 3, completed: 3, failed: 0 } });
      const creates = emulator.calls.filter(
        (call) =>
          call.target === 'SageMaker.CreateTrainingJob' &&
          String(call.body.TrainingJobName).startsWith('smj-quota-'),
      );
      // SageMaker refused some, and tunekit asked again once an instance was free.
      expect(creates.length).toBeGreaterThan(3);
      const logs = viewOf('smj-quota').trials.map((trial) =>
        readFileSync(join(jobDirOf(dir, 'smj-quota'), 'trials', String(trial.id), 'output.log'), 'utf8'),
      );
      expect(logs.join('\n')).toMatch(
        /SageMaker refused smj-quota-\d-[0-9a-f]{6} for now \(ResourceLimitExceeded: .*\); waiting for another training job of this tuning job to end/,
      );
    } finally {
      delete emulator.faults.instanceQuota;
    }
  });

  it('early stopping calls StopTrainingJob for the trial it stops', async () => {
    // Grid runs x in order; with three completed trials near 0.3, the fourth (0.9) is worse than their median
    // from its first value on, so the median rule, with a grace period of 0 steps and 3 trials, stops it.
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'smj-early',
      strategy: 'Grid',
      parameters: [{ type: 'categorical', name: 'x', values: ['0.3', '0.35', '0.4', '0.9'] }],
      static: { steps: '3', sleep_ms: '900' },
      limits: { maxTrials: 4, maxParallel: 1, maxRetries: 0 },
      earlyStopping: { type: 'Auto', minSteps: 0, minTrials: 3, minFraction: 0 },
    });
    const result = await run(spec);
    expect(result.counts).toMatchObject({ total: 4, completed: 3, stopped: 1 });
    const stopped = viewOf('smj-early').trials[3]!;
    // The stop reason is the journaled decision's sentence, and the decision keeps what it was based on.
    expect(stopped).toMatchObject({ params: { x: '0.9' }, status: 'Stopped' });
    expect(stopped.stopReason).toMatch(
      /^median rule: stopped at step 0: its best so far [0-9.]+ is worse than the median [0-9.]+ of 3 trials' running averages$/,
    );
    expect(stopped.decisions).toEqual([
      expect.objectContaining({
        rule: 'median',
        decision: 'stop',
        resource: 0,
        basis: expect.objectContaining({ count: 3 }),
      }),
    ]);
    expect(stopped.decisions?.[0]?.reason).toBe(stopped.stopReason);
    expect(stopCallsFor('smj-early')).toEqual([String(stopped.handle?.trainingJobName)]);
    expect(Object.values(trainingJobsOf('smj-early'))).not.toContain('InProgress');
  });

  it('the job’s runtime limit stops every training job in flight', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'smj-deadline',
      static: { steps: '40', sleep_ms: '20000' },
      limits: { maxTrials: 4, maxParallel: 2, maxRuntimeSeconds: 1, maxRetries: 0 },
    });
    const result = await run(spec);
    expect(result.reason).toMatch(/^maxRuntime/);
    const jobs = trainingJobsOf('smj-deadline');
    expect(Object.keys(jobs)).toHaveLength(2);
    expect(stopCallsFor('smj-deadline').sort()).toEqual(Object.keys(jobs).sort());
    expect(Object.values(jobs)).toEqual(['Stopped', 'Stopped']);
  });

  it('a trial’s own runtime limit becomes SageMaker’s StoppingCondition and a Stopped trial', async () => {
    const spec = emulatorSpec(emulator.endpoint, {
      name: 'smj-timeout',
      static: { steps: '40', sleep_ms: '20000' },
      limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
      settings: { maxRuntimeSeconds: 1 },
    });
    await run(spec);
    const create = emulator.calls.find(
      (call) =>
        call.target === 'SageMaker.CreateTrainingJob' &&
        String(call.body.TrainingJobName).startsWith('smj-timeout-'),
    )!;
    expect(create.body.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1 });
    expect(viewOf('smj-timeout').trials[0]).toMatchObject({ status: 'Stopped', stopReason: 'timeout' });
    expect(Object.values(trainingJobsOf('smj-timeout'))).toEqual(['Stopped']);
  });

  it('Ctrl-C stops every training job in flight before returning', async () => {
    const stop = new AbortController();
    let started = 0;
    const result = await run(
      emulatorSpec(emulator.endpoint, { name: 'smj-ctrlc', static: { steps: '40', sleep_ms: '20000' } }),
      {
        signal: stop.signal,
        onEvent: (event) => {
          if (event.type === 'trialStarted' && ++started === 2) stop.abort();
        },
      },
    );
    expect(result.status).toBe('Interrupted');
    const jobs = trainingJobsOf('smj-ctrlc');
    expect(Object.keys(jobs)).toHaveLength(2);
    expect(stopCallsFor('smj-ctrlc').sort()).toEqual(Object.keys(jobs).sort());
    expect(Object.values(jobs)).toEqual(['Stopped', 'Stopped']);
  });

  it('refuses credentials in the tuning file before anything is written', async () => {
    // Core's parser refuses them, so no spec (and no job) exists with them.
    const spec = async () =>
      emulatorSpec(emulator.endpoint, {
        name: 'smj-creds',
        settings: { secretAccessKey: 'do-not-write-me' },
      });
    await expect(spec().then(run)).rejects.toThrow(
      /executor\.sagemaker\.secretAccessKey: credentials do not belong in a tuning file/,
    );
    expect(existsSync(jobDirOf(dir, 'smj-creds'))).toBe(false);
  });
});
