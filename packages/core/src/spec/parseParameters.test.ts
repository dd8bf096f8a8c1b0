import { describe, expect, it } from 'vitest';
import { fileWith } from './fixtures/validFile.ts';
import { problemAt, problemsOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const withParameters = (parameters: unknown) => validateTuningJob(fileWith({ parameters }));

describe('parameters: shape', () => {
  it('refuses parameters that are neither a mapping nor a list', () => {
    expect(problemAt(withParameters('eta'), ['parameters']).message).toBe(
      'must be a mapping of hyperparameter names to ranges (eta: { type: continuous, min: 0.01, max: 0.5 }), not the string "eta"',
    );
  });

  it('requires a type, guessing categorical when values are listed', () => {
    const result = withParameters({ eta: { min: 0, max: 1 }, booster: { values: ['a', 'b'] } });
    expect(problemAt(result, ['parameters', 'eta', 'type']).message).toBe(
      'is required: add type: continuous, integer or categorical',
    );
    expect(problemAt(result, ['parameters', 'booster', 'type']).message).toBe(
      'is required: add type: continuous, integer or categorical (categorical, since it lists values)',
    );
  });

  it('names a misspelt type', () => {
    expect(
      problemAt(withParameters({ eta: { type: 'contiuous', min: 0, max: 1 } }), ['parameters', 'eta', 'type'])
        .message,
    ).toBe(
      'must be one of continuous, integer, categorical, not the string "contiuous"; did you mean "continuous"?',
    );
  });

  it('requires min and max of numeric ranges, as numbers', () => {
    const result = withParameters({ eta: { type: 'continuous', max: '0.5' } });
    expect(problemAt(result, ['parameters', 'eta', 'min']).message).toBe(
      'is required: add the smallest value, min',
    );
    expect(problemAt(result, ['parameters', 'eta', 'max']).message).toBe(
      'must be a number, not the string "0.5": remove the quotes',
    );
  });

  it('refuses keys of the other kind of range, and typos', () => {
    const result = withParameters({
      booster: { type: 'categorical', values: ['a'], min: 1 },
      eta: { type: 'continuous', min: 0.1, max: 1, scale: 'Linear' },
      depth: { type: 'integer', min: 1, max: 3, name: 'depth' },
    });
    expect(problemAt(result, ['parameters', 'booster', 'min']).message).toBe(
      '"min" does not apply to a categorical range: remove it',
    );
    expect(problemAt(result, ['parameters', 'eta', 'scale']).message).toBe(
      'unknown key "scale"; did you mean "scaling"?',
    );
    expect(problemAt(result, ['parameters', 'depth', 'name']).message).toBe(
      'the name is the key of this range: remove "name"',
    );
  });

  it('checks the scaling name and refuses ReverseLogarithmic for integers', () => {
    const result = withParameters({
      eta: { type: 'continuous', min: 0.1, max: 0.5, scaling: 'Log' },
      depth: { type: 'integer', min: 1, max: 5, scaling: 'ReverseLogarithmic' },
    });
    expect(problemAt(result, ['parameters', 'eta', 'scaling']).message).toBe(
      'must be one of Auto, Linear, Logarithmic, ReverseLogarithmic, not the string "Log"; did you mean "Logarithmic"?',
    );
    expect(problemAt(result, ['parameters', 'depth', 'scaling']).message).toBe(
      'ReverseLogarithmic applies to continuous ranges only (as in SageMaker): use Linear, Logarithmic or Auto, or make the range continuous',
    );
  });

  it("requires a categorical range's values as a list of scalars", () => {
    expect(
      problemAt(withParameters({ b: { type: 'categorical' } }), ['parameters', 'b', 'values']).message,
    ).toBe('is required: add the list of values, values: [a, b]');
    expect(
      problemAt(withParameters({ b: { type: 'categorical', values: 'a,b' } }), ['parameters', 'b', 'values'])
        .message,
    ).toBe('must be a list of values ([gbtree, dart]), not the string "a,b"');
    expect(
      problemAt(withParameters({ b: { type: 'categorical', values: ['a', { x: 1 }] } }), [
        'parameters',
        'b',
        'values',
        1,
      ]).message,
    ).toBe('must be a string, a number or true/false, not a mapping: write it as a quoted string');
  });

  it('requires a name in the list form', () => {
    expect(
      problemAt(withParameters([{ type: 'integer', min: 1, max: 3 }]), ['parameters', 0, 'name']).message,
    ).toBe('is required: add the hyperparameter name');
  });
});

describe("parameters: the range rules (checkParameters), at the file's paths", () => {
  it("places a range problem under the parameter's name in the mapping form", () => {
    const issues = problemsOf(
      withParameters({ eta: { type: 'continuous', min: 0, max: 0.5, scaling: 'Logarithmic' } }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([['parameters', 'eta', 'min']]);
  });

  it('places it under the index in the list form', () => {
    const issues = problemsOf(
      withParameters([
        { name: 'a', type: 'integer', min: 1, max: 3 },
        { name: 'b', type: 'integer', min: 5, max: 2 },
      ]),
    );
    expect(issues.map((issue) => issue.path[0] === 'parameters' && issue.path[1])).toEqual([1]);
  });

  it('keeps the index of a categorical value', () => {
    const issues = problemsOf(withParameters({ booster: { type: 'categorical', values: ['a', 'a'] } }));
    expect(issues[0]?.path.slice(0, 3)).toEqual(['parameters', 'booster', 'values']);
  });

  it('reports an empty space at parameters', () => {
    expect(problemsOf(withParameters({})).map((issue) => issue.path)).toEqual([['parameters']]);
  });
});
