import { describe, expect, it } from 'vitest';
import { fileWith } from './fixtures/validFile.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const gridParameters = {
  depth: { type: 'integer', min: 2, max: 4 },
  booster: { type: 'categorical', values: ['gbtree', 'dart'] },
};
const managed = { 'sagemaker-managed': { TrainingJobDefinition: {} } };

describe('job name', () => {
  it("follows SageMaker's pattern", () => {
    for (const name of ['-job', 'job-', 'my_job', 'a'.repeat(64), 'job.v2']) {
      expect(problemAt(validateTuningJob(fileWith({ name })), ['name']).message).toBe(
        `"${name}" is not a valid job name: use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit`,
      );
    }
    for (const name of ['a', 'xgb--diabetes', 'A1-b2', 'a'.repeat(63)])
      specOf(validateTuningJob(fileWith({ name })));
  });

  it("has at most 32 characters for SageMaker's tuning", () => {
    const name = 'a'.repeat(33);
    expect(problemAt(validateTuningJob(fileWith({ name, executor: managed })), ['name']).message).toBe(
      `SageMaker's tuning-job names have at most 32 characters and "${name}" has 33: shorten it, or set executor.sagemaker-managed.tuningJobName`,
    );
  });

  it('is checked as sent: executor.sagemaker-managed.tuningJobName when set (docs/sagemaker.md)', () => {
    const named = (tuningJobName: unknown) => ({
      'sagemaker-managed': { ...managed['sagemaker-managed'], tuningJobName },
    });
    const long = 'a'.repeat(33);
    expect(specOf(validateTuningJob(fileWith({ name: long, executor: named('short') }))).name).toBe(long);
    const tooLong = 'b'.repeat(33);
    const result = validateTuningJob(fileWith({ name: 'short', executor: named(tooLong) }));
    expect(problemsOf(result).map((issue) => [issue.path, issue.message])).toEqual([
      [
        ['executor', 'sagemaker-managed', 'tuningJobName'],
        `SageMaker's tuning-job names have at most 32 characters and "${tooLong}" has 33: shorten it`,
      ],
    ]);
    // Not a string: the settings check names that field (it was the runner's); the long name is not what would be
    // sent, so the rule says nothing of it.
    expect(
      problemsOf(validateTuningJob(fileWith({ name: long, executor: named(7) }))).map((issue) => [
        issue.path,
        issue.message,
      ]),
    ).toEqual([[['executor', 'sagemaker-managed', 'tuningJobName'], 'must be a non-empty string']]);
  });
});

describe('Grid', () => {
  it('refuses continuous ranges, naming each', () => {
    const result = validateTuningJob(fileWith({ strategy: 'Grid' }));
    const issues = problemsOf(result);
    expect(issues.map((issue) => issue.path)).toEqual([
      ['parameters', 'eta', 'type'],
      ['parameters', 'subsample', 'type'],
    ]);
    expect(issues[0]?.message).toBe(
      'Grid search cannot enumerate the continuous range "eta": make it categorical (values: [...]) or integer, or choose another strategy',
    );
  });

  it('defaults maxTrials to the number of grid points', () => {
    const spec = specOf(
      validateTuningJob(fileWith({ strategy: 'Grid', parameters: gridParameters, limits: {} })),
    );
    expect(spec.limits.maxTrials).toBe(6);
  });

  it('refuses a budget smaller than the grid', () => {
    const result = validateTuningJob(
      fileWith({ strategy: 'Grid', parameters: gridParameters, limits: { maxTrials: 5 } }),
    );
    expect(problemAt(result, ['limits', 'maxTrials']).message).toBe(
      "5 trials cannot cover the grid's 6 combinations: raise maxTrials to 6 (or leave it out), or drop values",
    );
  });

  it('refuses a grid over 10000 points when maxTrials is left out', () => {
    const parameters = { a: { type: 'integer', min: 1, max: 200 }, b: { type: 'integer', min: 1, max: 200 } };
    const result = validateTuningJob(fileWith({ strategy: 'Grid', parameters, limits: {} }));
    expect(problemAt(result, ['limits', 'maxTrials']).message).toBe(
      'the grid has 40000 combinations, more than 10000 trials: drop values or ranges, or choose another strategy',
    );
  });

  it("warns that SageMaker's Grid receives integer ranges as categorical values", () => {
    const result = validateTuningJob(
      fileWith({ strategy: 'Grid', parameters: gridParameters, limits: {}, executor: managed }),
    );
    expect(result.ok && result.warnings).toEqual([
      {
        code: 'sagemaker.gridInteger',
        path: ['parameters', 'depth', 'type'],
        message:
          'SageMaker\'s Grid takes categorical ranges only: "depth" is sent as the categorical values 2..4',
      },
    ]);
    const wide = validateTuningJob(
      fileWith({
        strategy: 'Grid',
        parameters: { depth: { type: 'integer', min: 1, max: 31 } },
        limits: {},
        executor: managed,
      }),
    );
    expect(problemAt(wide, ['parameters', 'depth', 'type']).message).toBe(
      'SageMaker\'s Grid takes categorical ranges of at most 30 values, and "depth" has 31 integers: narrow it or list fewer values',
    );
  });
});

describe('sagemaker-managed', () => {
  it('refuses Sobol', () => {
    expect(
      problemAt(validateTuningJob(fileWith({ strategy: 'Sobol', executor: managed })), ['strategy']).message,
    ).toBe(
      "SageMaker's tuning has no Sobol strategy: use Bayesian, Random, Grid, Hyperband, or run Sobol with the local or sagemaker executor",
    );
  });

  it('needs a maximum runtime of at least 120 whole seconds', () => {
    const result = validateTuningJob(
      fileWith({ limits: { maxTrials: 3, maxRuntimeSeconds: 60 }, executor: managed }),
    );
    expect(problemAt(result, ['limits', 'maxRuntimeSeconds']).message).toBe(
      "must be at least 120 seconds for SageMaker's tuning (MaxRuntimeInSeconds), not 60",
    );
    const fraction = validateTuningJob(
      fileWith({ limits: { maxTrials: 3, maxRuntimeSeconds: 600.5 }, executor: managed }),
    );
    expect(problemAt(fraction, ['limits', 'maxRuntimeSeconds']).message).toBe(
      'must be a whole number of seconds for SageMaker, not 600.5',
    );
  });

  it('bounds static hyperparameters as SageMaker does', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect(
      problemAt(validateTuningJob(fileWith({ static: many, executor: managed })), ['static']).message,
    ).toBe("has 101 static hyperparameters; at most 100 are allowed (SageMaker's limit): drop some");
    const long = validateTuningJob(fileWith({ static: { notes: 'x'.repeat(2501) }, executor: managed }));
    expect(problemAt(long, ['static', 'notes']).message).toBe(
      "has 2501 characters; at most 2500 are allowed (SageMaker's limit): shorten it",
    );
  });
});

describe('static hyperparameters', () => {
  it('may not also be tuned', () => {
    expect(problemAt(validateTuningJob(fileWith({ static: { eta: 0.1 } })), ['static', 'eta']).message).toBe(
      '"eta" is also a tuned parameter: remove it from static or from parameters',
    );
  });
});

describe('limits.maxConsecutiveFailures with sagemaker-managed', () => {
  it('is accepted with a warning that SageMaker does not apply it', () => {
    const result = validateTuningJob(
      fileWith({ executor: managed, limits: { maxTrials: 5, maxConsecutiveFailures: 3 } }),
    );
    expect(result.ok && result.warnings?.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'sagemaker.maxConsecutiveFailures', path: ['limits', 'maxConsecutiveFailures'] },
    ]);
    const quiet = validateTuningJob(fileWith({ executor: managed, limits: { maxTrials: 5 } }));
    expect(quiet.ok && quiet.warnings).toBeUndefined();
  });
});
