import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseMetricValue } from './parseMetricValue.ts';

describe('parseMetricValue', () => {
  it.each([
    ['1e-3', 0.001],
    ['-.5', -0.5],
    ['+3.', 3],
    ['1E+05', 100000],
    ['0.25', 0.25],
    ['42', 42],
    ['-0', -0],
    ['1_000', 1000],
    ['1_000.25_5', 1000.255],
    ['2.5e1_0', 2.5e10],
    ['  7.25\t', 7.25],
    ['00012', 12],
  ])('reads %j as %d', (text, value) => {
    expect(parseMetricValue(text)).toEqual({ ok: true, value });
  });

  it.each(['nan', 'NaN', '-nan', 'NAN'])('records %j as not a number, with a reason', (text) => {
    const parsed = parseMetricValue(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toBe(`"${text}" is not a number (NaN)`);
  });

  it.each(['inf', '-inf', '+inf', 'Infinity', '-Infinity', 'INF', 'infinity'])(
    'records %j as infinite',
    (text) => {
      expect(parseMetricValue(text)).toEqual({ ok: false, reason: `"${text}" is infinite` });
    },
  );

  it('records a number too large for a double as infinite, not as a value', () => {
    expect(parseMetricValue('1e999')).toEqual({
      ok: false,
      reason: '"1e999" is too large for a double and reads as infinity',
    });
  });

  it.each([
    ['abc', '"abc" is not a number'],
    ['0x10', '"0x10" is not a number: it starts with the number 0; end the capture group after it'],
    ['0.5,', '"0.5," is not a number: it starts with the number 0.5; end the capture group after it'],
    ['1__0', '"1__0" is not a number: it starts with the number 1; end the capture group after it'],
    ['_1', '"_1" is not a number'],
    ['.', '"." is not a number'],
    ['e5', '"e5" is not a number'],
    ['tensor(0.25)', '"tensor(0.25)" is not a number'],
    ['', 'the capture group matched no text'],
    ['   ', 'the capture group matched no text'],
  ])('records garbage %j as invalid with a reason', (text, reason) => {
    expect(parseMetricValue(text)).toEqual({ ok: false, reason });
  });

  it('quotes at most 40 characters of long garbage', () => {
    const parsed = parseMetricValue('x'.repeat(500));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toBe(`"${'x'.repeat(40)}…" is not a number`);
  });

  // -0 prints as "0" in JavaScript, so it reads back as 0.
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value))])(
    'reads back every finite double as JavaScript and Python print it',
    (value) => {
      expect(parseMetricValue(String(value))).toEqual({ ok: true, value });
      expect(parseMetricValue(value.toExponential())).toEqual({ ok: true, value });
      // Python prints 1e+16 as 1e+16 and 0.1 as 0.1; repr never uses a form String() does not also accept.
      expect(parseMetricValue(value.toExponential().toUpperCase())).toEqual({ ok: true, value });
    },
  );
});
