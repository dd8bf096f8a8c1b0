import { describe, expect, it } from 'vitest';
import { fileWith } from './fixtures/validFile.ts';
import { parseTuningFile } from './parseTuningFile.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const managed = { 'sagemaker-managed': { TrainingJobDefinition: {} } };
const hyperbandFile = (patch: Record<string, unknown>) =>
  fileWith({ strategy: 'Hyperband', earlyStopping: undefined, static: { epochs: 81 }, ...patch });

describe('hyperband settings', () => {
  it('run Hyperband on the local executor, maxResource inferred from static epochs, eta 3 and BOHB by default', () => {
    const spec = specOf(validateTuningJob(hyperbandFile({})));
    expect(spec.earlyStopping).toBe('Off');
    expect(spec.hyperband).toEqual({ minResource: 1, maxResource: 81, eta: 3, sampler: 'Bayesian' });
    const written = specOf(
      validateTuningJob(
        hyperbandFile({
          static: {},
          hyperband: {
            minResource: 2,
            maxResource: 100,
            eta: 2,
            resourceMetric: 'validation:rmse',
            sampler: 'Random',
          },
        }),
      ),
    );
    expect(written.hyperband).toEqual({
      minResource: 2,
      maxResource: 100,
      eta: 2,
      resourceMetric: 'validation:rmse',
      sampler: 'Random',
    });
  });

  it.each([['epochs'], ['numepochs'], ['n-epochs'], ['n_epochs'], ['num_epochs']])(
    'infer maxResource from static %s',
    (name) => {
      expect(
        specOf(validateTuningJob(hyperbandFile({ static: { [name]: '120' } }))).hyperband?.maxResource,
      ).toBe(120);
    },
  );

  it.each([
    [
      { static: { num_round: 200 } },
      ['hyperband', 'maxResource'],
      'is required: set hyperband.maxResource (the epochs or other units a full trial trains for), or give a static epochs, numepochs, n-epochs, n_epochs, num_epochs to infer it from',
    ],
    [
      { static: { epochs: 20_001 } },
      ['hyperband', 'maxResource'],
      'cannot be inferred from static.epochs ("20001"): it must be a whole number from 2 to 20000; set hyperband.maxResource instead',
    ],
    [
      { static: { epochs: '1.5' } },
      ['hyperband', 'maxResource'],
      'cannot be inferred from static.epochs ("1.5"): it must be a whole number from 2 to 20000; set hyperband.maxResource instead',
    ],
    [
      { hyperband: { maxResource: 20_001 } },
      ['hyperband', 'maxResource'],
      "must be at most 20000 (SageMaker's MaxResource bounds), not 20001",
    ],
    [{ hyperband: { minResource: 0 } }, ['hyperband', 'minResource'], 'must be at least 1, not 0'],
    [
      { hyperband: { minResource: 81 } },
      ['hyperband', 'minResource'],
      'must be less than maxResource (81), not 81: Hyperband needs room to stop trials between the two',
    ],
    [
      { hyperband: { eta: 1 } },
      ['hyperband', 'eta'],
      'must be at least 2 (the reduction factor: each rung keeps the best 1/eta), not 1',
    ],
    [
      { hyperband: { resourceMetric: 'epoch' } },
      ['hyperband', 'resourceMetric'],
      "names no metric definition: add { name: epoch, regex: '...' } to metrics, or use one of validation:rmse",
    ],
    [
      { hyperband: { sampler: 'TPE' } },
      ['hyperband', 'sampler'],
      'must be one of Bayesian, Random, not the string "TPE"',
    ],
    [
      { hyperband: [1, 81] },
      ['hyperband'],
      'must be a mapping of minResource, maxResource, eta, resourceMetric, sampler: for example hyperband: { minResource: 1, maxResource: 81 }',
    ],
    [
      { earlyStopping: 'Auto' },
      ['earlyStopping'],
      'must be Off with Hyperband, which stops trials early itself (as SageMaker requires): remove earlyStopping or set it to Off',
    ],
    [
      { strategy: 'Bayesian', hyperband: { maxResource: 81 } },
      ['hyperband'],
      'applies only with strategy Hyperband (the strategy is Bayesian): remove it or set strategy: Hyperband',
    ],
  ])('refuse %j at its path', (patch, path, message) => {
    expect(problemAt(validateTuningJob(hyperbandFile(patch)), path).message).toBe(message);
  });

  it('name a misplaced key in the block', () => {
    expect(
      problemAt(validateTuningJob(hyperbandFile({ hyperband: { maxResources: 9 } })), [
        'hyperband',
        'maxResources',
      ]).message,
    ).toContain('unknown key "maxResources"');
  });

  it('are refused for hostile input: a __proto__ key and NUL bytes', () => {
    const text = `${JSON.stringify(hyperbandFile({}))}`.replace(
      '"strategy":"Hyperband"',
      '"strategy":"Hyperband","hyperband":{"__proto__":{"maxResource":3},"resourceMetric":"a\\u0000b"}',
    );
    const problems = problemsOf(parseTuningFile(text, { fileName: 'tuning.json' }));
    expect(problems.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['hyperband.__proto__', 'hyperband.resourceMetric']),
    );
  });
});

describe('hyperband with executor sagemaker-managed', () => {
  it('is read from the top level and sent to SageMaker', () => {
    const spec = specOf(
      validateTuningJob(hyperbandFile({ executor: managed, hyperband: { minResource: 1, maxResource: 27 } })),
    );
    expect(spec.hyperband).toMatchObject({ minResource: 1, maxResource: 27 });
  });

  it('is still read in its old place, with a warning naming the new one', () => {
    const result = validateTuningJob(
      hyperbandFile({
        executor: {
          'sagemaker-managed': { ...managed['sagemaker-managed'], hyperband: { maxResource: 27 } },
        },
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.warnings).toContainEqual({
      code: 'spec.hyperbandMoved',
      path: ['executor', 'sagemaker-managed', 'hyperband'],
      message:
        'is deprecated: move this block to the top level of the tuning file (hyperband: { minResource, maxResource }); it is still read here for now',
    });
    expect(
      result.value.executor.kind === 'sagemaker-managed' && result.value.executor.settings.hyperband,
    ).toEqual({
      maxResource: 27,
    });
  });

  it('is refused in both places at once', () => {
    const result = validateTuningJob(
      hyperbandFile({
        executor: {
          'sagemaker-managed': { ...managed['sagemaker-managed'], hyperband: { maxResource: 27 } },
        },
        hyperband: { maxResource: 27 },
      }),
    );
    expect(problemAt(result, ['hyperband']).message).toBe(
      'is given twice, here and in executor.sagemaker-managed.hyperband: keep the top-level hyperband and remove the other',
    );
  });

  it("refuses the settings SageMaker's own Hyperband does not take", () => {
    const result = validateTuningJob(
      hyperbandFile({ executor: managed, hyperband: { eta: 4, sampler: 'Random' } }),
    );
    for (const key of ['eta', 'sampler']) {
      expect(problemAt(result, ['hyperband', key]).message).toBe(
        "SageMaker's own Hyperband takes only minResource and maxResource (its reduction factor is 3): remove it, or use executor sagemaker to have tunekit run Hyperband",
      );
    }
  });
});
