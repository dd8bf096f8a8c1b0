import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Parameter } from '../space/types.ts';
import { fromSageMakerRequest } from './fromSageMakerRequest.ts';
import { sageMakerSettingsOf } from './testHelpers.ts';
import { toSageMakerRequest } from './toSageMakerRequest.ts';
import type { TuningJobSpec } from './types.ts';

const GROUP_ORDER = { integer: 0, continuous: 1, categorical: 2 } as const;
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const finite = (min: number, max: number) =>
  fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((value) => (Object.is(value, -0) ? 0 : value));
const ordered = (arbitrary: fc.Arbitrary<number>) =>
  fc
    .tuple(arbitrary, arbitrary)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): readonly [number, number] => (a < b ? [a, b] : [b, a]));

const continuous = (name: string): fc.Arbitrary<Parameter> =>
  fc
    .oneof(
      fc.record({
        bounds: ordered(finite(-1e6, 1e6)),
        scaling: fc.constantFrom('Linear' as const, 'Auto' as const),
      }),
      fc.record({ bounds: ordered(finite(1e-9, 1e6)), scaling: fc.constant('Logarithmic' as const) }),
      fc.record({
        bounds: ordered(finite(0, 0.999999)),
        scaling: fc.constant('ReverseLogarithmic' as const),
      }),
    )
    .map(({ bounds, scaling }) => ({
      type: 'continuous' as const,
      name,
      min: bounds[0],
      max: bounds[1],
      scaling,
    }));
const integer = (name: string): fc.Arbitrary<Parameter> =>
  fc
    .oneof(
      fc.record({
        bounds: ordered(fc.integer({ min: -1000, max: 1000 })),
        scaling: fc.constantFrom('Linear' as const, 'Auto' as const),
      }),
      fc.record({
        bounds: ordered(fc.integer({ min: 1, max: 100_000 })),
        scaling: fc.constant('Logarithmic' as const),
      }),
    )
    .map(({ bounds, scaling }) => ({
      type: 'integer' as const,
      name,
      min: bounds[0],
      max: bounds[1],
      scaling,
    }));
const categorical = (name: string): fc.Arbitrary<Parameter> =>
  fc
    .uniqueArray(fc.stringMatching(/^[A-Za-z0-9:._-]{1,12}$/), { minLength: 1, maxLength: 5 })
    .map((values) => ({
      type: 'categorical' as const,
      name,
      values,
    }));

/** Ranges grouped as SageMaker groups them (integer, continuous, categorical), so the order survives the trip. */
const parametersOf = (names: string[], categoricalOnly: boolean) =>
  fc
    .tuple(
      ...names.map((name) =>
        categoricalOnly ? categorical(name) : fc.oneof(continuous(name), integer(name), categorical(name)),
      ),
    )
    .map((list) => [...list].sort((a, b) => GROUP_ORDER[a.type] - GROUP_ORDER[b.type]));

const settings = fc.record(
  {
    TrainingJobDefinition: fc.record({
      AlgorithmSpecification: fc.record({
        TrainingImage: fc.constant('111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1'),
        TrainingInputMode: fc.constantFrom('File', 'FastFile'),
      }),
      RoleArn: fc.constant('arn:aws:iam::111122223333:role/tuning'),
      OutputDataConfig: fc.constant({ S3OutputPath: 's3://bucket/out/' }),
      ResourceConfig: fc.record({
        InstanceType: fc.constantFrom('ml.m5.large', 'ml.g5.xlarge'),
        InstanceCount: fc.integer({ min: 1, max: 4 }),
        VolumeSizeInGB: fc.constant(10),
      }),
      StoppingCondition: fc.record({ MaxRuntimeInSeconds: fc.integer({ min: 60, max: 86_400 }) }),
    }),
    WarmStartConfig: fc.constant({
      ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: 'parent-1' }],
      WarmStartType: 'TransferLearning',
    }),
    Tags: fc.constant([{ Key: 'team', Value: 'ml' }]),
  },
  { requiredKeys: ['TrainingJobDefinition'] },
);

const specs: fc.Arbitrary<TuningJobSpec> = fc
  .record({
    strategy: fc.constantFrom('Bayesian' as const, 'Random' as const, 'Grid' as const, 'Hyperband' as const),
    names: fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
    metricNames: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}(:[a-z]{1,8})?$/), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .chain(({ strategy, names, metricNames }) => {
    const grid = strategy === 'Grid';
    const used = grid ? names.slice(0, 3) : names;
    return fc.record({
      name: fc.stringMatching(/^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,15}$/),
      objective: fc.record({
        metric: fc.constantFrom(...metricNames),
        type: fc.constantFrom('Minimize' as const, 'Maximize' as const),
      }),
      metrics: fc.constant(metricNames.map((name) => ({ name, regex: `${name}=([-+0-9.eE]+)` }))),
      strategy: fc.constant(strategy),
      parameters: parametersOf(used, grid),
      static: fc.dictionary(fc.stringMatching(/^S[a-z_]{0,10}$/), fc.string({ maxLength: 20 }), {
        maxKeys: 5,
      }),
      limits: fc.record(
        {
          maxTrials: fc.integer({ min: grid ? 125 : 1, max: 10_000 }),
          maxParallel: fc.integer({ min: 1, max: 100 }),
          maxRuntimeSeconds: fc.integer({ min: 120, max: 15_768_000 }),
          maxRetries: fc.integer({ min: 0, max: 30 }),
        },
        { requiredKeys: ['maxTrials', 'maxParallel', 'maxRetries'] },
      ),
      completion: fc.record(
        {
          targetObjective: finite(-1e9, 1e9),
          maxTrialsNotImproving: fc.integer({ min: 3, max: 1000 }),
          convergence: fc.boolean(),
        },
        { requiredKeys: ['convergence'] },
      ),
      earlyStopping:
        strategy === 'Hyperband'
          ? fc.constant('Off' as const)
          : fc.constantFrom('Off' as const, 'Auto' as const),
      seed: fc.integer({ min: 0, max: 2_147_483_647 }),
      executor: settings.map((s) => ({
        kind: 'sagemaker-managed' as const,
        settings: sageMakerSettingsOf('sagemaker-managed', s),
      })),
    });
  });

describe('SageMaker round trip', () => {
  test.prop([specs], { numRuns: 200 })(
    'toSageMakerRequest then fromSageMakerRequest gives back the spec',
    (spec) => {
      const request = toSageMakerRequest(spec);
      if (!request.ok) throw new Error(JSON.stringify(request.issues));
      const sent = JSON.parse(JSON.stringify(request.value));
      const back = fromSageMakerRequest(sent);
      if (!back.ok) throw new Error(JSON.stringify(back.issues));
      expect(back.value).toEqual(spec);
    },
    // 200 specs take 2.5-3.5 s alone; under the whole suite's load on two cores they passed 5 s.
    30_000,
  );

  test.prop([specs], { numRuns: 50 })(
    'ranges declared out of group order come back grouped, otherwise equal',
    (spec) => {
      const reversed = { ...spec, parameters: [...spec.parameters].reverse() };
      const request = toSageMakerRequest(reversed);
      if (!request.ok) throw new Error(JSON.stringify(request.issues));
      const back = fromSageMakerRequest(JSON.parse(JSON.stringify(request.value)));
      if (!back.ok) throw new Error(JSON.stringify(back.issues));
      expect(back.value).toEqual({
        ...reversed,
        parameters: [...reversed.parameters].sort((a, b) => GROUP_ORDER[a.type] - GROUP_ORDER[b.type]),
      });
    },
  );
});
