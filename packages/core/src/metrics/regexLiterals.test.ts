import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regexLiterals.ts';

describe('regexLiterals', () => {
  it.each([
    ['validation-rmse:([-+0-9.eE]+)', ['validation-rmse:'], ['validation-rmse:']],
    ['.*\\[[0-9]+\\].*\\tvalidation-rmse:(\\S+).*', ['\tvalidation-rmse:', '[', ']'], ['\tvalidation-rmse:']],
    ['loss(?:_avg)?=(\\d+)', ['loss', '='], ['loss', '_avg']],
    ['(train|valid)-loss: (\\S+)', ['-loss: '], ['train', 'valid', '-loss: ']],
    ['a|b', [], []],
    ['(?=foo)bar(\\d)', ['bar'], ['foo', 'bar']],
    ['x\\.y\\x41\\u0042(\\d)', ['x.yAB'], ['x.yAB']],
    ['(?:ab)+cd(\\d)', ['ab', 'cd'], ['ab', 'cd']],
    ['(?:ab)*cd(\\d)', ['cd'], ['ab', 'cd']],
    ['abc?d(\\d)', ['ab', 'd'], ['ab']],
    ['[abc]+ok(\\d)', ['ok'], ['ok']],
    ['(?<name>lo)ss=(\\d)', ['ss=', 'lo'], ['lo', 'ss=']],
  ])('reads %j: required %j, fragments %j', (source, required, fragments) => {
    expect(regexLiterals(source)).toEqual({ required, fragments });
  });

  const REGEXES = [
    'loss(?:_avg)?=(\\d+)',
    '(train|valid)-loss: (\\S+)',
    '(?:ab)+cd(\\d)',
    'abc?d(\\d)',
    '(?<n>lo)ss=(\\d)',
    'x{2}y{0,3}z(\\d)',
    '(a(b)?c)+d',
    '\\bok\\b',
  ];
  test.prop([
    fc.constantFrom(...REGEXES),
    fc.array(
      fc.constantFrom(
        'a',
        'b',
        'c',
        'd',
        'x',
        'y',
        'z',
        'lo',
        'ss=',
        'loss',
        '_avg',
        '=',
        '1',
        'train',
        '-loss: ',
        'ok',
        ' ',
      ),
      {
        maxLength: 20,
      },
    ),
  ])('every line a regex matches contains its required literals', (source, parts) => {
    const line = parts.join('');
    if (!new RegExp(source).test(line)) return;
    for (const literal of regexLiterals(source).required) expect(line).toContain(literal);
  });
});
