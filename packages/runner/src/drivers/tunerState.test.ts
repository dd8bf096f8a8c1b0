import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { buildJobView } from '../journal/jobView.ts';
import { tunerStateFromView } from './tunerState.ts';

describe('tunerStateFromView', () => {
  it('keeps finished outcomes, makes in-flight trials Pending, and counts only active time', () => {
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec: sampleSpec(), specHash: 'h' }];
    finishedTrial(
      events,
      1,
      { eta: 0.1, depth: 3, booster: 'dart' },
      { status: 'Completed', objective: 2 },
      2_000,
    );
    finishedTrial(
      events,
      2,
      { eta: 0.2, depth: 3, booster: 'dart' },
      { status: 'Stopped', reason: 'early-stopping', objective: 4 },
      3_000,
    );
    events.push(
      {
        type: 'trialAsked',
        t: 5_000,
        trialId: 3,
        configIndex: 2,
        attempt: 0,
        params: { eta: 0.3, depth: 1, booster: 'gbtree' },
        unit: [0.1, 0.2, 0.3],
      },
      { type: 'trialStarted', t: 5_001, trialId: 3 },
    );
    const state = tunerStateFromView(buildJobView(events), 100_000);
    expect(state.startedAt).toBe(100_000 - 4_001);
    expect(state.trials.map((trial) => [trial.id, trial.status, trial.objective ?? null])).toEqual([
      [1, 'Completed', 2],
      [2, 'Stopped', 4],
      [3, 'Pending', null],
    ]);
    expect(state.trials[1]!.stopReason).toBe('early-stopping');
    expect(state.objectiveCurves).toBeUndefined();
  });

  it("keeps completed trials' objective curves for early stopping, null where a value was invalid", () => {
    const spec = sampleSpec({ earlyStopping: 'Auto' });
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec, specHash: 'h' }];
    const params = { eta: 0.1, depth: 3, booster: 'dart' };
    events.push(
      { type: 'trialAsked', t: 2_000, trialId: 1, configIndex: 0, attempt: 0, params, unit: [0.5, 0.5, 0.5] },
      { type: 'trialStarted', t: 2_001, trialId: 1 },
      {
        type: 'metric',
        t: 2_002,
        trialId: 1,
        observation: { metric: 'validation:rmse', value: 9, line: 1, step: 0 },
      },
      {
        type: 'metric',
        t: 2_003,
        trialId: 1,
        observation: { metric: 'validation:rmse', value: Number.NaN, invalid: 'nan', line: 2, step: 1 },
      },
      { type: 'metric', t: 2_004, trialId: 1, observation: { metric: 'other', value: 1, line: 3, step: 0 } },
      {
        type: 'metric',
        t: 2_005,
        trialId: 1,
        observation: { metric: 'validation:rmse', value: 7, line: 4, step: 2 },
      },
      { type: 'trialFinished', t: 2_006, trialId: 1, outcome: { status: 'Completed', objective: 7 } },
    );
    expect(tunerStateFromView(buildJobView(events), 10_000).objectiveCurves).toEqual({ 1: [9, null, 7] });
  });

  it("hands Hyperband's journaled decisions back to the tuner, a rerun trial's included", () => {
    const spec = sampleSpec({
      strategy: 'Hyperband',
      hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler: 'Random' },
    });
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec, specHash: 'h' }];
    events.push(
      {
        type: 'trialAsked',
        t: 1_001,
        trialId: 1,
        configIndex: 0,
        attempt: 0,
        params: { eta: 0.3, depth: 1, booster: 'gbtree' },
        unit: [0.1, 0.2, 0.3],
      },
      { type: 'trialStarted', t: 1_002, trialId: 1 },
      {
        type: 'trialDecision',
        t: 1_003,
        trialId: 1,
        rule: 'hyperband',
        bracket: 2,
        rung: 0,
        resource: 1,
        value: 0.5,
        decision: 'promote',
        basis: { count: 1 },
        reason: 'Hyperband: promoted',
      },
      // The tuner died; on resume the trial runs again and keeps its decision.
      { type: 'trialStarted', t: 1_010, trialId: 1 },
    );
    expect(tunerStateFromView(buildJobView(events), 2_000).rungDecisions).toEqual([
      { trialId: 1, bracket: 2, rung: 0, resource: 1, value: 0.5, decision: 'promote', count: 1 },
    ]);
  });
});
