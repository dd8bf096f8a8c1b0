import { describe, expect, it } from 'vitest';
import { checkMetricDefinitions, MAX_METRIC_DEFINITIONS } from './checkMetricDefinitions.ts';
import { metricRegexWarnings } from './metricRegexWarnings.ts';

const LOSS = { name: 'loss', regex: 'loss=([0-9.]+)' };
const codes = (issues: readonly { code: string }[]) => issues.map((issue) => issue.code);

describe('checkMetricDefinitions', () => {
  it('accepts sound definitions with the objective among them', () => {
    expect(
      checkMetricDefinitions([LOSS, { name: 'acc', regex: 'acc: (\\S+)' }], 'loss', ['metrics']),
    ).toEqual([]);
  });

  it('needs at least one definition', () => {
    expect(checkMetricDefinitions([], 'loss', ['metrics'])).toEqual([
      {
        code: 'metric.none',
        path: ['metrics'],
        message: 'needs at least one metric definition, the objective "loss" among them',
      },
    ]);
  });

  it('allows at most 40 definitions, as SageMaker', () => {
    const many = Array.from({ length: MAX_METRIC_DEFINITIONS + 1 }, (_, index) => ({
      name: `m${index}`,
      regex: `m${index}=(\\d+)`,
    }));
    expect(codes(checkMetricDefinitions(many, 'm0', ['metrics']))).toEqual(['metric.tooMany']);
    expect(checkMetricDefinitions(many.slice(0, MAX_METRIC_DEFINITIONS), 'm0', ['metrics'])).toEqual([]);
  });

  it('names an empty, too long or repeated name by its path', () => {
    const issues = checkMetricDefinitions(
      [LOSS, { name: ' ', regex: 'a(\\d)' }, { name: 'x'.repeat(256), regex: 'b(\\d)' }, { ...LOSS }],
      'loss',
      ['metrics'],
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['metric.nameEmpty', ['metrics', 1, 'name']],
      ['metric.nameTooLong', ['metrics', 2, 'name']],
      ['metric.duplicateName', ['metrics', 3, 'name']],
    ]);
    expect(issues[2]?.message).toBe('"loss" is already defined at metrics[0]: give each metric its own name');
  });

  it('says when the objective is not among the definitions, with a did-you-mean', () => {
    const issues = checkMetricDefinitions(
      [LOSS, { name: 'validation:rmse', regex: 'v=(\\d)' }],
      'validation-rmse',
      ['metrics'],
    );
    expect(codes(issues)).toEqual(['metric.objectiveUndefined']);
    expect(issues[0]?.message).toContain('"validation:rmse"');
    expect(issues[0]?.message).toContain('add one or change objective.metric');
  });

  it.each([
    [
      '',
      'metric.regexEmpty',
      'must be a regex whose first capture group is the value, for example "loss: (\\S+)"',
    ],
    ['loss=(', 'metric.regexInvalid', 'does not compile as a JavaScript regex: '],
    ['(?P<v>\\d+)', 'metric.regexInvalid', '(Python\'s "(?P<name>...)" is "(?<name>...)" in JavaScript)'],
    ['(?i)loss=(\\d)', 'metric.regexInvalid', 'inline flags such as "(?i)" are not supported in JavaScript'],
    ['loss=\\d+', 'metric.regexNoCapture', 'has no capture group: put the value in parentheses'],
    ['(?:a)(?=b)', 'metric.regexNoCapture', 'has no capture group'],
    ['x'.repeat(501).replace('x', '(x)'), 'metric.regexTooLong', 'SageMaker allows at most 500: shorten it'],
    ['(?=x)((\\d+)+)$', 'metric.regexCatastrophic', 'repeats a part that has a repeat inside it (column 7)'],
    ['(a|ab)*(?!c)(\\d)', 'metric.regexCatastrophic', 'repeats an alternation (column 1)'],
    ['.*=(\\d+)(?= ms)', 'metric.regexCatastrophic', 'has 2 repeated parts (columns 1, 5)'],
    ['(\\w+)\\1+=(\\d)', 'metric.regexCatastrophic', 'uses a backreference (column 6)'],
  ])('checks the regex %j: %s', (regex, code, message) => {
    const issues = checkMetricDefinitions([{ name: 'loss', regex }], 'loss', ['metrics']);
    expect(codes(issues)).toEqual([code]);
    expect(issues[0]?.path).toEqual(['metrics', 0, 'regex']);
    expect(issues[0]?.message).toContain(message);
  });

  it('refuses a regex the engine cannot build with one short issue, without building or echoing it', () => {
    // 210,000 characters: V8 gave up on it ("Stack overflow") and the whole regex came back in the error.
    const huge = { name: 'huge', regex: `${'a{1000}'.repeat(30_000)}(x)` };
    const issues = checkMetricDefinitions([LOSS, huge], 'loss', ['metrics']);
    expect(issues).toMatchInlineSnapshot(`
      [
        {
          "code": "metric.regexTooLong",
          "message": "is 210003 characters; SageMaker allows at most 500: shorten it",
          "path": [
            "metrics",
            1,
            "regex",
          ],
        },
      ]
    `);
    expect(metricRegexWarnings([LOSS, huge], ['metrics'])).toEqual([]);
    // One that fits SageMaker's 500 characters but does not compile: the reason, not the regex again.
    const broken = { name: 'broken', regex: `${'x'.repeat(450)}(` };
    expect(checkMetricDefinitions([LOSS, broken], 'loss', ['metrics'])).toEqual([
      {
        code: 'metric.regexInvalid',
        path: ['metrics', 1, 'regex'],
        message: 'does not compile as a JavaScript regex: Unterminated group',
      },
    ]);
  });

  it('lets a lookaround through with one repeat, which costs at most about n² steps on 1024 characters', () => {
    expect(
      checkMetricDefinitions([{ name: 'loss', regex: 'loss=([0-9.]+)(?= )' }], 'loss', ['metrics']),
    ).toEqual([]);
  });

  it('lets a nested quantifier through when the linear-time engine runs the regex (it cannot hang there)', () => {
    expect(checkMetricDefinitions([{ name: 'loss', regex: 'loss=((\\d+)+)' }], 'loss', ['metrics'])).toEqual(
      [],
    );
  });

  it.each([
    ['loss=\\S+', 'loss=(\\S+)'],
    ['rmse: [0-9.]+', 'rmse: ([0-9.]+)'],
    ['epoch done', 'epoch done([0-9.eE+-]+)'],
  ])('suggests where the capture group goes in %j', (regex, suggestion) => {
    const [issue] = checkMetricDefinitions([{ name: 'm', regex }], 'm', ['metrics']);
    expect(issue?.message).toContain(`for example "${suggestion}"`);
  });
});
