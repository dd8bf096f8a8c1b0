import { describe, expect, it } from 'vitest';
import { fileWith } from './fixtures/validFile.ts';
import { SPEC_DEFAULTS } from './limits.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { toSageMakerRequest } from './toSageMakerRequest.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const managed = { 'sagemaker-managed': { TrainingJobDefinition: {} } };
const earlyStoppingOf = (earlyStopping: unknown) =>
  specOf(validateTuningJob(fileWith({ earlyStopping }))).earlyStopping;
const problems = (earlyStopping: unknown) =>
  problemsOf(validateTuningJob(fileWith({ earlyStopping }))).map((issue) => [
    issue.path.join('.'),
    issue.message,
  ]);

describe('earlyStopping', () => {
  it('reads Off, Auto and the mapping with a grace period', () => {
    expect(earlyStoppingOf(undefined)).toBe('Off');
    expect(earlyStoppingOf('Auto')).toBe('Auto');
    expect(earlyStoppingOf({ type: 'Off' })).toBe('Off');
    // Without minSteps, minTrials or minFraction the mapping is the word: same spec, same hash as before the
    // grace period.
    expect(earlyStoppingOf({ type: 'Auto' })).toBe('Auto');
    expect(earlyStoppingOf({ type: 'Auto', minSteps: 3, minTrials: 8, minFraction: 0.25 })).toEqual({
      type: 'Auto',
      minSteps: 3,
      minTrials: 8,
      minFraction: 0.25,
    });
    // The other values are written in, so the journaled spec keeps the grace period the job ran with.
    expect(earlyStoppingOf({ type: 'Auto', minSteps: 0 })).toEqual({
      type: 'Auto',
      minSteps: 0,
      minTrials: SPEC_DEFAULTS.medianRule.minTrials,
      minFraction: SPEC_DEFAULTS.medianRule.minFraction,
    });
    expect(earlyStoppingOf({ type: 'Auto', minFraction: 0 })).toEqual({
      type: 'Auto',
      minSteps: SPEC_DEFAULTS.medianRule.minSteps,
      minTrials: SPEC_DEFAULTS.medianRule.minTrials,
      minFraction: 0,
    });
  });

  it('names the field of each problem and says what to change', () => {
    expect(problems({ type: 'Auto', minSteps: -1, minTrials: 2.5 })).toEqual([
      ['earlyStopping.minSteps', 'must be at least 0, not -1'],
      ['earlyStopping.minTrials', 'must be a whole number, not 2.5'],
    ]);
    expect(problems({ type: 'Auto', minTrials: 0 })).toEqual([
      ['earlyStopping.minTrials', 'must be at least 1, not 0'],
    ]);
    expect(problems({ type: 'Auto', minFraction: 1.5 })).toEqual([
      ['earlyStopping.minFraction', 'must be at most 1, not 1.5'],
    ]);
    expect(problems({ type: 'Auto', minFraction: '50%' })).toEqual([
      ['earlyStopping.minFraction', 'must be a number, not the string "50%"'],
    ]);
    expect(problems({ type: 'Auto', minSteps: '3' })).toEqual([
      ['earlyStopping.minSteps', 'must be a whole number, not the string "3": remove the quotes'],
    ]);
    expect(problems({ type: 'Auto', minStep: 3 })).toEqual([
      ['earlyStopping.minStep', 'unknown key "minStep"; did you mean "minSteps"?'],
    ]);
    expect(problems({ minSteps: 3 })).toEqual([
      ['earlyStopping.type', 'is required: add type: Auto (or Off)'],
    ]);
    expect(problems({ type: 'Median' })).toEqual([
      ['earlyStopping.type', 'must be one of Off, Auto, not the string "Median"'],
    ]);
    expect(problems({ type: 'Off', minTrials: 4 })).toEqual([
      [
        'earlyStopping.minTrials',
        'applies only with type Auto: remove it, or set type: Auto to stop trials early',
      ],
    ]);
    expect(problems(3)).toEqual([
      [
        'earlyStopping',
        'must be Off, Auto or a mapping { type: Auto, minSteps, minTrials, minFraction }, not the number 3',
      ],
    ]);
    expect(problems(['Auto'])).toEqual([
      [
        'earlyStopping',
        'must be Off, Auto or a mapping { type: Auto, minSteps, minTrials, minFraction }, not a list',
      ],
    ]);
    expect(problems('On')[0]?.[0]).toBe('earlyStopping');
  });

  it('is hostile-input safe: a __proto__ key is an unknown key, not a prototype', () => {
    const earlyStopping = JSON.parse('{"type":"Auto","__proto__":{"minSteps":-5}}') as unknown;
    expect(problems(earlyStopping)).toEqual([
      [
        'earlyStopping.__proto__',
        'unknown key "__proto__": remove it (known keys here: type, minSteps, minTrials, minFraction)',
      ],
    ]);
  });

  it("is refused with a grace period for SageMaker's own tuning, which has only Off and Auto", () => {
    const message =
      "SageMaker's own tuning has only Off and Auto, with no grace period: write earlyStopping: Auto, or use executor sagemaker to have tunekit's median rule apply minSteps and minTrials";
    const withGrace = { type: 'Auto', minSteps: 3 };
    expect(
      problemAt(validateTuningJob(fileWith({ earlyStopping: withGrace, executor: managed })), [
        'earlyStopping',
      ]).message,
    ).toBe(message);
    specOf(validateTuningJob(fileWith({ earlyStopping: { type: 'Auto' }, executor: managed })));
    // `tunekit export --sagemaker` of a local job: the same refusal; plain Auto is sent as Auto.
    const local = specOf(validateTuningJob(fileWith({ earlyStopping: withGrace })));
    expect(problemAt(toSageMakerRequest(local), ['earlyStopping']).message).toBe(message);
    const auto = specOf(validateTuningJob(fileWith({ earlyStopping: 'Auto' })));
    const request = toSageMakerRequest(auto);
    expect(request.ok && request.value.HyperParameterTuningJobConfig).toMatchObject({
      TrainingJobEarlyStoppingType: 'Auto',
    });
  });

  it('must be Off with Hyperband, grace period or not', () => {
    const result = validateTuningJob(
      fileWith({ strategy: 'Hyperband', earlyStopping: { type: 'Auto', minSteps: 1 }, executor: managed }),
    );
    const messages = problemsOf(result)
      .filter((issue) => issue.path.join('.') === 'earlyStopping')
      .map((issue) => issue.message);
    expect(messages).toContain(
      'must be Off with Hyperband, which stops trials early itself (as SageMaker requires): remove earlyStopping or set it to Off',
    );
  });
});
