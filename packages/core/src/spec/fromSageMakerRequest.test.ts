import { describe, expect, it } from 'vitest';
import fixture from './fixtures/createHyperParameterTuningJob.json' with { type: 'json' };
import { fromSageMakerRequest, isSageMakerRequest } from './fromSageMakerRequest.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { toSageMakerRequest } from './toSageMakerRequest.ts';

type Body = Record<string, unknown>;

/** A fresh copy of the fixture request, for a test to break. */
function request(): Body {
  return structuredClone(fixture) as Body;
}

/** The object at `path` inside a request, for a test to edit in place (fails when there is none). */
function node(body: Body, ...path: (string | number)[]): Body {
  let current: unknown = body;
  for (const key of path) {
    current = (current as Body)[key];
    if (current === null || typeof current !== 'object') {
      throw new Error(`the fixture request has no object at ${path.join('.')}`);
    }
  }
  return current as Body;
}
const CONFIG = 'HyperParameterTuningJobConfig';

describe('fromSageMakerRequest: a realistic request', () => {
  it("reads every tuning field, ranges in the request's order, values as numbers", () => {
    const spec = specOf(fromSageMakerRequest(request()));
    expect(spec.name).toBe('xgb-diabetes-2026-11-23');
    expect(spec.objective).toEqual({ metric: 'validation:rmse', type: 'Minimize' });
    expect(spec.strategy).toBe('Bayesian');
    expect(spec.parameters).toEqual([
      { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Linear' },
      { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
      { type: 'continuous', name: 'subsample', min: 0.5, max: 0.99, scaling: 'ReverseLogarithmic' },
      { type: 'continuous', name: 'min_child_weight', min: 0.5, max: 20, scaling: 'Auto' },
      { type: 'continuous', name: 'alpha', min: 0, max: 2, scaling: 'Auto' },
      { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
    ]);
    expect(spec.static).toEqual({ num_round: '200', objective: 'reg:squarederror', eval_metric: 'rmse' });
    expect(spec.metrics.map((metric) => metric.name)).toEqual(['validation:rmse', 'train:rmse']);
    expect(spec.limits).toEqual({ maxTrials: 30, maxParallel: 3, maxRuntimeSeconds: 7200, maxRetries: 2 });
    expect(spec.completion).toEqual({ targetObjective: 2.9, maxTrialsNotImproving: 10, convergence: true });
    expect(spec.earlyStopping).toBe('Auto');
    expect(spec.seed).toBe(42);
  });

  it('keeps the training definition, warm start and tags for the runner, without what became spec fields', () => {
    const spec = specOf(fromSageMakerRequest(request()));
    expect(spec.executor.kind).toBe('sagemaker-managed');
    const settings = spec.executor.kind === 'sagemaker-managed' ? spec.executor.settings.request : undefined;
    const { StaticHyperParameters, RetryStrategy, AlgorithmSpecification, ...rest } =
      fixture.TrainingJobDefinition;
    const { MetricDefinitions, ...algorithm } = AlgorithmSpecification;
    expect(settings).toEqual({
      TrainingJobDefinition: { ...rest, AlgorithmSpecification: algorithm },
      WarmStartConfig: fixture.WarmStartConfig,
      Tags: fixture.Tags,
    });
  });

  it('is recognised as a request rather than a tuning file', () => {
    expect(isSageMakerRequest(request())).toBe(true);
    expect(isSageMakerRequest({ name: 'job' })).toBe(false);
  });

  it("applies SageMaker's defaults: scaling Auto, early stopping Off, no convergence, seed 0, no retry", () => {
    const body = request();
    delete node(body, CONFIG).TrainingJobEarlyStoppingType;
    delete node(body, CONFIG).TuningJobCompletionCriteria;
    delete node(body, CONFIG).RandomSeed;
    delete node(body, 'TrainingJobDefinition').RetryStrategy;
    const spec = specOf(fromSageMakerRequest(body));
    expect([spec.earlyStopping, spec.completion, spec.seed, spec.limits.maxRetries]).toEqual([
      'Off',
      { convergence: false },
      0,
      0,
    ]);
    // No RandomSeed: the runner draws one when the job starts, and the request written back sends none.
    expect(spec.seedDrawn).toBe(true);
    const back = toSageMakerRequest(spec);
    if (!back.ok) throw new Error('the request did not convert back');
    expect(node(back.value as Body, CONFIG)).not.toHaveProperty('RandomSeed');
    expect(node(back.value as Body, CONFIG)).toHaveProperty('Strategy');
  });

  it('warns when there are no metric definitions (a built-in algorithm)', () => {
    const body = request();
    delete node(body, 'TrainingJobDefinition', 'AlgorithmSpecification').MetricDefinitions;
    const result = fromSageMakerRequest(body);
    expect(result.ok && result.value.metrics).toEqual([]);
    expect(result.ok && result.warnings?.map((warning) => warning.path)).toEqual([
      ['TrainingJobDefinition', 'AlgorithmSpecification', 'MetricDefinitions'],
    ]);
  });

  it("defaults a Grid's budget to its number of combinations", () => {
    const body = request();
    node(body, CONFIG).Strategy = 'Grid';
    node(body, CONFIG).TrainingJobEarlyStoppingType = 'Off';
    node(body, CONFIG).ParameterRanges = {
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart', 'gblinear'] }],
    };
    delete node(body, CONFIG, 'ResourceLimits').MaxNumberOfTrainingJobs;
    expect(specOf(fromSageMakerRequest(body)).limits.maxTrials).toBe(3);
  });
});

describe("fromSageMakerRequest: problems at the request's paths", () => {
  it('names unknown fields with the nearest SageMaker name', () => {
    const body = request();
    node(body, CONFIG).RandomSeeds = 3;
    node(body, CONFIG, 'ResourceLimits').MaxParallelTrainingJob = 3;
    const result = fromSageMakerRequest(body);
    expect(problemAt(result, [CONFIG, 'RandomSeeds']).message).toBe(
      'unknown key "RandomSeeds"; did you mean "RandomSeed"?',
    );
    expect(problemAt(result, [CONFIG, 'ResourceLimits', 'MaxParallelTrainingJob']).message).toBe(
      'unknown key "MaxParallelTrainingJob"; did you mean "MaxParallelTrainingJobs"?',
    );
  });

  it('requires the name, the config and the training definition', () => {
    const result = fromSageMakerRequest({ HyperParameterTuningJobConfig: {} });
    expect(problemAt(result, ['HyperParameterTuningJobName']).message).toBe(
      'is required: add the tuning job name',
    );
    expect(problemAt(result, ['TrainingJobDefinition']).message).toBe(
      'is required: add TrainingJobDefinition (what each training job runs)',
    );
    expect(problemAt(result, [CONFIG, 'Strategy']).message).toBe(
      'is required: add Strategy: Bayesian, Random, Grid, Hyperband',
    );
    expect(problemAt(result, [CONFIG, 'ResourceLimits']).message).toBe(
      'is required: add ResourceLimits: { MaxNumberOfTrainingJobs, MaxParallelTrainingJobs }',
    );
  });

  it('checks range values written as strings', () => {
    const body = request();
    node(body, CONFIG, 'ParameterRanges', 'ContinuousParameterRanges', 0).MinValue = 'tiny';
    node(body, CONFIG, 'ParameterRanges', 'IntegerParameterRanges', 0).ScalingType = 'ReverseLogarithmic';
    const result = fromSageMakerRequest(body);
    expect(
      problemAt(result, [CONFIG, 'ParameterRanges', 'ContinuousParameterRanges', 0, 'MinValue']).message,
    ).toBe('must be a number written as a string ("0.001"), not the string "tiny"');
    expect(
      problemAt(result, [CONFIG, 'ParameterRanges', 'IntegerParameterRanges', 0, 'ScalingType']).message,
    ).toBe('ReverseLogarithmic applies to continuous ranges only: use Linear, Logarithmic or Auto');
  });

  it("places the range rules (checkParameters) at the request's range fields", () => {
    const body = request();
    node(body, CONFIG, 'ParameterRanges', 'ContinuousParameterRanges', 1).MaxValue = '1.5';
    const issues = problemsOf(fromSageMakerRequest(body));
    expect(issues.map((issue) => issue.path.slice(0, 4))).toEqual([
      [CONFIG, 'ParameterRanges', 'ContinuousParameterRanges', 1],
    ]);
    expect(issues[0]?.path[4]).toMatch(/^(MinValue|MaxValue|ScalingType)$/);
  });

  it('bounds the resource limits as SageMaker does', () => {
    const body = request();
    node(body, CONFIG).ResourceLimits = {
      MaxNumberOfTrainingJobs: 0,
      MaxParallelTrainingJobs: 2,
      MaxRuntimeInSeconds: 60,
    };
    const result = fromSageMakerRequest(body);
    expect(problemAt(result, [CONFIG, 'ResourceLimits', 'MaxNumberOfTrainingJobs']).message).toBe(
      'must be at least 1, not 0',
    );
    expect(problemAt(result, [CONFIG, 'ResourceLimits', 'MaxRuntimeInSeconds']).message).toBe(
      'must be at least 120, not 60',
    );
  });

  it('checks completion criteria', () => {
    const body = request();
    node(body, CONFIG).TuningJobCompletionCriteria = {
      BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 2 },
      ConvergenceDetected: { CompleteOnConvergence: 'enabled' },
    };
    const result = fromSageMakerRequest(body);
    const criteria = [CONFIG, 'TuningJobCompletionCriteria'];
    expect(
      problemAt(result, [...criteria, 'BestObjectiveNotImproving', 'MaxNumberOfTrainingJobsNotImproving'])
        .message,
    ).toBe("must be at least 3 (SageMaker's minimum), not 2");
    expect(problemAt(result, [...criteria, 'ConvergenceDetected', 'CompleteOnConvergence']).message).toBe(
      'must be one of Enabled, Disabled, not the string "enabled"; did you mean "Enabled"?',
    );
  });

  it('refuses what tunekit does not run: several definitions, Autotune, AutoParameters', () => {
    const body = request();
    body.TrainingJobDefinitions = [body.TrainingJobDefinition];
    body.Autotune = { Mode: 'Enabled' };
    node(body, CONFIG, 'ParameterRanges').AutoParameters = [{ Name: 'eta', ValueHint: '0.1' }];
    const result = fromSageMakerRequest(body);
    expect(problemAt(result, ['TrainingJobDefinitions']).message).toBe(
      'tunekit tunes one training definition: use TrainingJobDefinition',
    );
    expect(problemAt(result, ['Autotune']).message).toBe(
      'tunekit needs explicit ranges and limits: remove Autotune',
    );
    expect(problemAt(result, [CONFIG, 'ParameterRanges', 'AutoParameters']).message).toBe(
      'tunekit needs explicit ranges: replace AutoParameters with Integer, Continuous or Categorical ranges',
    );
  });

  it("checks the name against SageMaker's 32 characters and the static names against the ranges", () => {
    const body = request();
    body.HyperParameterTuningJobName = 'xgb-diabetes-with-a-much-too-long-name';
    node(body, 'TrainingJobDefinition', 'StaticHyperParameters').eta = '0.1';
    const result = fromSageMakerRequest(body);
    expect(problemAt(result, ['HyperParameterTuningJobName']).message).toBe(
      'SageMaker\'s tuning-job names have at most 32 characters and "xgb-diabetes-with-a-much-too-long-name" has 38: shorten it',
    );
    expect(problemAt(result, ['TrainingJobDefinition', 'StaticHyperParameters', 'eta']).message).toBe(
      '"eta" is also a tuned parameter: remove it from static or from parameters',
    );
  });

  it('refuses a Grid with continuous ranges, naming the range', () => {
    const body = request();
    node(body, CONFIG).Strategy = 'Grid';
    const result = fromSageMakerRequest(body);
    expect(problemAt(result, [CONFIG, 'ParameterRanges', 'ContinuousParameterRanges', 0]).message).toBe(
      'Grid search cannot enumerate the continuous range "eta": make it categorical (values: [...]) or integer, or choose another strategy',
    );
  });
});
