/**
 * The median rule's decisions in a real job (real tuner, session and journal; in-process trials the test drives):
 * each stop is journaled with what it was based on before the trial is stopped, the stop reason is the decision's
 * sentence, and a resume finishes a trial decided stopped as decided instead of running it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricObservation, TrialOutcome } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlledExecutor } from '../../test/helpers/controlledExecutor.ts';
import { sampleSpec } from '../../test/helpers/journals.ts';
import type { Executor, RunningTrial, TrialLaunch } from '../executor/types.ts';
import type { JournalEvent } from '../journal/events.ts';
import { jobDirOf } from '../journal/jobPaths.ts';
import { readJournal } from '../journal/jobStore.ts';
import { buildJobView } from '../journal/jobView.ts';
import type { JobEvent } from '../session/jobEvents.ts';
import { runAskTellJob } from './askTell.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-decisions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const journalOf = (name: string): JournalEvent[] => readJournal(jobDirOf(root, name)).events;
const rmse = (value: number, step: number): MetricObservation => ({
  metric: 'validation:rmse',
  value,
  step,
  line: step + 1,
});
const spec = (name: string) =>
  sampleSpec({
    name,
    limits: { maxTrials: 4, maxParallel: 1, maxRetries: 0 },
    earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 2, minFraction: 0 },
  });
/**
 * Trials 1 and 2 finish with curves 3, 2 and 4, 3; the third reports 5 then 9 (its best so far, 5, is above the
 * median 3 at step 1).
 */
const curves: Record<number, number[]> = { 1: [3, 2], 2: [4, 3], 3: [5, 9], 4: [2, 1] };

/** Runs each trial's curve, then completes it with its last value (unless the rule stopped it first). */
function playCurves(launch: TrialLaunch, finish: (id: number, outcome: TrialOutcome) => void): void {
  const id = launch.trialId;
  queueMicrotask(() => {
    const values = curves[id]!;
    for (const [step, value] of values.entries()) launch.onMetric(rmse(value, step));
    finish(id, { status: 'Completed', objective: values.at(-1)! });
  });
}

describe('median-rule decisions in a job', () => {
  it('journals the decision with its basis before the stop, and makes it the stop reason', async () => {
    const executor = createControlledExecutor((launch, controlled) =>
      playCurves(launch, (id, outcome) => controlled.finish(id, outcome)),
    );
    const result = await runAskTellJob({ spec: spec('decided'), rootDir: root, baseDir: root, executor });
    expect(result.counts).toMatchObject({ total: 4, completed: 3, stopped: 1 });
    const reason =
      "median rule: stopped at step 1: its best so far 5 is worse than the median 3 of 2 trials' running averages";
    expect(executor.stops).toEqual([{ trialId: 3, reason }]);
    const events = journalOf('decided').filter((event) => 'trialId' in event && event.trialId === 3);
    expect(events.map((event) => event.type)).toEqual([
      'trialAsked',
      'trialStarted',
      'metric',
      'metric',
      'trialDecision',
      'trialFinished',
    ]);
    // Running averages at step 1: trial 1 (3 + 2) / 2 = 2.5, trial 2 (4 + 3) / 2 = 3.5: median 3.
    expect(events[4]).toEqual({
      type: 'trialDecision',
      t: expect.any(Number),
      trialId: 3,
      rule: 'median',
      resource: 1,
      value: 9,
      decision: 'stop',
      basis: { threshold: 3, count: 2 },
      reason,
    });
    const trial = buildJobView(journalOf('decided')).trials[2]!;
    expect(trial).toMatchObject({ status: 'Stopped', stopReason: reason });
    expect(trial.decisions).toEqual([
      expect.objectContaining({ rule: 'median', basis: { threshold: 3, count: 2 } }),
    ]);
  });

  it('on resume, finishes a trial decided stopped before the tuner was killed, without running it again', async () => {
    // Trials whose stop does not end them at once (a SageMaker job takes a while): the tuner is killed between
    // the journaled decision and the trial's end.
    const kill = new AbortController();
    const started: number[] = [];
    const ends = new Map<number, (outcome: TrialOutcome) => void>();
    const slowStop: Executor = {
      kind: 'local',
      start(launch): RunningTrial {
        started.push(launch.trialId);
        const done = new Promise<TrialOutcome>((resolve) => ends.set(launch.trialId, resolve));
        launch.onStarted?.({});
        playCurves(launch, (id, outcome) => (id === 3 ? undefined : ends.get(id)?.(outcome)));
        return { done, stop: async () => kill.abort() };
      },
      async close() {},
    };
    const first = await runAskTellJob({
      spec: spec('replayed'),
      rootDir: root,
      baseDir: root,
      executor: slowStop,
      killSignal: kill.signal,
    });
    expect(first).toMatchObject({ status: 'Interrupted', reason: 'killed' });
    expect(started).toEqual([1, 2, 3]);
    const before = buildJobView(journalOf('replayed')).trials[2]!;
    expect(before.outcome).toBeUndefined();
    expect(before.decisions).toEqual([expect.objectContaining({ resource: 1, value: 9, decision: 'stop' })]);

    const events: JobEvent[] = [];
    const second = createControlledExecutor((launch, controlled) =>
      playCurves(launch, (id, outcome) => controlled.finish(id, outcome)),
    );
    const result = await runAskTellJob({
      spec: spec('replayed'),
      rootDir: root,
      baseDir: root,
      executor: second,
      onEvent: (event) => events.push(event),
    });
    expect(events[0]).toMatchObject({ type: 'jobStarted', resumed: true, rerun: [] });
    expect(second.started).toEqual([4]);
    expect(result.counts).toMatchObject({ total: 4, completed: 3, stopped: 1 });
    const after = buildJobView(journalOf('replayed')).trials[2]!;
    expect(after.outcome).toEqual({ status: 'Stopped', reason: before.decisions![0]!.reason, objective: 9 });
    expect(after.runs).toBe(1);
  });
});
