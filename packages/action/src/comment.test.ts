import type { TuningJobSpec } from '@tunekit/core';
import { inlineCode, type JobView, type TrialRecord } from '@tunekit/runner';
import { describe, expect, test } from 'vitest';
import {
  commentMarker,
  GITHUB_COMMENT_LIMIT,
  readRunRecord,
  renderComment,
  renderFailureComment,
} from './comment.ts';

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
  staticTypes: { epochs: 'number' },
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
    expect(body).toContain('act\\|&lt;b&gt;');
    const read = readRunRecord(body);
    expect(read.ok && read.record?.hyperparameters['act|<b>']).toBe('**bold** --> <img src=x>');
    expect(read.ok && read.record?.objective).toBe(1);
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
    expect(readRunRecord(body)).toEqual({ ok: true, record: undefined });
  });

  test('a metric name with a line break and a fence cannot close a block; no HTML, link or mention gets out', () => {
    const metric = 'rmse\n```\n<img src=x>\n[go](https://evil.example) @octocat\n```';
    const hostile = {
      ...spec,
      objective: { ...spec.objective, metric },
      metrics: [{ name: metric, regex: 'rmse: (\\S+)' }],
    } as TuningJobSpec;
    const failed = {
      ...trial(2, undefined, 'Failed'),
      failureReason: 'boom @octocat <b>x</b> www.evil.example #1',
    };
    const best = { ...trial(1, 1), params: { lr: 0.002, 'act|<b>': '@octocat #1 &amp;' } };
    const body = renderComment({
      view: { ...view([best, failed]), spec: hostile },
      outcome: { ok: false, message: 'Failed: @acme/admins look' },
      failedLogs: new Map([[2, 'Traceback\n````\n@octocat <img src=y>']]),
    });
    // The fences in the body: the static block, the chart, and the log block, whose fence is longer than the
    // log's own line of four backticks (which therefore does not close it).
    expect(body.match(/^ *`{3,}.*$/gm)).toEqual([
      '```yaml',
      '```',
      '```mermaid',
      '```',
      '  `````',
      '  ````',
      '  `````',
    ]);
    const outside = body
      .replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?\n\1\2$/gm, '')
      .replaceAll(inlineCode(metric), '');
    expect(body).toContain(`minimising ${inlineCode(metric)}:`);
    expect(outside).not.toMatch(/<img|<b>|@octocat|@acme|https:\/\/evil|www\.evil|(^|\s)#1\b/);
    // Nor in the hidden record, which reads back unchanged.
    expect(body.split('\n')[1]).not.toMatch(/[@#&]/);
    expect(readRunRecord(body)).toMatchObject({
      ok: true,
      record: { objective: 1, hyperparameters: { 'act|<b>': '@octocat #1 &amp;' } },
    });
    expect(outside).toContain('@\u200doctocat');
    expect(outside).toContain('Failed: @\u200dacme/admins look');
  });
});

describe('readRunRecord', () => {
  const body = (data: string) => `${commentMarker('mlp')}\n<!-- tunekit-action-data ${data} -->\n`;

  test('reads a valid record', () => {
    expect(
      readRunRecord(body('{"objective":-2.5,"hyperparameters":{"lr":0.1,"act":"relu"},"sha":"abcdef1"}')),
    ).toEqual({
      ok: true,
      record: { objective: -2.5, hyperparameters: { lr: 0.1, act: 'relu' }, sha: 'abcdef1' },
    });
  });

  test.each([
    ['{"objective":1e999,"hyperparameters":{}}', 'objective is not a finite number'],
    ['{"objective":"1","hyperparameters":{}}', 'objective is not a finite number'],
    ['{"objective":1,"hyperparameters":{},"sha":42}', 'sha is not a commit sha'],
    ['{"objective":1,"hyperparameters":{},"sha":"@octocat"}', 'sha is not a commit sha'],
    ['{"objective":1,"hyperparameters":{},"owner":"x"}', 'unknown key "owner"'],
    ['{"objective":1,"hyperparameters":{"__proto__":{"x":1}}}', 'a hyperparameter name is not acceptable'],
    ['{"objective":1,"hyperparameters":{"a":{"b":1}}}', 'a hyperparameter value is not'],
    ['{"objective":1,"hyperparameters":[]}', 'hyperparameters is not an object'],
    ['[1]', 'the record is not an object'],
    ['{"objective":', 'the record is not JSON'],
  ])('refuses %s: %s', (data, problem) => {
    const read = readRunRecord(body(data));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toContain(problem);
  });
});

describe('renderFailureComment', () => {
  test('escapes the message and keeps the marker', () => {
    const body = renderFailureComment({
      jobName: 'mlp',
      message: 'parameters.x: "@octocat\n```\n<img src=x>" is not a number',
      runUrl: 'https://github.com/a/b/actions/runs/1',
    });
    expect(body.startsWith(commentMarker('mlp'))).toBe(true);
    expect(body).not.toMatch(/<img|@octocat|^```/m);
    expect(body).toContain('[Workflow run](https://github.com/a/b/actions/runs/1)');
  });
});

describe('every metric and typed static values (issue 14)', () => {
  test('lists every metric in the top trials and writes static numbers and booleans as YAML scalars', () => {
    const withMetrics = {
      ...spec,
      metrics: [...spec.metrics, { name: 'train:rmse', regex: 'train: (\\S+)' }],
      static: { epochs: '10', verbose: 'true', tag: '10' },
      staticTypes: { epochs: 'number', verbose: 'boolean' },
    } as TuningJobSpec;
    const first = { ...trial(1, 2.5), finalMetrics: { 'validation:rmse': 2.5, 'train:rmse': 1.25 } };
    const second = { ...trial(2, 3), lastMetrics: { 'train:rmse': 2 } };
    const body = renderComment({
      view: { ...view([first, second]), spec: withMetrics },
      outcome: { ok: true, message: 'done' },
    });
    expect(body).toContain('| trial | validation:rmse | train:rmse | lr |');
    expect(body).toMatch(/\| 1 \| 2\.5 \| 1\.25 \| 0\.002 \|/);
    expect(body).toMatch(/\| 2 \| 3 \| 2 \| 0\.003 \|/);
    expect(body).toContain('  epochs: 10\n  verbose: true\n  tag: "10"\n');
  });
});

describe('the reported best under significant noise (issue 15)', () => {
  const noisy = (significant: boolean, trialId = 2): JobView => ({
    ...view([trial(0, 2), trial(1, 1), trial(2, 1.5), trial(3, undefined, 'Failed')]),
    recommendation: { t: 1, trialId, estimate: 1.2, noiseStd: 0.4, noiseRatio: 0.8, significant, basedOn: 3 },
  });

  test("names the model's choice as the best, with its estimate and the noise, and the best observed beside it", () => {
    const body = renderComment({ view: noisy(true), outcome: { ok: true, message: 'Done' } });
    expect(body).toContain("**Best validation:rmse: 1.5** (trial 2, the model's choice under noise)");
    expect(body).toContain("the model puts the noise's standard deviation at 0.4");
    expect(body).toContain('from 3 completed trials');
    expect(body).toContain("|  | trial | observed validation:rmse | the model's estimate |");
    expect(body).toContain("| reported best (the model's choice) | 2 | 1.5 | 1.2 |");
    expect(body).toContain('| best observed | 1 | 1 |  |');
    // The hyperparameters, the static block and the hidden record are the model's choice (trial 2).
    expect(body).toContain('| lr | 0.003 |');
    expect(body).toContain('  lr: 0.003');
    expect(readRunRecord(body)).toMatchObject({
      ok: true,
      record: { objective: 1.5, hyperparameters: { lr: 0.003 } },
    });
  });

  test('without a significant recommendation on a completed trial the comment reads exactly as before', () => {
    const plain = renderComment({
      view: view(noisy(true).trials as TrialRecord[]),
      outcome: { ok: true, message: 'Done' },
    });
    expect(plain).toContain('**Best validation:rmse: 1** (trial 1)\n');
    expect(plain).not.toMatch(/model|noise|best observed/);
    for (const other of [noisy(false), noisy(true, 3)]) {
      expect(renderComment({ view: other, outcome: { ok: true, message: 'Done' } })).toBe(plain);
    }
  });

  test('a hostile metric name stays escaped in the new lines and table', () => {
    const metric = 'rmse | x\n```\n<img src=x> [go](https://evil.example) @octocat #1';
    const hostile = {
      ...spec,
      objective: { ...spec.objective, metric },
      metrics: [{ name: metric, regex: 'rmse: (\\S+)' }],
    } as TuningJobSpec;
    const body = renderComment({
      view: { ...noisy(true), spec: hostile },
      outcome: { ok: true, message: 'Done' },
    });
    const table = body.split('\n').find((line) => line.startsWith('|  | trial |'));
    expect(table).toBeDefined();
    expect(table!.split(/(?<!\\)\|/)).toHaveLength(6); // the name's `|` does not add a column
    const outside = body
      .replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?\n\1\2$/gm, '')
      .replaceAll(inlineCode(metric), '');
    expect(outside).not.toMatch(/<img|@octocat|https:\/\/evil|(^|\s)#1\b|^```$/m);
    expect(body).toContain("| reported best (the model's choice) | 2 | 1.5 | 1.2 |");
  });
});
