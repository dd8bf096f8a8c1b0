import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter, ApiTrial } from '../api.ts';
import { applyEvents } from './jobState.ts';
import { hyperparameterText, trialColumns, trialTableRows } from './trialsTable.ts';

const parameters: ApiParameter[] = [
  { type: 'continuous', name: 'eta', min: 0, max: 1, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'true', 'a: b'] },
];
const job = jobFixture(parameters, [
  { hyperparameters: { eta: 0.5, booster: 'gbtree' }, objective: 2, metrics: { auc: 0.7 } },
  { hyperparameters: { eta: 0.1, booster: 'true' }, objective: 1, metrics: { auc: 0.9 } },
  { hyperparameters: { eta: 0.3, booster: 'a: b' }, status: 'Failed', reason: 'exit 1' },
  { hyperparameters: { eta: 0.2, booster: 'gbtree' }, status: 'Stopped', objective: 5 },
]);

describe('trials table', () => {
  it('has every range and every metric as a column', () => {
    expect(trialColumns(job).map((column) => column.key)).toEqual([
      'trial',
      'status',
      'objective',
      'param:eta',
      'param:booster',
      'metric:auc',
      'duration',
      'start',
      'reason',
    ]);
  });

  it('sorts both ways with missing values last', () => {
    const ids = (key: string, descending: boolean) =>
      trialTableRows(job.trials, {}, { key, descending }).map((trial) => trial.trial);
    expect(ids('objective', false)).toEqual([2, 1, 4, 3]);
    expect(ids('objective', true)).toEqual([4, 1, 2, 3]);
    expect(ids('param:eta', false)).toEqual([2, 4, 3, 1]);
    expect(ids('metric:auc', true)).toEqual([2, 1, 3, 4]);
  });

  it('filters by status, objective range and a brush', () => {
    const ids = (filter: Parameters<typeof trialTableRows>[1]) =>
      trialTableRows(job.trials, filter, { key: 'trial', descending: false }).map((trial) => trial.trial);
    expect(ids({ statuses: new Set(['Completed', 'Failed']) })).toEqual([1, 2, 3]);
    expect(ids({ objectiveMax: 2 })).toEqual([1, 2]);
    expect(ids({ objectiveMin: 1.5 })).toEqual([1, 4]);
    expect(ids({ trials: new Set([3, 4]) })).toEqual([3, 4]);
  });

  it('copies hyperparameters as JSON and YAML that read back to the same values', () => {
    for (const trial of job.trials) {
      expect(JSON.parse(hyperparameterText(trial.hyperparameters, 'json'))).toEqual(trial.hyperparameters);
      expect(parse(hyperparameterText(trial.hyperparameters, 'yaml'))).toEqual(trial.hyperparameters);
    }
  });
});

describe('live updates', () => {
  it('replaces a trial by its folded state, appends new ones and skips events already seen', () => {
    const running: ApiTrial = { ...job.trials[0]!, trial: 5, status: 'Running' };
    const message = (offset: number, trial: ApiTrial = running) => ({
      offset,
      type: 'metric',
      event: {},
      trial,
      summary: { ...job.summary, counts: { ...job.summary.counts, total: 5 } },
    });
    expect(applyEvents(job, [message(job.offset)])).toBe(job);
    const next = applyEvents(job, [
      message(job.offset + 10),
      message(job.offset + 20, { ...running, status: 'Completed' }),
    ]);
    expect(next.offset).toBe(job.offset + 20);
    expect(next.trials).toHaveLength(5);
    expect(next.trials[4]!.status).toBe('Completed');
    expect(next.summary.counts.total).toBe(5);
    const again = applyEvents(next, [
      message(job.offset + 30, { ...job.trials[0]!, objective: 0.5 }),
      { offset: job.offset + 40, type: 'metric', event: {} },
    ]);
    expect(again.trials[0]!.objective).toBe(0.5);
    expect(again.summary.counts.total).toBe(5);
    expect(again.offset).toBe(job.offset + 40);
    expect(again.trials).toHaveLength(5);
  });
});
