import { describe, expect, it } from 'vitest';
import fixture from './fixtures/createHyperParameterTuningJob.json' with { type: 'json' };
import { validFile } from './fixtures/validFile.ts';
import { fromSageMakerRequest } from './fromSageMakerRequest.ts';
import { problemAt, sageMakerSettingsOf, specOf } from './testHelpers.ts';
import { toSageMakerRequest } from './toSageMakerRequest.ts';
import type { TuningJobSpec } from './types.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const managed = {
  kind: 'sagemaker-managed',
  settings: sageMakerSettingsOf('sagemaker-managed', {
    TrainingJobDefinition: { RoleArn: 'arn:aws:iam::1:role/r' },
  }),
} as const;
/** The part of a written request that the range tests read. */
interface RequestRanges {
  readonly HyperParameterTuningJobConfig: {
    readonly ParameterRanges: {
      readonly ContinuousParameterRanges: readonly { readonly MinValue: string; readonly MaxValue: string }[];
    };
  };
}

function designSpec(patch: Partial<TuningJobSpec> = {}): TuningJobSpec {
  return { ...specOf(validateTuningJob(validFile())), executor: managed, ...patch };
}

describe('toSageMakerRequest', () => {
  it('writes the request SageMaker takes, bounds as strings and ranges grouped by type', () => {
    const request = specOf(toSageMakerRequest(designSpec()));
    expect(request).toEqual({
      HyperParameterTuningJobName: 'xgb-diabetes',
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:rmse' },
        ResourceLimits: {
          MaxNumberOfTrainingJobs: 30,
          MaxParallelTrainingJobs: 2,
          MaxRuntimeInSeconds: 3600,
        },
        ParameterRanges: {
          IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '2', MaxValue: '10', ScalingType: 'Auto' }],
          ContinuousParameterRanges: [
            { Name: 'eta', MinValue: '0.01', MaxValue: '0.5', ScalingType: 'Logarithmic' },
            { Name: 'subsample', MinValue: '0.5', MaxValue: '0.99', ScalingType: 'ReverseLogarithmic' },
          ],
          CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'gblinear'] }],
        },
        TrainingJobEarlyStoppingType: 'Auto',
        TuningJobCompletionCriteria: {
          TargetObjectiveMetricValue: 2.9,
          BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 10 },
          ConvergenceDetected: { CompleteOnConvergence: 'Enabled' },
        },
        RandomSeed: 42,
      },
      TrainingJobDefinition: {
        StaticHyperParameters: { num_round: '200' },
        AlgorithmSpecification: {
          MetricDefinitions: [{ Name: 'validation:rmse', Regex: 'validation-rmse:([-+0-9.eE]+)' }],
        },
        RoleArn: 'arn:aws:iam::1:role/r',
      },
    });
  });

  it('gives back the fixture request after an import, with the default scaling written out', () => {
    const spec = specOf(fromSageMakerRequest(structuredClone(fixture)));
    const expected = structuredClone(fixture);
    const alpha: { ScalingType?: string } =
      expected.HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[3]!;
    expect(alpha.ScalingType).toBeUndefined();
    alpha.ScalingType = 'Auto';
    expect(specOf(toSageMakerRequest(spec))).toEqual(expected);
  });

  it('writes small and large bounds in a form SageMaker parses back exactly', () => {
    const spec = designSpec({
      parameters: [
        { type: 'continuous', name: 'lr', min: 1e-7, max: 0.30000000000000004, scaling: 'Logarithmic' },
      ],
    });
    const request = specOf(toSageMakerRequest(spec)) as unknown as RequestRanges;
    const range = request.HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0]!;
    expect([range.MinValue, range.MaxValue]).toEqual(['1e-7', '0.30000000000000004']);
    expect(Number(range.MinValue)).toBe(1e-7);
  });

  it('refuses Sobol, naming the strategies SageMaker has', () => {
    expect(problemAt(toSageMakerRequest(designSpec({ strategy: 'Sobol' })), ['strategy']).message).toBe(
      "SageMaker's tuning has no Sobol strategy: use Bayesian, Random, Grid, Hyperband, or run Sobol with the local or sagemaker executor",
    );
  });

  it('refuses more than 30 ranges and more than 30 values a categorical', () => {
    const parameters = Array.from({ length: 31 }, (_, i) => ({
      type: 'continuous' as const,
      name: `p${i}`,
      min: 0,
      max: 1,
      scaling: 'Linear' as const,
    }));
    expect(
      problemAt(toSageMakerRequest(designSpec({ parameters, static: {} })), ['parameters']).message,
    ).toBe('SageMaker tunes at most 30 ranges, not 31: move some to static');
    const values = Array.from({ length: 31 }, (_, i) => `v${i}`);
    const wide = designSpec({ parameters: [{ type: 'categorical', name: 'c', values }] });
    expect(problemAt(toSageMakerRequest(wide), ['parameters', 'c', 'values']).message).toBe(
      'SageMaker takes at most 30 values a categorical range, not 31: drop some',
    );
  });

  it('refuses Grid with a continuous range and a name over 32 characters', () => {
    const result = toSageMakerRequest(
      designSpec({ strategy: 'Grid', name: 'x'.repeat(33), earlyStopping: 'Off' }),
    );
    expect(problemAt(result, ['parameters', 'eta', 'type']).message).toMatch(
      /^Grid search cannot enumerate the continuous range "eta"/,
    );
    expect(problemAt(result, ['name']).message).toBe(
      `SageMaker's tuning-job names have at most 32 characters and "${'x'.repeat(33)}" has 33: shorten it`,
    );
  });

  it("sends a Grid's integer ranges as categorical values", () => {
    const spec = designSpec({
      strategy: 'Grid',
      parameters: [
        { type: 'integer', name: 'depth', min: 2, max: 4, scaling: 'Auto' },
        { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
      ],
      limits: { maxTrials: 6, maxParallel: 1, maxRetries: 0 },
    });
    const result = toSageMakerRequest(spec);
    const written = specOf(result) as unknown as RequestRanges;
    expect(written.HyperParameterTuningJobConfig.ParameterRanges).toEqual({
      CategoricalParameterRanges: [
        { Name: 'depth', Values: ['2', '3', '4'] },
        { Name: 'booster', Values: ['gbtree', 'dart'] },
      ],
    });
    expect(result.ok && result.warnings?.[0]?.code).toBe('sagemaker.gridInteger');
  });

  it("sends the top-level hyperband block's resources as StrategyConfig (tunekit export of a local Hyperband file)", () => {
    const spec = designSpec({
      strategy: 'Hyperband',
      earlyStopping: 'Off',
      hyperband: { minResource: 2, maxResource: 54, eta: 3, sampler: 'Bayesian' },
    });
    const request = specOf(toSageMakerRequest(spec)) as {
      HyperParameterTuningJobConfig: Record<string, unknown>;
    };
    expect(request.HyperParameterTuningJobConfig.StrategyConfig).toEqual({
      HyperbandStrategyConfig: { MinResource: 2, MaxResource: 54 },
    });
  });

  it('refuses a maximum runtime under 120 seconds', () => {
    const spec = designSpec({
      limits: { maxTrials: 3, maxParallel: 1, maxRetries: 0, maxRuntimeSeconds: 30 },
    });
    expect(problemAt(toSageMakerRequest(spec), ['limits', 'maxRuntimeSeconds']).message).toBe(
      "must be at least 120 seconds for SageMaker's tuning (MaxRuntimeInSeconds), not 30",
    );
  });

  it('refuses settings that would contradict the spec', () => {
    const spec = designSpec({
      executor: {
        kind: 'sagemaker-managed',
        settings: sageMakerSettingsOf('sagemaker-managed', {
          TrainingJobDefinition: {
            StaticHyperParameters: { a: '1' },
            AlgorithmSpecification: { MetricDefinitions: [] },
          },
        }),
      },
    });
    const result = toSageMakerRequest(spec);
    expect(
      problemAt(result, ['executor', 'sagemaker-managed', 'TrainingJobDefinition', 'StaticHyperParameters'])
        .message,
    ).toBe("comes from the tuning file's static: remove it here");
    expect(
      problemAt(result, [
        'executor',
        'sagemaker-managed',
        'TrainingJobDefinition',
        'AlgorithmSpecification',
        'MetricDefinitions',
      ]).message,
    ).toBe("comes from the tuning file's metrics: remove it here");
  });

  it("writes a local job's request with a warning naming what SageMaker still needs", () => {
    const spec = specOf(validateTuningJob(validFile()));
    const result = toSageMakerRequest(spec);
    expect(result.ok && result.warnings).toEqual([
      {
        code: 'sagemaker.noTrainingDefinition',
        path: ['executor', 'local', 'TrainingJobDefinition'],
        message:
          'no TrainingJobDefinition: add AlgorithmSpecification, RoleArn, OutputDataConfig, ResourceConfig and StoppingCondition before sending this request',
      },
    ]);
  });
});
