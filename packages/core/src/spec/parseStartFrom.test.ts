import { describe, expect, it } from 'vitest';
import { parseTuningFile } from './parseTuningFile.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';

const BASE = {
  name: 'warm',
  objective: { metric: 'loss', type: 'Minimize' },
  metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
  parameters: {
    lr: { type: 'continuous', min: 0.001, max: 1, scaling: 'Logarithmic' },
    depth: { type: 'integer', min: 2, max: 10 },
    booster: { type: 'categorical', values: ['gbtree', 'dart'] },
  },
  limits: { maxTrials: 10 },
  executor: { local: { command: ['python3', 'train.py'] } },
};

const parse = (extra: Record<string, unknown>) =>
  parseTuningFile(JSON.stringify({ ...BASE, ...extra }), { format: 'json' });

describe('initialTrials', () => {
  it('keeps the configurations in order, with the ranges’ types', () => {
    const spec = specOf(
      parse({
        initialTrials: [
          { lr: 0.1, depth: 6, booster: 'gbtree' },
          { lr: 0.01, depth: 3, booster: 'dart' },
        ],
      }),
    );
    expect(spec.initialTrials).toEqual([
      { lr: 0.1, depth: 6, booster: 'gbtree' },
      { lr: 0.01, depth: 3, booster: 'dart' },
    ]);
  });

  it('names every problem by its path', () => {
    const result = parse({
      initialTrials: [
        { lr: 0.1, depth: 12, booster: 'gbtree' },
        { lr: 0.1, depth: 2.5, booster: 'gblinear', eta: 3 },
        { lr: '0.1', booster: 'gbtree' },
      ],
    });
    expect(problemAt(result, ['initialTrials', 0, 'depth']).message).toBe(
      '12 is above max 10: use a value in [2, 10]',
    );
    expect(problemAt(result, ['initialTrials', 1, 'depth']).message).toBe('must be a whole number, not 2.5');
    expect(problemAt(result, ['initialTrials', 1, 'booster']).message).toBe(
      'must be one of the range\'s values gbtree, dart, not the string "gblinear"',
    );
    expect(problemAt(result, ['initialTrials', 1, 'eta']).code).toBe('spec.unknownRange');
    expect(problemAt(result, ['initialTrials', 2, 'lr']).message).toContain('remove the quotes');
    expect(problemAt(result, ['initialTrials', 2, 'depth']).message).toBe(
      'is required: an initial trial names a value for every range (add depth: 2)',
    );
    expect(problemsOf(result)).toHaveLength(6);
  });

  it('refuses a repeated configuration and more configurations than maxTrials', () => {
    const one = { lr: 0.1, depth: 6, booster: 'gbtree' };
    expect(problemAt(parse({ initialTrials: [one, one] }), ['initialTrials', 1]).code).toBe(
      'spec.duplicateInitialTrial',
    );
    const many = Array.from({ length: 11 }, (_, depth) => ({ ...one, lr: 0.001 + depth / 100 }));
    expect(problemAt(parse({ initialTrials: many }), ['initialTrials']).message).toContain(
      'more than limits.maxTrials (10)',
    );
  });

  it('reads a YAML number as a categorical string value', () => {
    const yaml = `name: w\nobjective: { metric: loss, type: Minimize }\nmetrics: [{ name: loss, regex: 'loss=(\\S+)' }]\nparameters:\n  layers: { type: categorical, values: ['1', '2'] }\nlimits: { maxTrials: 3 }\ninitialTrials: [{ layers: 2 }]\nexecutor: { local: { command: [python3, t.py] } }\n`;
    expect(specOf(parseTuningFile(yaml)).initialTrials).toEqual([{ layers: '2' }]);
  });
});

describe('warmStart', () => {
  it('reads parents and type, IdenticalDataAndAlgorithm by default', () => {
    expect(specOf(parse({ warmStart: { parents: ['v1', '../other/.tunekit/jobs/v0'] } })).warmStart).toEqual({
      parents: ['v1', '../other/.tunekit/jobs/v0'],
      type: 'IdenticalDataAndAlgorithm',
    });
    expect(specOf(parse({ warmStart: { parents: ['v1'], type: 'TransferLearning' } })).warmStart?.type).toBe(
      'TransferLearning',
    );
  });

  it('explains every refusal by field', () => {
    expect(
      problemAt(parse({ warmStart: { parents: ['a', 'b', 'c', 'd', 'e', 'f'] } }), ['warmStart', 'parents'])
        .message,
    ).toBe('has 6 parents; SageMaker takes at most 5: keep the 5 closest to this job');
    expect(problemAt(parse({ warmStart: { parents: [] } }), ['warmStart', 'parents']).message).toBe(
      'must be a list of 1 to 5 job names or folders, not an empty list',
    );
    expect(problemAt(parse({ warmStart: { parents: ['a', 'a'] } }), ['warmStart', 'parents', 1]).code).toBe(
      'spec.duplicateParent',
    );
    expect(
      problemAt(parse({ warmStart: { parents: ['a'], type: 'Transfer' } }), ['warmStart', 'type']).message,
    ).toContain('did you mean "TransferLearning"?');
    expect(problemAt(parse({ warmStart: { type: 'TransferLearning' } }), ['warmStart', 'parents']).code).toBe(
      'spec.required',
    );
  });

  it('refuses a warm start given both at the top level and in executor.sagemaker-managed', () => {
    const result = parse({
      warmStart: { parents: ['a'] },
      executor: {
        'sagemaker-managed': {
          warmStart: { parents: ['b'] },
          image: 'x',
          roleArn: 'arn:aws:iam::123456789012:role/x',
          outputPath: 's3://bucket/out/',
          instanceType: 'ml.m5.large',
        },
      },
    });
    const issue = problemAt(result, ['warmStart']);
    expect(issue.code).toBe('spec.warmStartTwice');
    expect(issue.message).toContain('executor.sagemaker-managed.warmStart');
  });
});

describe('a misplaced key says where it belongs', () => {
  it.each([
    [
      { limits: { maxTrials: 10, warmStart: { parents: ['a'] } } },
      ['limits', 'warmStart'],
      '"warmStart" belongs at the top level of the tuning file, not in limits: move it there',
    ],
    [
      { executor: { local: { command: ['python3'], initialTrials: [] } } },
      ['executor', 'local', 'initialTrials'],
      '"initialTrials" belongs at the top level of the tuning file, not in executor.local: move it there',
    ],
    [
      { completion: { seed: 3 } },
      ['completion', 'seed'],
      '"seed" belongs at the top level of the tuning file, not in completion: move it there',
    ],
    [
      { limits: { maxTrials: 10, earlyStopping: 'Auto' } },
      ['limits', 'earlyStopping'],
      '"earlyStopping" belongs at the top level of the tuning file, not in limits: move it there',
    ],
    [
      { limits: { maxTrials: 10, hyperband: { maxResource: 9 } } },
      ['limits', 'hyperband'],
      '"hyperband" belongs at the top level of the tuning file, not in limits: move it there',
    ],
    [
      { maxResource: 9 },
      ['maxResource'],
      '"maxResource" belongs in hyperband, not at the top level: move it there',
    ],
    [
      { maxParallel: 2 },
      ['maxParallel'],
      '"maxParallel" belongs in limits, not at the top level: move it there',
    ],
  ])('%j', (extra, path, message) => {
    const issue = problemAt(parse(extra), path);
    expect(issue).toEqual({ code: 'spec.misplacedKey', path, message });
  });
});

describe('initialTrials with Grid', () => {
  it('is refused: the grid runs every combination anyway', () => {
    const result = parseTuningFile(
      JSON.stringify({
        ...BASE,
        strategy: 'Grid',
        parameters: { booster: { type: 'categorical', values: ['gbtree', 'dart'] } },
        initialTrials: [{ booster: 'dart' }],
      }),
      { format: 'json' },
    );
    expect(problemAt(result, ['initialTrials']).code).toBe('spec.initialTrialsWithGrid');
  });
});

describe('with executor sagemaker-managed', () => {
  const managed = {
    'sagemaker-managed': {
      image: 'x',
      roleArn: 'arn:aws:iam::123456789012:role/x',
      outputPath: 's3://bucket/out/',
      instanceType: 'ml.m5.large',
    },
  };
  it('refuses initialTrials, which SageMaker’s tuning service cannot take', () => {
    const result = parse({ executor: managed, initialTrials: [{ lr: 0.1, depth: 6, booster: 'gbtree' }] });
    expect(problemAt(result, ['initialTrials']).code).toBe('spec.initialTrialsManaged');
  });
  it('takes parents that are SageMaker tuning job names only', () => {
    const result = parse({ executor: managed, warmStart: { parents: ['search-v1', './.tunekit/jobs/v0'] } });
    expect(problemAt(result, ['warmStart', 'parents', 1]).code).toBe('spec.parentNotATuningJob');
    expect(
      specOf(parse({ executor: managed, warmStart: { parents: ['search-v1'] } })).warmStart?.parents,
    ).toEqual(['search-v1']);
  });
});
