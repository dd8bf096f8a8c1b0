/**
 * executor.sagemaker-managed against the AWS emulator, with the real SDK clients: the tuning job is created from
 * the tuning file, followed to its end, and every training job mirrored into the local journal; Ctrl-C stops it
 * (or leaves it running, and attaching later follows it to the end without a trial twice).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSageMakerRequest, type TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runManagedJob } from '../src/drivers/managedJob.ts';
import { jobDirOf } from '../src/journal/jobPaths.ts';
import { readJournal } from '../src/journal/jobStore.ts';
import { bestTrial, buildJobView } from '../src/journal/jobView.ts';
import { buildTuningJobRequest } from '../src/sagemaker/managedRequest.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
import { emulatorSpec } from './emulator/specs.ts';

let emulator: AwsEmulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-managed-'));
  emulator = await startAwsEmulator({ images: trainImages() });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const managed = (name: string, overrides: Parameters<typeof emulatorSpec>[1] = {}): TuningJobSpec =>
  emulatorSpec(emulator.endpoint, {
    name,
    kind: 'sagemaker-managed',
    parameters: [
      { type: 'continuous', name: 'x', min: 0.01, max: 1, scaling: 'Logarithmic' },
      { type: 'categorical', name: 'y', values: ['0.2', '0.6'] },
    ],
    limits: { maxTrials: 5, maxParallel: 2, maxRetries: 0 },
    ...overrides,
  });

const journalOf = (name: string) => readJournal(jobDirOf(dir, name));

function settingsOf(spec: TuningJobSpec) {
  if (spec.executor.kind !== 'sagemaker-managed') throw new Error('a sagemaker-managed spec was expected');
  return spec.executor.settings;
}

describe('executor.sagemaker-managed', () => {
  it('creates the tuning job, follows it to the end and journals every training job as a trial', async () => {
    const spec = managed('smm-full');
    const events: string[] = [];
    const result = await runManagedJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      onEvent: (e) => events.push(e.type),
    });
    expect(result).toMatchObject({
      name: 'smm-full',
      status: 'Completed',
      counts: { total: 5, completed: 5, failed: 0, stopped: 0 },
    });
    expect(emulator.tuningJobStatuses()['smm-full']).toBe('Completed');
    const create = emulator.calls.find(
      (call) => call.target === 'SageMaker.CreateHyperParameterTuningJob',
    )!.body;
    expect(create).toMatchObject({
      HyperParameterTuningJobConfig: {
        Strategy: 'Random',
        ResourceLimits: { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 2 },
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:loss' },
        RandomSeed: 7,
      },
      TrainingJobDefinition: {
        RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
        StaticHyperParameters: { steps: '3' },
        AlgorithmSpecification: {
          MetricDefinitions: [{ Name: 'validation:loss', Regex: 'validation-loss=([-+0-9.eE]+)' }],
        },
      },
    });

    const view = buildJobView(journalOf('smm-full').events);
    expect(view.trials.map((t) => t.id)).toEqual([1, 2, 3, 4, 5]);
    for (const trial of view.trials) {
      expect(trial.status).toBe('Completed');
      expect(String(trial.handle?.trainingJobName)).toMatch(/^smm-full-00\d-[0-9a-f]{8}$/);
      const x = trial.params.x as number;
      expect(x).toBeGreaterThanOrEqual(0.01);
      expect(x).toBeLessThanOrEqual(1);
      // The objective is the training job's real final loss for its hyperparameters.
      expect(trial.objective).toBeCloseTo((x - 0.3) ** 2 + (Number(trial.params.y) - 0.6) ** 2, 5);
    }
    // Every value each training job's log showed is journaled, as for a local trial.
    const metrics = journalOf('smm-full').events.filter((e) => e.type === 'metric') as {
      trialId: number;
      observation: { metric: string; value: number; step: number };
    }[];
    for (const trial of view.trials) {
      const curve = metrics.filter((m) => m.trialId === trial.id).map((m) => m.observation);
      expect(curve.map((o) => [o.metric, o.step])).toEqual([
        ['validation:loss', 0],
        ['validation:loss', 1],
        ['validation:loss', 2],
      ]);
      expect(curve[2]!.value).toBeCloseTo(trial.objective!, 6);
    }
    const best = bestTrial(view)!;
    expect(result.best).toEqual({
      trialId: best.id,
      objective: best.objective,
      hyperparameters: best.params,
    });
    expect(view.finished?.reason).toBe('maxTrials');
    expect(events.filter((type) => type === 'trialFinished')).toHaveLength(5);
  });

  it('Ctrl-C stops the SageMaker tuning job and leaves no training job in progress', async () => {
    const spec = managed('smm-stop', { static: { steps: '40', sleep_ms: '20000' } });
    const stop = new AbortController();
    const result = await runManagedJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'trialStarted') stop.abort();
      },
    });
    expect(result.status).toBe('Interrupted');
    const stops = emulator.calls.filter((call) => call.target === 'SageMaker.StopHyperParameterTuningJob');
    expect(stops.map((call) => call.body.HyperParameterTuningJobName)).toEqual(['smm-stop']);
    // It returned only once SageMaker had stopped the tuning job and every training job of it.
    expect(emulator.tuningJobStatuses()['smm-stop']).toBe('Stopped');
    const ours = Object.entries(emulator.trainingJobStatuses()).filter(([name]) =>
      name.startsWith('smm-stop-'),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const [, status] of ours) expect(status).toBe('Stopped');
    const view = buildJobView(journalOf('smm-stop').events);
    expect(view.trials.every((t) => t.status === 'Stopped')).toBe(true);
  });

  it('Ctrl-C may leave it running; attaching later follows it to the end with no trial journaled twice', async () => {
    const spec = managed('smm-leave', {
      static: { steps: '3', sleep_ms: '600' },
      limits: { maxTrials: 4, maxParallel: 2, maxRetries: 0 },
    });
    const stop = new AbortController();
    const first = await runManagedJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      signal: stop.signal,
      onInterrupt: async () => 'leave',
      onEvent: (event) => {
        if (event.type === 'trialStarted') stop.abort();
      },
    });
    expect(first.status).toBe('Interrupted');
    expect(first.reason).toContain('tunekit attach smm-leave');
    expect(emulator.tuningJobStatuses()['smm-leave']).toBe('InProgress');
    const again = await runManagedJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      attach: true,
    });
    expect(again).toMatchObject({ status: 'Completed', resumed: true, counts: { total: 4, completed: 4 } });
    const events = journalOf('smm-leave').events;
    const asked = events
      .filter((e) => e.type === 'trialAsked')
      .map((e) => (e as { trialId: number }).trialId);
    const finished = events
      .filter((e) => e.type === 'trialFinished')
      .map((e) => (e as { trialId: number }).trialId);
    expect(asked).toEqual([1, 2, 3, 4]);
    expect(finished.sort()).toEqual([1, 2, 3, 4]);
  });

  it('ends with the completion criterion SageMaker met', async () => {
    const spec = managed('smm-target', {
      limits: { maxTrials: 6, maxParallel: 1, maxRetries: 0 },
      // Every loss of this script is under 0.7: the first training job meets the target.
      completion: { targetObjective: 0.7, convergence: false },
    });
    const result = await runManagedJob({ spec, rootDir: dir, baseDir: dir, credentials: FAKE_CREDENTIALS });
    expect(result).toMatchObject({ status: 'Completed', reason: 'targetObjective', counts: { total: 1 } });
    expect(buildJobView(journalOf('smm-target').events).finished?.reason).toBe('targetObjective');
  });

  it('a failed training job keeps its FailureReason and the last lines of its log', async () => {
    const spec = managed('smm-crash', {
      static: { steps: '3', crash: 'yes' },
      limits: { maxTrials: 2, maxParallel: 2, maxRetries: 0 },
    });
    const result = await runManagedJob({ spec, rootDir: dir, baseDir: dir, credentials: FAKE_CREDENTIALS });
    expect(result).toMatchObject({ status: 'Failed', counts: { total: 2, failed: 2 } });
    const view = buildJobView(journalOf('smm-crash').events);
    for (const trial of view.trials) {
      expect(trial.status).toBe('Failed');
      expect(trial.failureReason).toMatch(
        /^training job smm-crash-00\d-[0-9a-f]{8} failed: AlgorithmError: ExecuteUserScriptError:\nExitCode 3/,
      );
      expect(trial.failureReason).toContain('last lines of its log:\n  training with x=');
      expect(trial.failureReason).toContain('  Traceback: crashing on purpose');
      // The whole log is in the trial's folder, for `tunekit logs`.
      const log = readFileSync(
        join(jobDirOf(dir, 'smm-crash'), 'trials', String(trial.id), 'output.log'),
        'utf8',
      );
      expect(log).toMatch(/^training with x=.*\nTraceback: crashing on purpose\n$/);
    }
  });

  it('running it again after the tuner died follows the same SageMaker tuning job', async () => {
    const spec = managed('smm-resume', {
      static: { steps: '3', sleep_ms: '400' },
      limits: { maxTrials: 3, maxParallel: 2, maxRetries: 0 },
    });
    const kill = new AbortController();
    const first = await runManagedJob({
      spec,
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      killSignal: kill.signal,
      onEvent: (event) => {
        if (event.type === 'trialStarted') kill.abort();
      },
    });
    expect(first).toMatchObject({ status: 'Interrupted', reason: 'killed' });
    expect(emulator.tuningJobStatuses()['smm-resume']).toBe('InProgress');
    // A larger budget in the tuning file cannot reach SageMaker's running job: tunekit says so, and follows it.
    const warnings: string[] = [];
    const again = await runManagedJob({
      spec: { ...spec, limits: { ...spec.limits, maxTrials: 5 } },
      rootDir: dir,
      baseDir: dir,
      credentials: FAKE_CREDENTIALS,
      onEvent: (event) => {
        if (event.type === 'warning') warnings.push(event.message);
      },
    });
    expect(again).toMatchObject({
      status: 'Completed',
      reason: 'maxTrials',
      resumed: true,
      counts: { total: 3, completed: 3 },
    });
    expect(warnings.join('\n')).toMatch(
      /tuning job smm-resume keeps the configuration it was created with: the changes to limits\.maxTrials apply only to a new tuning job/,
    );
    const creates = emulator.calls.filter(
      (call) =>
        call.target === 'SageMaker.CreateHyperParameterTuningJob' &&
        call.body.HyperParameterTuningJobName === 'smm-resume',
    );
    expect(creates).toHaveLength(1);
    const asked = journalOf('smm-resume').events.filter((e) => e.type === 'trialAsked');
    expect(asked).toHaveLength(3);
  });

  it('will not start a second tuning job of a name SageMaker already has, and says to attach', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tunekit-sm-other-'));
    try {
      await expect(
        runManagedJob({
          spec: managed('smm-full'),
          rootDir: other,
          baseDir: other,
          credentials: FAKE_CREDENTIALS,
        }),
      ).rejects.toThrow(/already exists.*tunekit attach smm-full.*tuningJobName/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses what SageMaker’s tuning cannot do, before calling it', async () => {
    const before = emulator.calls.length;
    await expect(
      runManagedJob({
        spec: managed('smm-sobol', { strategy: 'Sobol' }),
        rootDir: dir,
        baseDir: dir,
        credentials: FAKE_CREDENTIALS,
      }),
    ).rejects.toThrow(/Sobol/);
    await expect(
      runManagedJob({
        spec: managed('a-tuning-job-name-longer-than-32-characters'),
        rootDir: dir,
        baseDir: dir,
        credentials: FAKE_CREDENTIALS,
      }),
    ).rejects.toThrow(/at most 32 characters.*executor.sagemaker-managed.tuningJobName/);
    expect(emulator.calls.length).toBe(before);
  });

  it('the exported request round-trips through core’s SageMaker import', () => {
    const spec = managed('smm-export', {
      completion: { targetObjective: 0.01, maxTrialsNotImproving: 4, convergence: false },
      earlyStopping: 'Auto',
    });
    const request = buildTuningJobRequest(spec, settingsOf(spec));
    const imported = fromSageMakerRequest(JSON.parse(JSON.stringify(request)));
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
    const { executor: _ignored, ...search } = spec;
    const { executor, ...importedSearch } = imported.value;
    expect(importedSearch).toEqual(search);
    expect(executor.kind).toBe('sagemaker-managed');
    // Sent again, the imported spec (with the connection settings) makes the same request.
    const { region, endpoint } = settingsOf(spec);
    const again = {
      ...imported.value,
      executor: {
        kind: 'sagemaker-managed' as const,
        settings: { ...settingsOf(imported.value), region, endpoint },
      },
    };
    expect(buildTuningJobRequest(again, settingsOf(again))).toEqual(request);
  });
});
