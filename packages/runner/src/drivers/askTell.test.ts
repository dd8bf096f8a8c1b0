/**
 * The ask/tell driver with the real tuner, session and journal, and in-process executors whose trials end when
 * the test says (a real executor's processes cannot be timed that finely): what it journals and in which order,
 * Ctrl-C and the resume after it, completion criteria that stop the trials still running, a kill, and its
 * decisions at the moments where a trial's end and the loop's own work interleave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialOutcome } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlledExecutor } from '../../test/helpers/controlledExecutor.ts';
import { sampleSpec } from '../../test/helpers/journals.ts';
import type { Executor, RunningTrial } from '../executor/types.ts';
import type { JournalEvent } from '../journal/events.ts';
import { jobDirOf } from '../journal/jobPaths.ts';
import { readJournal } from '../journal/jobStore.ts';
import { bestTrial, buildJobView, inFlightTrials } from '../journal/jobView.ts';
import type { JobEvent } from '../session/jobEvents.ts';
import { runAskTellJob } from './askTell.ts';
import { runJob } from './runJob.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-asktell-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executor whose trials end when `finish(id, outcome)` is called. */
function controlledExecutor(): Executor & {
  finish(id: number, outcome: TrialOutcome): void;
  started: number[];
} {
  const ends = new Map<number, (outcome: TrialOutcome) => void>();
  const started: number[] = [];
  return {
    kind: 'local',
    started,
    start(launch): RunningTrial {
      started.push(launch.trialId);
      const done = new Promise<TrialOutcome>((resolve) => ends.set(launch.trialId, resolve));
      launch.onStarted?.({});
      return { done, stop: async () => {} };
    },
    finish(id, outcome) {
      ends.get(id)?.(outcome);
    },
    async close() {},
  };
}

describe('the job loop', () => {
  it('ends with the completion criterion a trial met while the tuner was being asked, not "exhausted"', async () => {
    const executor = controlledExecutor();
    // Trial 2 ends (not improving on trial 1: the job is then complete) at the moment the loop, woken by trial 1's
    // end, checks completion and asks the tuner for the next trial: on the first clock reading after trial 1's
    // end was reported.
    let armed = false;
    const now = (): number => {
      if (armed) {
        armed = false;
        executor.finish(2, { status: 'Completed', objective: 5 });
      }
      return Date.now();
    };
    const job = runJob({
      spec: sampleSpec({
        name: 'race',
        limits: { maxTrials: 10, maxParallel: 2, maxRetries: 0, maxRuntimeSeconds: 3600 },
        completion: { convergence: false, maxTrialsNotImproving: 1 },
      }),
      rootDir: root,
      baseDir: root,
      executor,
      now,
      onEvent: (event) => {
        if (event.type === 'trialFinished' && event.trialId === 1) armed = true;
      },
    });
    while (executor.started.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    executor.finish(1, { status: 'Completed', objective: 1 });
    const result = await job;
    expect(result.reason).toBe('maxTrialsNotImproving');
    expect(result.status).toBe('Completed');
    expect(executor.started).toEqual([1, 2]);
  });
});

const journalOf = (name: string): JournalEvent[] => readJournal(jobDirOf(root, name)).events;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('the ask/tell driver', () => {
  it('journals each trial asked, then started, then its metrics, then finished', async () => {
    const executor = createControlledExecutor((launch, controlled) => {
      const id = launch.trialId;
      queueMicrotask(() => {
        controlled.metric(id, { metric: 'validation:rmse', value: 10 - id, line: 1, step: 0 });
        controlled.finish(id, { status: 'Completed', objective: 10 - id });
      });
    });
    const result = await runAskTellJob({
      spec: sampleSpec({ name: 'order', limits: { maxTrials: 3, maxParallel: 1, maxRetries: 0 } }),
      rootDir: root,
      baseDir: root,
      executor,
    });
    expect(result).toMatchObject({
      status: 'Completed',
      reason: 'maxTrials',
      counts: { total: 3, completed: 3 },
    });
    const events = journalOf('order');
    const at = (type: string, trialId: number): number =>
      events.findIndex((event) => event.type === type && 'trialId' in event && event.trialId === trialId);
    for (const id of [1, 2, 3]) {
      expect(at('trialAsked', id), `trial ${id}`).toBeGreaterThan(0);
      expect(at('trialStarted', id)).toBeGreaterThan(at('trialAsked', id));
      expect(at('metric', id)).toBeGreaterThan(at('trialStarted', id));
      expect(at('trialFinished', id)).toBeGreaterThan(at('metric', id));
    }
    expect(events.map((event) => event.type)).toEqual([
      'jobCreated',
      ...Array.from({ length: 3 }, () => ['trialAsked', 'trialStarted', 'metric', 'trialFinished']).flat(),
      'jobFinished',
    ]);
  });

  it('journals Ctrl-C as trialInterrupted, and a resume reruns those trials with counts and best carried over', async () => {
    const spec = sampleSpec({ name: 'resumed', limits: { maxTrials: 4, maxParallel: 2, maxRetries: 0 } });
    const stop = new AbortController();
    const first = createControlledExecutor();
    const firstEvents: JobEvent[] = [];
    const interrupted = runAskTellJob({
      spec,
      rootDir: root,
      baseDir: root,
      executor: first,
      signal: stop.signal,
      onEvent: (event) => firstEvents.push(event),
    });
    await until(() => first.started.length === 2);
    first.finish(1, { status: 'Completed', objective: 3 });
    await until(() => first.started.length === 3);
    stop.abort();
    const firstResult = await interrupted;
    expect(firstResult).toMatchObject({
      status: 'Interrupted',
      reason: 'interrupted',
      resumed: false,
      counts: { total: 3, completed: 1, failed: 0, stopped: 0 },
      best: { trialId: 1, objective: 3 },
    });
    expect(first.stops).toEqual([
      { trialId: 2, reason: 'interrupted' },
      { trialId: 3, reason: 'interrupted' },
    ]);
    const afterFirst = journalOf('resumed');
    expect(afterFirst.filter((event) => event.type === 'trialInterrupted')).toEqual([
      { type: 'trialInterrupted', t: expect.any(Number), trialId: 2 },
      { type: 'trialInterrupted', t: expect.any(Number), trialId: 3 },
    ]);
    expect(
      afterFirst.filter((event) => event.type === 'trialFinished').map((event) => event.trialId),
    ).toEqual([1]);
    const viewAfterFirst = buildJobView(afterFirst);
    expect(inFlightTrials(viewAfterFirst).map((trial) => [trial.id, trial.status])).toEqual([
      [2, 'Interrupted'],
      [3, 'Interrupted'],
    ]);
    expect(
      firstEvents.filter((event) => event.type === 'trialInterrupted').map((event) => event.trialId),
    ).toEqual([2, 3]);

    const objectives: Record<number, number> = { 2: 1, 3: 4, 4: 2 };
    const second = createControlledExecutor((launch, controlled) => {
      const outcome: TrialOutcome = { status: 'Completed', objective: objectives[launch.trialId]! };
      queueMicrotask(() => controlled.finish(launch.trialId, outcome));
    });
    const secondEvents: JobEvent[] = [];
    const result = await runAskTellJob({
      spec,
      rootDir: root,
      baseDir: root,
      executor: second,
      onEvent: (event) => secondEvents.push(event),
    });
    const started = secondEvents[0]!;
    expect(started).toMatchObject({
      type: 'jobStarted',
      resumed: true,
      rerun: [2, 3],
      progress: { done: 1, completed: 1, running: 0, budget: 4, best: { trialId: 1, objective: 3 } },
    });
    expect(second.started).toEqual([2, 3, 4]);
    const finished = secondEvents.flatMap((event) =>
      event.type === 'trialFinished' ? [[event.trialId, event.isBest, event.progress.done]] : [],
    );
    expect(finished).toEqual([
      [2, true, 2],
      [3, false, 3],
      [4, false, 4],
    ]);
    const view = buildJobView(journalOf('resumed'));
    expect(result).toMatchObject({
      status: 'Completed',
      reason: 'maxTrials',
      resumed: true,
      counts: { total: 4, completed: 4, failed: 0, stopped: 0 },
      best: { trialId: 2, objective: 1, hyperparameters: view.trials[1]!.params },
    });
    expect(bestTrial(view)?.id).toBe(result.best?.trialId);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(firstResult.elapsedMs);
    expect(view.trials.map((trial) => trial.runs)).toEqual([1, 2, 2, 1]);
  });

  it('stops the trials still running when a completion criterion is met, and journals them as finished', async () => {
    const executor = createControlledExecutor();
    const job = runAskTellJob({
      spec: sampleSpec({
        name: 'target',
        limits: { maxTrials: 10, maxParallel: 2, maxRetries: 0 },
        completion: { convergence: false, targetObjective: 1 },
      }),
      rootDir: root,
      baseDir: root,
      executor,
    });
    await until(() => executor.started.length === 2);
    executor.finish(1, { status: 'Completed', objective: 0.5 });
    const result = await job;
    expect(executor.stops).toEqual([{ trialId: 2, reason: 'completion' }]);
    expect(result).toMatchObject({
      status: 'Completed',
      reason: 'targetObjective',
      counts: { total: 2, completed: 1, failed: 0, stopped: 1 },
      best: { trialId: 1, objective: 0.5 },
    });
    const events = journalOf('target');
    expect(events.filter((event) => event.type === 'trialInterrupted')).toEqual([]);
    expect(events.flatMap((event) => (event.type === 'trialFinished' ? [event.outcome] : []))).toEqual([
      { status: 'Completed', objective: 0.5 },
      { status: 'Stopped', reason: 'completion' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'jobFinished', reason: 'targetObjective' });
  });

  it('journals nothing more once killed, and says so in the result', async () => {
    const executor = createControlledExecutor();
    const kill = new AbortController();
    const job = runAskTellJob({
      spec: sampleSpec({ name: 'killed', limits: { maxTrials: 4, maxParallel: 2, maxRetries: 0 } }),
      rootDir: root,
      baseDir: root,
      executor,
      killSignal: kill.signal,
    });
    await until(() => executor.started.length === 2);
    const before = journalOf('killed').length;
    kill.abort();
    executor.finish(1, { status: 'Completed', objective: 1 });
    const result = await job;
    expect(result).toMatchObject({ status: 'Interrupted', reason: 'killed', counts: { completed: 0 } });
    expect(journalOf('killed')).toHaveLength(before);
  });
});
