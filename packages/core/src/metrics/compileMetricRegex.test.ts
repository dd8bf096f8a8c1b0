import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BACKTRACKING_MAX_INPUT, compileMetricRegex } from './compileMetricRegex.ts';

/** Realistic metric regexes, including SageMaker's built-in ones and alternations and optional parts. */
const REGEXES = [
  'loss[=:] ?([0-9.eE+-]+)',
  '.*\\[[0-9]+\\].*#011validation-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*',
  '(?:val_)?acc(?:uracy)?: ([^ ,]+)',
  '^epoch (\\d+)',
  'rmse[:=](\\S+)$',
  '(train|valid)-loss',
  'x=(\\d*)|y=(\\d+)',
  '\\bf1 *= *(\\d+(?:\\.\\d+)?)%',
  '(?<v>[+-]?\\d+)\\s*ms',
  'validation-rmse:([-+0-9.eE]+)',
  'loss=(\\S*)',
  'rmse:(\\d+?)',
  '#011x=(.+)',
];
const ALPHABET = [
  'loss',
  '=',
  ':',
  ' ',
  '0',
  '1',
  '.',
  '5',
  'e',
  '-',
  '+',
  '[',
  ']',
  '\t',
  'validation-rmse',
  'x',
  'y',
];
const MORE = [
  'val_',
  'acc',
  'uracy',
  ',',
  'epoch ',
  'rmse',
  'train',
  'valid',
  '-loss',
  'f1',
  '%',
  'ms',
  'é',
  '😀',
];

describe('compileMetricRegex', () => {
  test.prop([
    fc.constantFrom(...REGEXES),
    fc.array(fc.constantFrom(...ALPHABET, ...MORE), { maxLength: 30 }).map((parts) => parts.join('')),
  ])('captures what JavaScript captures, in the linear-time engine', (source, line) => {
    const matcher = compileMetricRegex(source);
    expect(matcher.engine).not.toBe('backtracking');
    const expected = new RegExp(source.replaceAll('#011', '\\t')).exec(line)?.[1];
    expect(matcher.firstGroup(line)).toBe(expected);
  });

  it.each([
    ['loss=([0-9.]+)', 'simple'],
    ['^epoch (\\d+)', 'simple'],
    ['validation-rmse:(\\S+)', 'simple'],
    ['#011acc=(.*)', 'simple'],
    ['(\\d+)', 'simple'],
    ['loss=([0-9.]+)$', 'linear'],
    ['loss=(\\d+)(?:x)', 'linear'],
    ['lo+ss=(\\d+)', 'linear'],
    ['loss=(\\d+\\.\\d+)', 'linear'],
    ['loss=(a|b)', 'linear'],
    ['\\bloss=(\\d+)', 'linear'],
    ['(?:loss)=(\\d+)', 'linear'],
  ])('runs %j in the %s engine', (source, engine) => {
    expect(compileMetricRegex(source).engine).toBe(engine);
  });

  it('reads #011 in a regex as a tab', () => {
    expect(compileMetricRegex('#011loss:(\\d)').firstGroup('a\tloss:4')).toBe('4');
  });

  it('runs a regex that needs backtracking in JavaScript, on the first 1024 characters of a line', () => {
    const matcher = compileMetricRegex('(\\d+)(?= ms)');
    expect(matcher.engine).toBe('backtracking');
    expect(matcher.firstGroup('took 12 ms')).toBe('12');
    expect(matcher.firstGroup(`${' '.repeat(BACKTRACKING_MAX_INPUT)}12 ms`)).toBeUndefined();
    expect(compileMetricRegex('(a)\\1').engine).toBe('backtracking');
  });

  it('finishes on a hostile regex and a long line', () => {
    for (const source of ['(a+)+$', '(\\d+)*x', '(a|a)*$', '.*.*.*=(\\d)', 'a1a1a1a2(\\w+)']) {
      expect(compileMetricRegex(source).firstGroup(`${'a1'.repeat(8000)}!`)).toBeUndefined();
    }
  });
});
