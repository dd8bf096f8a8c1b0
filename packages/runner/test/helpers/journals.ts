/**
 * Builds journals for tests of the pure journal readers (views, diffs, reports).
 */
import type { ParameterValues, TrialOutcome, TuningJobSpec } from '@tunekit/core';
import type { JournalEvent } from '../../src/journal/events.ts';

/** @internal A small spec with a logarithmic, an integer and a categorical range. */
export function sampleSpec(overrides: Partial<TuningJobSpec> = {}): TuningJobSpec {
  return {
    name: 'sample',
    objective: { metric: 'validation:rmse', type: 'Minimize' },
    metrics: [{ name: 'validation:rmse', regex: 'rmse=(\\S+)' }],
    strategy: 'Random',
    parameters: [
      { type: 'continuous', name: 'eta', min: 0.001, max: 1, scaling: 'Logarithmic' },
      { type: 'integer', name: 'depth', min: 1, max: 8, scaling: 'Linear' },
      { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
    ],
    static: { rounds: '10' },
    limits: { maxTrials: 10, maxParallel: 2, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: 'Off',
    seed: 1,
    executor: { kind: 'local', command: ['node', 'train.js'], env: {}, killGraceSeconds: 5, channels: {} },
    ...overrides,
  };
}

/** @internal Appends the events of one finished trial to `events`. */
export function finishedTrial(
  events: JournalEvent[],
  trialId: number,
  params: ParameterValues,
  outcome: TrialOutcome,
  t: number,
): void {
  events.push(
    { type: 'trialAsked', t, trialId, configIndex: trialId - 1, attempt: 0, params, unit: [0.5, 0.5, 0.5] },
    { type: 'trialStarted', t: t + 1, trialId, handle: { pid: 1000 + trialId } },
    { type: 'trialFinished', t: t + 1001, trialId, outcome },
  );
}
