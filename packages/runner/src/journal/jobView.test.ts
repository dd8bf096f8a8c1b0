import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import { isRunnerError } from '../errors.ts';
import { eventShapeProblem } from './eventShape.ts';
import type { JournalEvent } from './events.ts';
import { bestTrial, buildJobView, inFlightTrials } from './jobView.ts';

function journal(): JournalEvent[] {
  const spec = sampleSpec();
  const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec, specHash: 'h1' }];
  finishedTrial(
    events,
    1,
    { eta: 0.1, depth: 3, booster: 'gbtree' },
    { status: 'Completed', objective: 5 },
    2_000,
  );
  finishedTrial(
    events,
    2,
    { eta: 0.01, depth: 5, booster: 'dart' },
    { status: 'Completed', objective: 3 },
    3_000,
  );
  finishedTrial(
    events,
    3,
    { eta: 0.5, depth: 1, booster: 'dart' },
    { status: 'Failed', reason: 'exit 1' },
    4_000,
  );
  return events;
}

describe('buildJobView', () => {
  it('folds finished trials with their outcomes and times', () => {
    const view = buildJobView(journal());
    expect(view.trials.map((trial) => [trial.id, trial.status, trial.objective ?? null])).toEqual([
      [1, 'Completed', 5],
      [2, 'Completed', 3],
      [3, 'Failed', null],
    ]);
    expect(view.trials[2]!.failureReason).toBe('exit 1');
    expect(view.trials[0]!.startedAt).toBe(2_001);
    expect(view.trials[0]!.finishedAt).toBe(3_001);
    expect(bestTrial(view)?.id).toBe(2);
  });

  it('keeps trials that were started but never finished in flight, and counts their runs', () => {
    const events = journal();
    events.push(
      {
        type: 'trialAsked',
        t: 5_000,
        trialId: 4,
        configIndex: 3,
        attempt: 0,
        params: { eta: 0.2, depth: 2, booster: 'gbtree' },
        unit: [0, 0, 0],
      },
      { type: 'trialStarted', t: 5_001, trialId: 4, handle: { pid: 9 } },
      {
        type: 'metric',
        t: 5_100,
        trialId: 4,
        observation: { metric: 'validation:rmse', value: 4, line: 1, step: 0 },
      },
      {
        type: 'trialAsked',
        t: 5_002,
        trialId: 5,
        configIndex: 4,
        attempt: 0,
        params: { eta: 0.3, depth: 2, booster: 'dart' },
        unit: [0, 0, 0],
      },
    );
    const before = buildJobView(events);
    expect(inFlightTrials(before).map((trial) => [trial.id, trial.status, trial.runs])).toEqual([
      [4, 'Running', 1],
      [5, 'Pending', 0],
    ]);
    expect(before.trials[3]!.lastObjective).toBe(4);
    events.push({ type: 'jobResumed', t: 9_000, pid: 2 }, { type: 'trialStarted', t: 9_001, trialId: 4 });
    const after = buildJobView(events);
    expect(after.trials[3]!.runs).toBe(2);
    expect(after.trials[3]!.metricCount).toBe(0);
    expect(after.sessions).toHaveLength(2);
    // First session: 1_000 .. 5_100; second: 9_000 .. 9_001.
    expect(after.activeMs).toBe(4_100 + 1);
  });

  it('uses the spec journaled by the last resume', () => {
    const events = journal();
    const wider = sampleSpec({ limits: { maxTrials: 30, maxParallel: 2, maxRetries: 0 } });
    events.push({ type: 'jobResumed', t: 9_000, pid: 2, spec: wider, specHash: 'h2' });
    const view = buildJobView(events);
    expect(view.spec.limits.maxTrials).toBe(30);
    expect(view.createdSpec.limits.maxTrials).toBe(10);
    expect(view.specHash).toBe('h2');
  });

  it('marks an interrupted trial, which stays in flight', () => {
    const events = journal();
    events.push(
      {
        type: 'trialAsked',
        t: 5_000,
        trialId: 4,
        configIndex: 3,
        attempt: 0,
        params: { eta: 0.2, depth: 2, booster: 'gbtree' },
        unit: [0, 0, 0],
      },
      { type: 'trialStarted', t: 5_001, trialId: 4 },
      { type: 'trialInterrupted', t: 5_500, trialId: 4 },
    );
    const view = buildJobView(events);
    expect(view.trials[3]!.status).toBe('Interrupted');
    expect(inFlightTrials(view).map((trial) => trial.id)).toEqual([4]);
  });

  it('picks the largest objective when maximising', () => {
    const [created, ...rest] = journal();
    if (created?.type !== 'jobCreated') throw new Error('the sample journal starts with jobCreated');
    const maximizing = sampleSpec({ objective: { metric: 'validation:rmse', type: 'Maximize' } });
    const events = [{ ...created, spec: maximizing }, ...rest];
    expect(bestTrial(buildJobView(events))?.id).toBe(1);
  });

  it('calls a finished job Failed when no trial succeeded, Completed when one did', () => {
    const spec = sampleSpec();
    const failing: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec, specHash: 'h1' }];
    finishedTrial(
      failing,
      1,
      { eta: 0.5, depth: 1, booster: 'dart' },
      { status: 'Failed', reason: 'exit 1' },
      2_000,
    );
    finishedTrial(
      failing,
      2,
      { eta: 0.4, depth: 1, booster: 'dart' },
      { status: 'Stopped', reason: 'timeout' },
      4_000,
    );
    failing.push({ type: 'jobFinished', t: 6_000, reason: 'maxTrials; no trial succeeded' });
    expect(buildJobView(failing).finished).toEqual({
      t: 6_000,
      reason: 'maxTrials; no trial succeeded',
      status: 'Failed',
    });
    const succeeding = journal();
    succeeding.push({ type: 'jobFinished', t: 6_000, reason: 'maxTrials' });
    expect(buildJobView(succeeding).finished).toEqual({ t: 6_000, reason: 'maxTrials', status: 'Completed' });
  });

  it('refuses events that contradict the history, saying what is wrong', () => {
    const refusal = (...extra: JournalEvent[]): string => {
      try {
        buildJobView([...journal(), ...extra]);
      } catch (error) {
        expect(isRunnerError(error) && error.code).toBe('journalUnreadable');
        return (error as Error).message;
      }
      return 'accepted';
    };
    const failed = { status: 'Failed', reason: 'x' } as const;
    expect(refusal({ type: 'trialFinished', t: 9, trialId: 9, outcome: failed })).toBe(
      'trialFinished for trial 9, which was never asked',
    );
    expect(refusal({ type: 'trialStarted', t: 9, trialId: 7 })).toBe(
      'trialStarted for trial 7, which was never asked',
    );
    expect(
      refusal({ type: 'metric', t: 9, trialId: 8, observation: { metric: 'm', value: 1, line: 1, step: 0 } }),
    ).toBe('metric for trial 8, which was never asked');
    expect(refusal({ type: 'trialFinished', t: 9, trialId: 3, outcome: failed })).toBe(
      'trialFinished for trial 3, which already finished',
    );
    expect(refusal({ type: 'trialStarted', t: 9, trialId: 1 })).toBe(
      'trialStarted for trial 1, which already finished',
    );
    expect(
      refusal({ type: 'trialAsked', t: 9, trialId: 2, configIndex: 1, attempt: 0, params: {}, unit: [] }),
    ).toBe('trialAsked for trial 2, which was already asked');
    expect(refusal({ type: 'jobCreated', t: 9, spec: sampleSpec(), specHash: 'h' })).toBe(
      'a second jobCreated event: the job was already created',
    );
    // A trial whose setup failed finishes without having started.
    expect(
      refusal(
        { type: 'trialAsked', t: 9, trialId: 4, configIndex: 3, attempt: 0, params: {}, unit: [] },
        { type: 'trialFinished', t: 9, trialId: 4, outcome: failed },
      ),
    ).toBe('accepted');
  });

  it('refuses a journal that does not start with jobCreated', () => {
    expect(() => buildJobView(journal().slice(1))).toThrow(/jobCreated/);
  });

  it("keeps the objective curve under earlyStopping Auto (old journals' string) and with a grace period, and folds a decision", () => {
    const decision = {
      rule: 'median',
      resource: 1,
      value: 9,
      decision: 'stop',
      basis: { threshold: 3, count: 2 },
      reason: "median rule: stopped at step 1: 9 worse than the median 3 of 2 trials' running averages",
    } as const;
    for (const earlyStopping of ['Auto', { type: 'Auto', minSteps: 1, minTrials: 2 }] as const) {
      const events: JournalEvent[] = [
        { type: 'jobCreated', t: 1, spec: sampleSpec({ earlyStopping }), specHash: 'h' },
        { type: 'trialAsked', t: 2, trialId: 1, configIndex: 0, attempt: 0, params: { eta: 0.1 }, unit: [0] },
        { type: 'trialStarted', t: 3, trialId: 1 },
        {
          type: 'metric',
          t: 4,
          trialId: 1,
          observation: { metric: 'validation:rmse', value: 1, line: 1, step: 0 },
        },
        {
          type: 'metric',
          t: 5,
          trialId: 1,
          observation: { metric: 'validation:rmse', value: 9, line: 2, step: 1 },
        },
        { type: 'trialDecision', t: 6, trialId: 1, ...decision },
      ];
      const trial = buildJobView(events).trials[0]!;
      expect(trial.objectiveCurve).toEqual([1, 9]);
      expect(trial.decisions).toEqual([{ t: 6, ...decision }]);
      expect(inFlightTrials(buildJobView(events))).toHaveLength(1);
    }
    expect(eventShapeProblem({ type: 'trialDecision', t: 1, trialId: 1, ...decision })).toBeUndefined();
    expect(eventShapeProblem({ type: 'trialDecision', t: 1, trialId: 1, ...decision, rule: 'mean' })).toBe(
      'trialDecision event: rule must be "hyperband" or "median"',
    );
  });
});
