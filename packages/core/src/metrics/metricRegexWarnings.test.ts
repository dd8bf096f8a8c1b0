import { describe, expect, it } from 'vitest';
import { metricRegexWarnings } from './metricRegexWarnings.ts';

describe('metricRegexWarnings', () => {
  it('warns of a nested quantifier with its path and column, and of backtracking-only features', () => {
    expect(
      metricRegexWarnings(
        [
          { name: 'loss', regex: 'loss=([0-9.]+)' },
          { name: 'bad', regex: 'x=((\\d+)+)$' },
          { name: 'look', regex: '(\\d+)(?= ms)' },
          { name: 'broken', regex: '((a+)+' },
        ],
        ['metrics'],
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "metric.regexNestedQuantifier",
          "message": "repeats a part that has a repeat inside it (column 4: "(\\d+)+)$"), which can take exponential time on a line that nearly matches in a backtracking engine such as SageMaker's; repeat it once, for example "(\\d+)" instead of "(\\d+)+"",
          "path": [
            "metrics",
            1,
            "regex",
          ],
        },
        {
          "code": "metric.regexBacktracking",
          "message": "uses a lookaround (column 6), which tunekit's linear-time engine does not run: this regex runs in JavaScript's engine on the first 1024 characters of a line only; write it without one",
          "path": [
            "metrics",
            2,
            "regex",
          ],
        },
      ]
    `);
  });

  it('is empty for safe regexes', () => {
    expect(
      metricRegexWarnings(
        [
          {
            name: 'v',
            regex: '.*\\[[0-9]+\\].*#011validation-rmse:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*',
          },
        ],
        ['metrics'],
      ),
    ).toEqual([]);
  });
});
