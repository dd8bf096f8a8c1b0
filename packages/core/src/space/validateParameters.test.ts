import { describe, expect, it } from 'vitest';
import type { Parameter } from './types.ts';
import { MAX_CATEGORICAL_VALUES, MAX_TUNABLE_PARAMETERS } from './types.ts';
import { checkParameters } from './validateParameters.ts';

const eta: Parameter = { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' };
const depth: Parameter = { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Linear' };
const subsample: Parameter = {
  type: 'continuous',
  name: 'subsample',
  min: 0.5,
  max: 0.99,
  scaling: 'ReverseLogarithmic',
};
const booster: Parameter = { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear'] };

/** The codes and paths of the issues, the part callers rely on. */
function found(parameters: readonly Parameter[], path?: (string | number)[]) {
  return checkParameters(parameters, path).map(({ code, path }) => ({ code, path }));
}

describe('checkParameters', () => {
  it('accepts valid ranges of every type and scaling', () => {
    expect(checkParameters([eta, depth, subsample, booster])).toEqual([]);
  });

  it('prefixes paths with the given path', () => {
    const bad: Parameter = { ...depth, min: 11 };
    expect(found([eta, bad], ['HyperParameterTuningJobConfig', 'ParameterRanges'])).toEqual([
      {
        code: 'parameters.minNotBelowMax',
        path: ['HyperParameterTuningJobConfig', 'ParameterRanges', 1, 'min'],
      },
    ]);
  });

  it('says what to change', () => {
    expect(checkParameters([{ ...eta, min: 0 }])).toMatchInlineSnapshot(`
      [
        {
          "code": "parameters.logarithmicNeedsPositive",
          "message": "min must be > 0 for Logarithmic scaling (it is 0): raise min or use Linear scaling",
          "path": [
            "parameters",
            0,
            "min",
          ],
        },
      ]
    `);
  });

  it('needs at least one range and allows at most 30', () => {
    expect(found([])).toEqual([{ code: 'parameters.empty', path: ['parameters'] }]);
    const many = Array.from({ length: MAX_TUNABLE_PARAMETERS + 1 }, (_, i) => ({ ...depth, name: `p${i}` }));
    expect(found(many)).toEqual([{ code: 'parameters.tooMany', path: ['parameters'] }]);
    expect(checkParameters(many)[0]?.message).toContain('move 1 of them to static');
    expect(found(many.slice(0, MAX_TUNABLE_PARAMETERS))).toEqual([]);
  });

  it('checks names: unique, non-empty, at most 256 characters, printable', () => {
    expect(found([eta, { ...depth, name: 'eta' }])).toEqual([
      { code: 'parameters.duplicateName', path: ['parameters', 1, 'name'] },
    ]);
    expect(found([{ ...eta, name: '' }])).toEqual([
      { code: 'parameters.emptyName', path: ['parameters', 0, 'name'] },
    ]);
    expect(found([{ ...eta, name: 'x'.repeat(257) }])).toEqual([
      { code: 'parameters.nameTooLong', path: ['parameters', 0, 'name'] },
    ]);
    expect(found([{ ...eta, name: 'x'.repeat(256) }])).toEqual([]);
    expect(found([{ ...eta, name: 'bad\nname' }])).toEqual([
      { code: 'parameters.invalidName', path: ['parameters', 0, 'name'] },
    ]);
    expect(found([{ ...eta, name: 'validation:learning rate/η' }])).toEqual([]);
  });

  it('needs finite bounds with min < max', () => {
    expect(found([{ ...eta, min: 0.5 }])).toEqual([
      { code: 'parameters.minNotBelowMax', path: ['parameters', 0, 'min'] },
    ]);
    expect(found([{ ...depth, max: Number.POSITIVE_INFINITY }])).toEqual([
      { code: 'parameters.notFinite', path: ['parameters', 0, 'max'] },
    ]);
    expect(found([{ ...eta, min: Number.NaN, scaling: 'Linear' }])).toEqual([
      { code: 'parameters.notFinite', path: ['parameters', 0, 'min'] },
    ]);
  });

  it('needs whole, safe integer bounds', () => {
    expect(found([{ ...depth, min: 1.5 }])).toEqual([
      { code: 'parameters.notWhole', path: ['parameters', 0, 'min'] },
    ]);
    expect(checkParameters([{ ...depth, min: 1.5 }])[0]?.message).toContain('use 2');
    expect(found([{ ...depth, max: 2 ** 60 }])).toEqual([
      { code: 'parameters.notSafeInteger', path: ['parameters', 0, 'max'] },
    ]);
  });

  it('needs min > 0 for Logarithmic scaling, integers too', () => {
    expect(found([{ ...depth, min: 0, scaling: 'Logarithmic' }])).toEqual([
      { code: 'parameters.logarithmicNeedsPositive', path: ['parameters', 0, 'min'] },
    ]);
  });

  it('allows ReverseLogarithmic only for continuous ranges with 0 <= min < max < 1', () => {
    expect(found([{ ...subsample, min: 0 }])).toEqual([]);
    expect(found([{ ...subsample, max: 1 }])).toEqual([
      { code: 'parameters.reverseLogarithmicRange', path: ['parameters', 0, 'max'] },
    ]);
    expect(found([{ ...subsample, min: -0.1 }])).toEqual([
      { code: 'parameters.reverseLogarithmicRange', path: ['parameters', 0, 'min'] },
    ]);
    const integer = { ...depth, scaling: 'ReverseLogarithmic' } as unknown as Parameter;
    expect(found([integer])).toEqual([
      { code: 'parameters.reverseLogarithmicInteger', path: ['parameters', 0, 'scaling'] },
    ]);
  });

  it('rejects an unknown scaling or type', () => {
    expect(found([{ ...eta, scaling: 'Log' } as unknown as Parameter])).toEqual([
      { code: 'parameters.unknownScaling', path: ['parameters', 0, 'scaling'] },
    ]);
    expect(found([{ ...eta, type: 'float' } as unknown as Parameter])).toEqual([
      { code: 'parameters.unknownType', path: ['parameters', 0, 'type'] },
    ]);
  });

  it('checks categorical values: 1 to 30, non-empty, unique', () => {
    expect(found([{ ...booster, values: [] }])).toEqual([
      { code: 'parameters.noValues', path: ['parameters', 0, 'values'] },
    ]);
    const values = Array.from({ length: MAX_CATEGORICAL_VALUES + 1 }, (_, i) => `v${i}`);
    expect(found([{ ...booster, values }])).toEqual([
      { code: 'parameters.tooManyValues', path: ['parameters', 0, 'values'] },
    ]);
    expect(found([{ ...booster, values: values.slice(0, MAX_CATEGORICAL_VALUES) }])).toEqual([]);
    expect(found([{ ...booster, values: ['a', '', 'b', 'a'] }])).toEqual([
      { code: 'parameters.emptyValue', path: ['parameters', 0, 'values', 1] },
      { code: 'parameters.duplicateValue', path: ['parameters', 0, 'values', 3] },
    ]);
    expect(found([{ ...booster, values: ['x'.repeat(257)] }])).toEqual([
      { code: 'parameters.valueTooLong', path: ['parameters', 0, 'values', 0] },
    ]);
  });

  it('reports every problem at once, in order', () => {
    expect(
      found([
        { ...eta, min: -1 },
        { ...booster, name: 'eta', values: ['a', 'a'] },
      ]),
    ).toEqual([
      { code: 'parameters.logarithmicNeedsPositive', path: ['parameters', 0, 'min'] },
      { code: 'parameters.duplicateName', path: ['parameters', 1, 'name'] },
      { code: 'parameters.duplicateValue', path: ['parameters', 1, 'values', 1] },
    ]);
  });
});
