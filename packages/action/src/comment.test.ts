import type { TuningJobSpec } from '@tunekit/core';
import type { JobView, TrialRecord } from '@tunekit/runner';
import { describe, expect, test } from 'vitest';
import { commentMarker, GITHUB_COMMENT_LIMIT, readRunRecord, renderComment } from './comment.ts';

const spec: TuningJobSpec = {
  name: 'mlp',
  objective: { metric: 'validation:rmse', type: 'Minimize' },
  metrics: [{ name: 'validation:rmse', regex: 'rmse: (\\S+)' }],
  strategy: 'Random',
  parameters: [
    { name: 'lr', type: 'continuous', min: 0.001, max: 0.1, scaling: 'Logarithmic' },
    { name: 'act|<b>', type: 'categorical', values: ['relu', '**bold** --> <img src=x>'] },
  ],
  static: { epochs: '10' },
  limits: { maxTrials: 500, maxParallel: 1, maxRetries: 0 },
  completion: { convergence: false },
  earlyStopping: 'Off',
  seed: 1,
  executor: { kind: 'local', command: ['node', 'train.mjs'], env: {}, killGraceSeconds: 10, channels: {} },
} as TuningJobSpec;

function trial(
  id: number,
  objective: number | undefined,
  status: TrialRecord['status'] = 'Completed',
): TrialRecord {
  return {
    id,
    configIndex: id,
    attempt: 0,
    params: { lr: 0.001 * (id + 1), 'act|<b>': id % 2 === 0 ? 'relu' : '**bold** --> <img src=x>' },
    unit: [0.5, 0.5],
    status,
    askedAt: 0,
    startedAt: 1000 * id,
    finishedAt: 1000 * id + 500,
    ...(objective === undefined ? {} : { objective }),
    ...(status === 'Failed' ? { failureReason: 'exit code 1: ValueError: bad | input' } : {}),
    runs: 1,
    metricCount: 1,
  };
}

function view(trials: TrialRecord[]): JobView {
  return {
    name: 'mlp',
    spec,
    specHash: 'h',
    createdSpec: spec,
    createdAt: 0,
    sessions: [{ t: 0 }],
    activeMs: 1,
    trials,
    lastEventAt: 1,
  };
}

describe('renderComment', () => {
  test('holds the marker, the best table, the static block, the chart, the failures and the run link', () => {
    const body = renderComment({
      view: view([trial(0, 2), trial(1, 1), trial(2, undefined, 'Failed')]),
      outcome: { ok: true, message: 'Done (maxTrials)' },
      runUrl: 'https://github.com/a/b/actions/runs/1',
      sha: 'abcdef1234',
      failedLogs: new Map([[2, 'line one\n```\nTraceback']]),
    });
    expect(body.startsWith(commentMarker('mlp'))).toBe(true);
    expect(body).toContain('**Best validation:rmse: 1** (trial 1)');
    expect(body).toContain('  epochs: 10');
    expect(body).toContain('  lr: 0.002');
    expect(body).toContain('```mermaid');
    expect(body).toContain('### Failed trials (1)');
    expect(body).toContain('````'); // the log's own fence cannot close ours
    expect(body).toContain('[Workflow run](https://github.com/a/b/actions/runs/1)');
    expect(body).toContain('on abcdef1');
  });

  test('escapes hyperparameter names and values: no HTML, no table breaks, no early end of the hidden data', () => {
    const body = renderComment({ view: view([trial(1, 1)]), outcome: { ok: true, message: 'Done' } });
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<b>');
    expect(body).toContain('act\\|&lt;b>');
    const record = readRunRecord(body);
    expect(record?.hyperparameters['act|<b>']).toBe('**bold** --> <img src=x>');
    expect(record?.objective).toBe(1);
  });

  test('compares with the previous run as baseline', () => {
    const better = renderComment({
      view: view([trial(1, 1)]),
      outcome: { ok: true, message: 'Done' },
      baseline: { objective: 2, hyperparameters: {} },
    });
    expect(better).toContain('this run is **better** by 1 (-50.0%)');
    const worse = renderComment({
      view: view([trial(1, 3)]),
      outcome: { ok: true, message: 'Done' },
      baseline: { objective: 2, hyperparameters: {} },
    });
    expect(worse).toContain('this run is worse by 1');
  });

  test('stays under the limit by cutting the trial table, and says so', () => {
    const trials = Array.from({ length: 400 }, (_, id) => trial(id, 400 - id));
    const full = renderComment({ view: view(trials), outcome: { ok: true, message: 'Done' } });
    expect(full.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const limit = 3000;
    const cut = renderComment({ view: view(trials), outcome: { ok: true, message: 'Done' }, limit });
    expect(cut.length).toBeLessThanOrEqual(limit);
    expect(cut).toContain('cut to');
    expect(cut.startsWith(commentMarker('mlp'))).toBe(true);
  });

  test('a job without a completed trial says so', () => {
    const body = renderComment({
      view: view([trial(0, undefined, 'Failed')]),
      outcome: { ok: false, message: 'Failed' },
    });
    expect(body).toContain('**No trial completed**');
    expect(readRunRecord(body)).toBeUndefined();
  });
});
