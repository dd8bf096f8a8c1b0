import { describe, expect, it } from 'vitest';
import { fileWith, validFile } from './fixtures/validFile.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

describe('validateTuningJob: a valid file', () => {
  it("reads every field of DESIGN.md's example, parameters in declaration order", () => {
    const spec = specOf(validateTuningJob(validFile()));
    expect(spec).toEqual({
      name: 'xgb-diabetes',
      objective: { metric: 'validation:rmse', type: 'Minimize' },
      metrics: [{ name: 'validation:rmse', regex: 'validation-rmse:([-+0-9.eE]+)' }],
      strategy: 'Bayesian',
      parameters: [
        { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
        { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Auto' },
        { type: 'continuous', name: 'subsample', min: 0.5, max: 0.99, scaling: 'ReverseLogarithmic' },
        { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear'] },
      ],
      static: { num_round: '200' },
      staticTypes: { num_round: 'number' },
      limits: { maxTrials: 30, maxParallel: 2, maxRuntimeSeconds: 3600, maxRetries: 0 },
      completion: { targetObjective: 2.9, maxTrialsNotImproving: 10, convergence: true },
      earlyStopping: 'Auto',
      seed: 42,
      executor: {
        kind: 'local',
        command: ['python3', 'train.py'],
        env: {},
        timeoutSeconds: 600,
        killGraceSeconds: 10,
        channels: {},
      },
    });
  });

  it('fills the defaults: Bayesian, maxParallel 1, maxRetries 0, earlyStopping Off, no convergence, seed 0', () => {
    const spec = specOf(
      validateTuningJob(
        fileWith({
          strategy: undefined,
          limits: { maxTrials: 5 },
          completion: undefined,
          earlyStopping: undefined,
          seed: undefined,
        }),
      ),
    );
    expect(spec.strategy).toBe('Bayesian');
    expect(spec.limits).toEqual({ maxTrials: 5, maxParallel: 1, maxRetries: 0 });
    expect(spec.completion).toEqual({ convergence: false });
    expect(spec.earlyStopping).toBe('Off');
    expect(spec.seed).toBe(0);
    // The runner draws the seed of such a job (core stays deterministic); a file with a seed is not marked.
    expect(spec.seedDrawn).toBe(true);
    expect(specOf(validateTuningJob(fileWith({ seed: 0 }))).seedDrawn).toBeUndefined();
  });

  it('stringifies static hyperparameters as SageMaker passes them', () => {
    const spec = specOf(
      validateTuningJob(fileWith({ static: { num_round: 200, eta0: 0.001, verbose: true, mode: 'fast' } })),
    );
    expect(spec.static).toEqual({ num_round: '200', eta0: '0.001', verbose: 'true', mode: 'fast' });
    // What the file typed otherwise, so that `tunekit best` gives it back as written.
    expect(spec.staticTypes).toEqual({ num_round: 'number', eta0: 'number', verbose: 'boolean' });
  });

  it('accepts the list form of parameters, each with a name', () => {
    const spec = specOf(
      validateTuningJob(
        fileWith({
          parameters: [
            { name: 'eta', type: 'continuous', min: 0.01, max: 0.5 },
            { name: 'booster', type: 'categorical', values: ['gbtree', 1] },
          ],
        }),
      ),
    );
    expect(spec.parameters).toEqual([
      { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Auto' },
      { type: 'categorical', name: 'booster', values: ['gbtree', '1'] },
    ]);
  });
});

describe('validateTuningJob: shape problems', () => {
  it('refuses a document that is not a mapping', () => {
    expect(problemAt(validateTuningJob([1, 2]), []).message).toMatch(
      /^must be a mapping of tuning-job fields \(name, objective/,
    );
  });

  it('names an unknown key with the nearest known one', () => {
    expect(problemAt(validateTuningJob(fileWith({ stratgy: 'Random' })), ['stratgy'])).toEqual({
      code: 'spec.unknownKey',
      path: ['stratgy'],
      message: 'unknown key "stratgy"; did you mean "strategy"?',
    });
    expect(problemAt(validateTuningJob(fileWith({ colour: 1 })), ['colour']).message).toBe(
      'unknown key "colour": remove it (known keys here: name, objective, metrics, strategy, parameters, static, initialTrials, limits, completion, earlyStopping, hyperband, warmStart, seed, executor)',
    );
    const limits = validateTuningJob(fileWith({ limits: { maxTrial: 3 } }));
    expect(problemAt(limits, ['limits', 'maxTrial']).message).toBe(
      'unknown key "maxTrial"; did you mean "maxTrials"?',
    );
  });

  it('collects every problem of a file, not only the first', () => {
    const issues = problemsOf(
      validateTuningJob(
        fileWith({ name: 7, strategy: 'bayesian', seed: -1, earlyStopping: 'On', limits: { maxTrials: 0 } }),
      ),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'name',
      'strategy',
      'limits.maxTrials',
      'earlyStopping',
      'seed',
    ]);
  });

  it('reports missing required fields with what to add', () => {
    const result = validateTuningJob(
      fileWith({ name: undefined, objective: undefined, parameters: undefined, executor: undefined }),
    );
    expect(problemAt(result, ['name']).message).toBe('is required: add a job name, name: my-job');
    expect(problemAt(result, ['objective']).message).toBe(
      'is required: add objective: { metric: <metric name>, type: Minimize or Maximize }',
    );
    expect(problemAt(result, ['parameters']).message).toBe(
      'is required: add the ranges to tune, parameters: { eta: { type: continuous, min: 0.01, max: 0.5 } }',
    );
    expect(problemAt(result, ['executor']).message).toBe(
      'is required: add how trials run, executor: { local: { command: [python3, train.py] } }',
    );
  });

  it('requires maxTrials except for Grid', () => {
    expect(problemAt(validateTuningJob(fileWith({ limits: {} })), ['limits', 'maxTrials']).message).toBe(
      'is required: add the trial budget, limits: { maxTrials: 30 }',
    );
  });

  it('checks the objective', () => {
    const result = validateTuningJob(fileWith({ objective: { metric: '', type: 'Minimise' } }));
    expect(problemAt(result, ['objective', 'metric']).message).toBe('must not be empty');
    expect(problemAt(result, ['objective', 'type']).message).toBe(
      'must be one of Minimize, Maximize, not the string "Minimise"; did you mean "Minimize"?',
    );
  });

  it('suggests the strategy of a misspelt name', () => {
    expect(problemAt(validateTuningJob(fileWith({ strategy: 'bayesian' })), ['strategy']).message).toBe(
      'must be one of Bayesian, Random, Sobol, Grid, Hyperband, not the string "bayesian"; did you mean "Bayesian"?',
    );
  });

  it("checks metric definitions' shape", () => {
    const result = validateTuningJob(fileWith({ metrics: [{ name: 'validation:rmse' }, 'loss'] }));
    expect(problemAt(result, ['metrics', 0, 'regex']).message).toBe(
      'is required: add a regex whose first capture group is the value',
    );
    expect(problemAt(result, ['metrics', 1]).message).toBe(
      'must be a mapping of name and regex, not the string "loss"',
    );
    expect(problemAt(validateTuningJob(fileWith({ metrics: 'x' })), ['metrics']).message).toMatch(
      /^must be a list of metric definitions/,
    );
  });

  it('warns, without failing, when no metrics are defined for a local job', () => {
    const result = validateTuningJob(fileWith({ metrics: undefined }));
    expect(result.ok && result.value.metrics).toEqual([]);
    expect(result.ok && result.warnings?.[0]?.path).toEqual(['metrics']);
  });

  it('refuses quoted numbers, non-finite numbers and fractions where whole numbers go', () => {
    const result = validateTuningJob(
      fileWith({
        limits: { maxTrials: '30', maxParallel: 1.5, maxRuntimeSeconds: Number.POSITIVE_INFINITY },
        seed: 2 ** 31,
      }),
    );
    expect(problemAt(result, ['limits', 'maxTrials']).message).toBe(
      'must be a whole number, not the string "30": remove the quotes',
    );
    expect(problemAt(result, ['limits', 'maxParallel']).message).toBe('must be a whole number, not 1.5');
    expect(problemAt(result, ['limits', 'maxRuntimeSeconds']).message).toBe('must be a number, not Infinity');
    expect(problemAt(result, ['seed']).message).toBe('must be at most 2147483647, not 2147483648');
  });

  it('bounds the limits', () => {
    const result = validateTuningJob(
      fileWith({ limits: { maxTrials: 10_001, maxParallel: 0, maxRuntimeSeconds: 0, maxRetries: 31 } }),
    );
    expect(problemAt(result, ['limits', 'maxTrials']).message).toBe('must be at most 10000, not 10001');
    expect(problemAt(result, ['limits', 'maxParallel']).message).toBe('must be at least 1, not 0');
    expect(problemAt(result, ['limits', 'maxRuntimeSeconds']).message).toBe('must be at least 1, not 0');
    expect(problemAt(result, ['limits', 'maxRetries']).message).toBe('must be at most 30, not 31');
    expect(
      problemAt(validateTuningJob(fileWith({ limits: { maxTrials: 101, maxParallel: 101 } })), [
        'limits',
        'maxParallel',
      ]).message,
    ).toBe('must be at most 100, not 101');
  });

  it('reads limits.maxConsecutiveFailures as a whole number >= 0, and leaves it out of the spec when absent', () => {
    expect(
      specOf(validateTuningJob(fileWith({ limits: { maxTrials: 3, maxConsecutiveFailures: 0 } }))).limits,
    ).toEqual({ maxTrials: 3, maxParallel: 1, maxRetries: 0, maxConsecutiveFailures: 0 });
    expect(specOf(validateTuningJob(fileWith({ limits: { maxTrials: 3 } }))).limits).not.toHaveProperty(
      'maxConsecutiveFailures',
    );
    const bad = validateTuningJob(fileWith({ limits: { maxTrials: 3, maxConsecutiveFailures: 2.5 } }));
    expect(problemAt(bad, ['limits', 'maxConsecutiveFailures']).message).toMatch(/whole number/);
    const negative = validateTuningJob(fileWith({ limits: { maxTrials: 3, maxConsecutiveFailures: -1 } }));
    expect(problemAt(negative, ['limits', 'maxConsecutiveFailures']).message).toBe(
      'must be at least 0, not -1',
    );
  });

  it("accepts a local maxRuntimeSeconds under SageMaker's 120", () => {
    expect(
      specOf(validateTuningJob(fileWith({ limits: { maxTrials: 3, maxRuntimeSeconds: 30 } }))).limits
        .maxRuntimeSeconds,
    ).toBe(30);
  });

  it('checks the completion criteria', () => {
    const result = validateTuningJob(
      fileWith({ completion: { targetObjective: 'low', maxTrialsNotImproving: 2, convergence: 'yes' } }),
    );
    expect(problemAt(result, ['completion', 'targetObjective']).message).toBe(
      'must be a number, not the string "low"',
    );
    expect(problemAt(result, ['completion', 'maxTrialsNotImproving']).message).toBe(
      "must be at least 3 (SageMaker's minimum), not 2",
    );
    expect(problemAt(result, ['completion', 'convergence']).message).toBe(
      'must be true or false, not the string "yes"',
    );
  });

  it('refuses static values that are not scalars', () => {
    const result = validateTuningJob(fileWith({ static: { layers: [64, 32], empty: null } }));
    expect(problemAt(result, ['static', 'layers']).message).toBe(
      'must be a string, a number or true/false, not a list: write it as a quoted string',
    );
    expect(problemAt(result, ['static', 'empty']).message).toBe(
      'must be a string, a number or true/false, not null',
    );
  });
});

describe('validateTuningJob: metric regex warnings', () => {
  it('accepts a regex that nests quantifiers but warns at its path, so a slow regex is known before a trial runs', () => {
    const result = validateTuningJob(
      fileWith({ metrics: [{ name: 'validation:rmse', regex: 'validation-rmse:((\\d+)+)' }] }),
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings?.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'metric.regexNestedQuantifier', path: ['metrics', 0, 'regex'] },
    ]);
  });
});

describe('validateTuningJob: every problem at once', () => {
  it('checks the metric definitions against the objective even when the objective type is wrong', () => {
    const result = validateTuningJob(
      fileWith({
        objective: { metric: 'validation:rmse', type: 'Minimise' },
        metrics: [{ name: 'validation:rmse', regex: 'rmse=\\S+' }],
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['objective.type', 'metrics.0.regex']),
    );
  });
});
