import { describe, expect, it } from 'vitest';
import { regexRisk } from './regexRisk.ts';

describe('regexRisk', () => {
  it.each([
    ['(a+)+$', [0]],
    ['(\\d+)*x', [0]],
    ['loss: ((?:\\d+\\.)*\\d+)', [7]],
    ['(a|b+){2,}', [0]],
    ['((a+)+)+', [0, 1]],
    ['(x(\\w*)+)+', [0, 2]],
    ['([0-9]{1,3},?)+', [0]],
  ])('finds the nested quantifiers of %j at %j', (source, offsets) => {
    expect(regexRisk(source).nestedQuantifiers).toEqual(offsets);
  });

  it.each([
    'loss=([0-9.]+)',
    'validation-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)',
    '.*\\[[0-9]+\\].*#011train-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*',
    '(-?\\d+)?x',
    '[(+*)]+(a)',
    '\\(\\d+\\)+',
    'a{2}b{3}',
    '(?<value>\\d+)',
  ])('finds no nested quantifier in %j', (source) => {
    const risk = regexRisk(source);
    expect(risk.nestedQuantifiers).toEqual([]);
    expect(risk.repeatedAlternations).toEqual([]);
    expect(risk.backtrackingFeatures).toEqual([]);
  });

  it('finds repeated alternations and every repeat', () => {
    expect(regexRisk('(a|ab)*c(?:x|y)d+e?').repeatedAlternations).toEqual([0]);
    expect(regexRisk('(a|ab)*c(?:x|y)d+e?f{2}g{0,1}').repeats).toEqual([0, 15, 19]);
    expect(regexRisk('((a|b)c)+').repeatedAlternations).toEqual([0]);
  });

  it('names backreferences and lookarounds, which only a backtracking engine runs', () => {
    expect(regexRisk('(a)\\1 (?=b)(?<!c)\\k<n>(?<n>d)').backtrackingFeatures).toEqual([
      { feature: 'backreference', at: 3 },
      { feature: 'lookaround', at: 6 },
      { feature: 'lookaround', at: 11 },
      { feature: 'backreference', at: 17 },
    ]);
  });

  it('reads escapes inside and outside classes without taking them for syntax', () => {
    expect(regexRisk('[\\]+]+(\\d)\\)+').nestedQuantifiers).toEqual([]);
    expect(regexRisk('\\((a+)\\)+').nestedQuantifiers).toEqual([]);
  });
});
