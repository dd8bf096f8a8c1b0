import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from './editDistance.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('strategy', 'stratgy')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('suggest', () => {
  const keys = ['name', 'objective', 'metrics', 'strategy', 'parameters', 'limits'];
  it('names the nearest key of a typo', () => {
    expect(suggest('stratgy', keys)).toBe('strategy');
    expect(suggest('paramters', keys)).toBe('parameters');
    expect(suggest('metric', keys)).toBe('metrics');
  });
  it('matches a different case first', () => {
    expect(suggest('bayesian', ['Bayesian', 'Random'])).toBe('Bayesian');
  });
  it('suggests nothing for a word far from every candidate', () => {
    expect(suggest('colour', keys)).toBeUndefined();
    expect(didYouMean('colour', keys)).toBe('');
    expect(didYouMean('limit', keys)).toBe('; did you mean "limits"?');
  });
});
