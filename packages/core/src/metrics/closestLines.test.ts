import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { closestLines } from './closestLines.ts';

const RMSE = { name: 'validation:rmse', regex: 'validation-rmse:([-+0-9.eE]+)' };

describe('closestLines', () => {
  const output = [
    'Loading data',
    '[0] train-rmse=3.5 validation-rmse=3.9',
    'epoch 0 done',
    '[1] train-rmse=3.1 validation-rmse=3.4',
    'validation finished',
    'Saving model',
  ];

  it('puts the lines that nearly match the regex first, the most recent among equals', () => {
    expect(closestLines(output, RMSE, 3)).toEqual([
      '[1] train-rmse=3.1 validation-rmse=3.4',
      '[0] train-rmse=3.5 validation-rmse=3.9',
      'validation finished',
    ]);
  });

  it('leaves out lines with nothing of the metric', () => {
    expect(closestLines(['Loading data', 'Saving model'], RMSE, 3)).toEqual([]);
    expect(closestLines(output, RMSE, 10)).not.toContain('Saving model');
  });

  it('finds the metric by its name when the regex expects other text', () => {
    const definition = { name: 'accuracy', regex: 'acc: ([0-9.]+)' };
    expect(closestLines(['step 3', 'Accuracy = 0.93', 'done'], definition, 2)).toEqual(['Accuracy = 0.93']);
  });

  it('reads CloudWatch tabs and ANSI colours in the lines and the regex', () => {
    const definition = { name: 'validation:rmse', regex: '#011validation-rmse:([0-9.]+)' };
    expect(closestLines(['x', '[0]#011\x1b[1mvalidation-rmse\x1b[0m=3.4'], definition, 1)).toEqual([
      '[0]\tvalidation-rmse=3.4',
    ]);
  });

  it('quotes the segments of a progress bar on their own, without carriage returns', () => {
    const bar = ' 50%|##  | validation-rmse=3.5\r100%|####| validation-rmse=3.1\r\n';
    expect(closestLines(['x', bar], RMSE, 2)).toEqual([
      '100%|####| validation-rmse=3.1',
      ' 50%|##  | validation-rmse=3.5',
    ]);
  });

  it('quotes a repeated line once', () => {
    expect(closestLines(['validation-rmse=1', 'validation-rmse=1'], RMSE, 3)).toEqual(['validation-rmse=1']);
  });

  it('returns nothing for a count of 0', () => {
    expect(closestLines(output, RMSE, 0)).toEqual([]);
  });

  test.prop([
    fc.array(fc.constantFrom(...output, 'rmse', 'validation', 'x=1', ''), { maxLength: 30 }),
    fc.nat(5),
  ])('is deterministic and returns at most count distinct lines of the output', (lines, count) => {
    const closest = closestLines(lines, RMSE, count);
    expect(closestLines(lines, RMSE, count)).toEqual(closest);
    expect(closest.length).toBeLessThanOrEqual(count);
    expect(new Set(closest).size).toBe(closest.length);
    for (const line of closest) expect(lines).toContain(line);
  });
});
