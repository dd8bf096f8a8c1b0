import { createMetricParser } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { describeLineCuts } from './lineCuts.ts';

describe('describeLineCuts', () => {
  it('names one cut line with its length', () => {
    expect(describeLineCuts([{ line: 3, length: 20000, kept: 16384 }])).toBe(
      '[tunekit] line 3 of the output was 20000 characters long; metrics were read from its first 16384 only',
    );
  });

  it('names at most ten of many cut lines', () => {
    const cuts = Array.from({ length: 12 }, (_, index) => ({
      line: index * 2 + 1,
      length: 20000,
      kept: 16384,
    }));
    expect(describeLineCuts(cuts)).toBe(
      '[tunekit] 12 lines of the output were longer than 16384 characters (lines 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, …);' +
        ' metrics were read from their first 16384 only',
    );
  });
});

describe("core's metric parser", () => {
  it("passes core's cuts on", () => {
    const cuts: number[] = [];
    const parser = createMetricParser([{ name: 'loss', regex: 'loss=(\\S+)' }], {
      onLineCut: (cut) => cuts.push(cut.line),
    });
    expect(parser.push(`loss=1\n${'x'.repeat(20000)}\n`).map((o) => o.value)).toEqual([1]);
    expect(cuts).toEqual([2]);
  });
});
