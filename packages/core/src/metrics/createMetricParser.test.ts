import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { MetricDefinition } from '../spec/types.ts';
import type { MetricObservation } from '../tuner/types.ts';
import {
  createMetricParser,
  type LineCut,
  MAX_LINE_LENGTH,
  type MetricParserOptions,
} from './createMetricParser.ts';

const XGBOOST: MetricDefinition[] = [
  {
    name: 'train:rmse',
    regex: '.*\\[[0-9]+\\].*#011train-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*',
  },
  {
    name: 'validation:rmse',
    regex: '.*\\[[0-9]+\\].*#011validation-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*',
  },
];
const LOSS: MetricDefinition[] = [{ name: 'loss', regex: 'loss[=:] ?(\\S+)' }];

/** Parses output given as chunks, returning every observation. */
function parse(
  definitions: readonly MetricDefinition[],
  chunks: readonly string[],
  options?: MetricParserOptions,
): MetricObservation[] {
  const parser = createMetricParser(definitions, options);
  const out: MetricObservation[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return out;
}

const brief = (observations: readonly MetricObservation[]) =>
  observations.map(({ metric, value, invalid, line, step }) =>
    invalid === undefined ? [metric, value, line, step] : [metric, 'invalid', line, step],
  );

describe('createMetricParser', () => {
  it('reads the first capture group of every definition on every line, with line numbers and steps', () => {
    const output = [
      '[0]\ttrain-rmse:3.1\tvalidation-rmse:3.4',
      'some other line',
      '[1]\ttrain-rmse:2.5\tvalidation-rmse:2.9',
      '',
    ].join('\n');
    expect(brief(parse(XGBOOST, [output]))).toEqual([
      ['train:rmse', 3.1, 1, 0],
      ['validation:rmse', 3.4, 1, 0],
      ['train:rmse', 2.5, 3, 1],
      ['validation:rmse', 2.9, 3, 1],
    ]);
  });

  it('reads CloudWatch text, where tabs are written #011, with the same regexes', () => {
    const output = '[0]#011train-rmse:3.1#011validation-rmse:3.4\n';
    expect(brief(parse(XGBOOST, [output]))).toEqual([
      ['train:rmse', 3.1, 1, 0],
      ['validation:rmse', 3.4, 1, 0],
    ]);
    // A regex written with \t also matches CloudWatch's #011.
    expect(brief(parse([{ name: 'a', regex: '\\ta=(\\d+)' }], ['x#011a=5\n']))).toEqual([['a', 5, 1, 0]]);
  });

  it('gives one value a definition a line: the first match', () => {
    expect(brief(parse(LOSS, ['loss=1 loss=2\n']))).toEqual([['loss', 1, 1, 0]]);
  });

  it('handles \\r\\n line ends', () => {
    expect(brief(parse(LOSS, ['loss=1\r\nloss=2\r\n']))).toEqual([
      ['loss', 1, 1, 0],
      ['loss', 2, 2, 1],
    ]);
  });

  it('parses each carriage-return segment of a progress bar, on the line it belongs to', () => {
    const bar = ' 10%|#    | 1/10 [loss=0.9]\r 20%|##   | 2/10 [loss=0.8]\r100%|#####| 10/10 [loss=0.5]\n';
    const definitions = [{ name: 'loss', regex: 'loss=([0-9.]+)' }];
    expect(brief(parse(definitions, ['start\n', bar, 'loss=0.4\n']))).toEqual([
      ['loss', 0.9, 2, 0],
      ['loss', 0.8, 2, 1],
      ['loss', 0.5, 2, 2],
      ['loss', 0.4, 3, 3],
    ]);
  });

  it('parses a progress-bar segment as soon as its carriage return arrives', () => {
    const parser = createMetricParser(LOSS);
    expect(brief(parser.push('loss=0.9\r'))).toEqual([['loss', 0.9, 1, 0]]);
    expect(brief(parser.push('loss=0.8'))).toEqual([]);
    expect(brief(parser.end())).toEqual([['loss', 0.8, 1, 1]]);
  });

  it('strips ANSI colours, cursor codes and window titles, also CloudWatch-escaped ones', () => {
    const output = [
      '\x1b[32mloss=\x1b[1;33m0.25\x1b[0m',
      '\x1b]0;title\x07\x1b[2K\x1b[Aloss=0.5',
      '#033[31mloss=0.75#033[0m',
      '',
    ].join('\n');
    expect(brief(parse([{ name: 'loss', regex: 'loss=([0-9.]+)$' }], [output]))).toEqual([
      ['loss', 0.25, 1, 0],
      ['loss', 0.5, 2, 1],
      ['loss', 0.75, 3, 2],
    ]);
  });

  it('records nan, inf and garbage as invalid with a reason, and counts them as steps', () => {
    const observations = parse(LOSS, ['loss=nan\nloss=-inf\nloss=Infinity\nloss=tensor(1)\nloss=1e-3\n']);
    expect(observations.map((o) => [o.value, o.invalid, o.step])).toEqual([
      [Number.NaN, '"nan" is not a number (NaN)', 0],
      [Number.NaN, '"-inf" is infinite', 1],
      [Number.NaN, '"Infinity" is infinite', 2],
      [Number.NaN, '"tensor(1)" is not a number', 3],
      [0.001, undefined, 4],
    ]);
  });

  it('reads every float spelling of JavaScript and Python', () => {
    const values = ['1e-3', '-.5', '+3.', '1E+05', '1_000'];
    const observations = parse(
      LOSS,
      values.map((value) => `loss=${value}\n`),
    );
    expect(observations.map((o) => o.value)).toEqual([0.001, -0.5, 3, 100000, 1000]);
  });

  it('gives nothing when the first group takes no part in the match', () => {
    expect(parse([{ name: 'x', regex: 'x=(\\d+)|done' }], ['done\nx=4\n']).map((o) => o.value)).toEqual([4]);
  });

  it('parses a last line without a newline at the end', () => {
    const parser = createMetricParser(LOSS);
    expect(parser.push('loss=1')).toEqual([]);
    expect(brief(parser.end())).toEqual([['loss', 1, 1, 0]]);
    expect(parser.end()).toEqual([]);
  });

  it('stamps the time when given a clock', () => {
    expect(parse(LOSS, ['loss=1\n'], { now: () => 1234 })[0]?.time).toBe(1234);
    expect(parse(LOSS, ['loss=1\n'])[0]).not.toHaveProperty('time');
  });

  it('cuts a long line to the bound, says what was cut, and still reads what is before the cut', () => {
    const cuts: LineCut[] = [];
    const long = `loss=0.5 ${'x'.repeat(MAX_LINE_LENGTH * 3)} loss=9`;
    const observations = parse(LOSS, ['loss=1\n', long.slice(0, 5000), long.slice(5000), '\nloss=2\n'], {
      onLineCut: (cut) => cuts.push(cut),
    });
    expect(brief(observations)).toEqual([
      ['loss', 1, 1, 0],
      ['loss', 0.5, 2, 1],
      ['loss', 2, 3, 2],
    ]);
    expect(cuts).toEqual([{ line: 2, length: long.length, kept: MAX_LINE_LENGTH }]);
  });

  it('never shows a regex more than the bound: a value past it is not read', () => {
    const cuts: LineCut[] = [];
    const observations = parse(LOSS, [`${'y'.repeat(100)}loss=3\n`], {
      maxLineLength: 100,
      onLineCut: (cut) => cuts.push(cut),
    });
    expect(observations).toEqual([]);
    expect(cuts).toEqual([{ line: 1, length: 106, kept: 100 }]);
  });

  it('reports a cut once a line, even when a progress bar redraws a long segment', () => {
    const cuts: LineCut[] = [];
    const bar = `${'#'.repeat(30)} loss=1\r`;
    parse(LOSS, [bar.repeat(5), '\n', bar, '\n'], { maxLineLength: 20, onLineCut: (cut) => cuts.push(cut) });
    expect(cuts).toEqual([
      { line: 1, length: 37, kept: 20 },
      { line: 2, length: 37, kept: 20 },
    ]);
  });

  it('reports a cut last line at the end of the output', () => {
    const cuts: LineCut[] = [];
    const parser = createMetricParser(LOSS, { maxLineLength: 10, onLineCut: (cut) => cuts.push(cut) });
    parser.push('a'.repeat(25));
    expect(cuts).toEqual([]);
    parser.end();
    expect(cuts).toEqual([{ line: 1, length: 25, kept: 10 }]);
  });

  it('finishes a hostile regex on a long line (linear-time engine)', () => {
    const hostile = [
      { name: 'a', regex: '(a+)+$' },
      { name: 'b', regex: '.*.*.*x=(\\d+)' },
    ];
    const line = `${'a'.repeat(MAX_LINE_LENGTH - 1)}!\n`;
    expect(parse(hostile, [line, line])).toEqual([]);
  });

  it('rejects a regex that does not compile and a bound that is not a positive integer', () => {
    expect(() => createMetricParser([{ name: 'x', regex: '(' }])).toThrow(
      /metrics\[0\]\.regex does not compile/,
    );
    expect(() => createMetricParser(LOSS, { maxLineLength: 0 })).toThrow(
      /maxLineLength must be a positive integer/,
    );
  });

  const LOG = [
    '\x1b[1mEpoch 1/2\x1b[0m\r\n',
    ' 50%|#####     | 1/2 [00:01<00:01, loss=0.93]\r100%|##########| 2/2 [00:02<00:00, loss=0.81]\n',
    '[0]#011train-rmse:3.10#011validation-rmse:3.40\n',
    '[1]\ttrain-rmse:nan\tvalidation-rmse:2.9e0\r\n',
    'accuracy: +.75 loss: -1_0.5\n',
    'loss=inf \x1b]0;t\x07accuracy: 1E+0\r',
    'tail — ünïcode 😀 loss=7',
  ].join('');
  const DEFINITIONS = [
    ...XGBOOST,
    { name: 'loss', regex: 'loss[=:] ?([^\\s\\]]+)' },
    { name: 'accuracy', regex: 'accuracy: ([^ ]+)' },
    { name: 'epoch', regex: 'Epoch (\\d+)/' },
  ];
  const whole = parse(DEFINITIONS, [LOG]);

  it('reads the sample log as a whole', () => {
    expect(brief(whole)).toEqual([
      ['epoch', 1, 1, 0],
      ['loss', 0.93, 2, 0],
      ['loss', 0.81, 2, 1],
      ['train:rmse', 3.1, 3, 0],
      ['validation:rmse', 3.4, 3, 0],
      // train-rmse:nan does not match the train regex's number pattern, so it gives nothing.
      ['validation:rmse', 2.9, 4, 1],
      ['loss', -10.5, 5, 2],
      ['accuracy', 0.75, 5, 0],
      ['loss', 'invalid', 6, 3],
      ['accuracy', 1, 6, 1],
      ['loss', 7, 6, 4], // after a carriage return: the same line
    ]);
  });

  it('gives the same observations for a log split at every offset', () => {
    for (let offset = 0; offset <= LOG.length; offset += 1) {
      expect(parse(DEFINITIONS, [LOG.slice(0, offset), LOG.slice(offset)])).toEqual(whole);
    }
  });

  it('gives the same observations for its UTF-8 bytes split at every byte offset and decoded as a stream', () => {
    const bytes = new TextEncoder().encode(LOG);
    for (let offset = 0; offset <= bytes.length; offset += 1) {
      const decoder = new TextDecoder();
      const chunks = [
        decoder.decode(bytes.subarray(0, offset), { stream: true }),
        decoder.decode(bytes.subarray(offset), { stream: true }),
        decoder.decode(),
      ];
      expect(parse(DEFINITIONS, chunks)).toEqual(whole);
    }
  });

  test.prop([fc.array(fc.nat(LOG.length), { maxLength: 12 })])(
    'gives the same observations for any chunking of the same output',
    (cuts) => {
      const offsets = [...new Set([0, ...cuts, LOG.length])].sort((a, b) => a - b);
      const chunks = offsets.slice(1).map((end, index) => LOG.slice(offsets[index], end));
      expect(parse(DEFINITIONS, chunks)).toEqual(whole);
    },
  );

  test.prop([
    fc.array(
      fc.constantFrom('loss=', '0.5', '\r', '\n', '\r\n', '\x1b[3', '1m', 'x', '#01', '1', 'nan', ' '),
      {
        maxLength: 40,
      },
    ),
    fc.array(fc.nat(200), { maxLength: 8 }),
  ])('gives the same observations and cuts for any chunking of any output', (pieces, cuts) => {
    const output = pieces.join('');
    const offsets = [...new Set([0, ...cuts.map((cut) => cut % (output.length + 1)), output.length])].sort(
      (a, b) => a - b,
    );
    const chunks = offsets.slice(1).map((end, index) => output.slice(offsets[index], end));
    const wholeCuts: LineCut[] = [];
    const chunkedCuts: LineCut[] = [];
    const expected = parse(LOSS, [output], { maxLineLength: 12, onLineCut: (cut) => wholeCuts.push(cut) });
    expect(parse(LOSS, chunks, { maxLineLength: 12, onLineCut: (cut) => chunkedCuts.push(cut) })).toEqual(
      expected,
    );
    expect(chunkedCuts).toEqual(wholeCuts);
  });
});

describe('createMetricParser refuses', () => {
  it('a regex that needs backtracking and nests quantifiers, which could hang it', () => {
    expect(() => createMetricParser([{ name: 'x', regex: '(?=a)(a+)+$' }])).toThrow(
      /metrics\[0\]\.regex uses a lookaround \(column 1\), .* repeats a part that has a repeat inside it \(column 6\)/,
    );
  });
});
