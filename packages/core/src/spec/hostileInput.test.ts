/**
 * Issue 10, items 5, 6 and 8: strings that reach a process (hyperparameter names and values, the command, the
 * environment, folders) with NUL or other control characters, names that a JavaScript record or an environment
 * variable cannot hold (`__proto__`, `=`), and sections larger than SageMaker allows, are refused at validation
 * with their path, instead of crashing every `tune` (and making the job impossible to resume) later.
 */
import { describe, expect, it } from 'vitest';
import { createSearchSpace } from '../space/searchSpace.ts';
import { validFile } from './fixtures/validFile.ts';
import { parseTuningFile } from './parseTuningFile.ts';
import { problemAt, problemsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

/** The fields of DESIGN.md's example that these tests edit. */
interface EditableFile {
  parameters: Record<string, { values: string[] } | { type: string; min: number; max: number }>;
  static: Record<string, unknown>;
  metrics: { name: string; regex: string }[];
  objective: { metric: string };
  executor: {
    local: {
      command: string[];
      cwd?: string;
      env?: Record<string, string>;
      channels?: Record<string, string>;
    };
  };
}

/** DESIGN.md's example with `edit` applied to a deep copy (as JSON.parse would have built it). */
function fileEdited(edit: (file: EditableFile) => void): Record<string, unknown> {
  const file = JSON.parse(JSON.stringify(validFile())) as EditableFile & Record<string, unknown>;
  edit(file);
  return file;
}

/** The example as JSON text with `key: value` added to the object at `where` (own keys such as __proto__). */
function jsonWithKey(
  where: 'parameters' | 'static' | 'env' | 'channels',
  key: string,
  value: unknown,
): string {
  const file = fileEdited((f) => {
    f.executor.local.env = { KEEP: '1' };
    f.executor.local.channels = { train: '.' };
  });
  const anchor = {
    parameters: '"parameters":{',
    static: '"static":{',
    env: '"env":{',
    channels: '"channels":{',
  }[where];
  return JSON.stringify(file).replace(anchor, `${anchor}${JSON.stringify(key)}:${JSON.stringify(value)},`);
}

describe('control characters in strings that reach a process', () => {
  it('refuses NUL in a categorical value, a static value, the command and the environment, with their paths', () => {
    const file = fileEdited((f) => {
      (f.parameters.booster as { values: string[] }).values[1] = 'gb\u0000linear';
      f.static.num_round = '200\u0000';
      f.executor.local.command[1] = 'train\u0000.py';
      f.executor.local.env = { OK: 'x\u0000y', 'A=B': '1' };
    });
    const nulInName = fileEdited((f) => {
      f.executor.local.env = { 'N\u0000UL': '2' };
    });
    expect(problemAt(validateTuningJob(nulInName), ['executor', 'local', 'env', 'N\u0000UL']).code).toBe(
      'spec.controlCharacter',
    );
    expect(problemsOf(validateTuningJob(file))).toMatchInlineSnapshot(`
      [
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+0000 (NUL) at character 3: remove it (a tab is the only one allowed)",
          "path": [
            "parameters",
            "booster",
            "values",
            1,
          ],
        },
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+0000 (NUL) at character 4: remove it (a tab is the only one allowed)",
          "path": [
            "static",
            "num_round",
          ],
        },
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+0000 (NUL) at character 6: remove it (a tab is the only one allowed)",
          "path": [
            "executor",
            "local",
            "command",
            1,
          ],
        },
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+0000 (NUL) at character 2: remove it (a tab is the only one allowed)",
          "path": [
            "executor",
            "local",
            "env",
            "OK",
          ],
        },
        {
          "code": "executor.envName",
          "message": ""A=B" holds "=", which ends an environment variable's name: rename it",
          "path": [
            "executor",
            "local",
            "env",
            "A=B",
          ],
        },
      ]
    `);
  });

  it('refuses line breaks and escape characters in the cwd, a channel folder and a metric name', () => {
    const file = fileEdited((f) => {
      f.executor.local.cwd = 'data\n';
      f.executor.local.channels = { train: './train\u001b[31m' };
      f.metrics[0]!.name = 'validation:rmse\n```';
      f.objective.metric = 'validation:rmse\n```';
    });
    expect(problemsOf(validateTuningJob(file))).toMatchInlineSnapshot(`
      [
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+000A (line feed) at character 16: remove it",
          "path": [
            "objective",
            "metric",
          ],
        },
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+000A (line feed) at character 5: remove it (a tab is the only one allowed)",
          "path": [
            "executor",
            "local",
            "cwd",
          ],
        },
        {
          "code": "spec.controlCharacter",
          "message": "holds the control character U+001B (escape) at character 8: remove it (a tab is the only one allowed)",
          "path": [
            "executor",
            "local",
            "channels",
            "train",
          ],
        },
        {
          "code": "metric.nameInvalid",
          "message": ""validation:rmse\\n\`\`\`" holds the control character U+000A (line feed) at character 16: remove it",
          "path": [
            "metrics",
            0,
            "name",
          ],
        },
        {
          "code": "metric.objectiveUndefined",
          "message": "has no definition named "validation:rmse\\n\`\`\`", the objective metric (defined: ); add one or change objective.metric",
          "path": [
            "metrics",
          ],
        },
      ]
    `);
  });

  it('keeps tabs in values, which SageMaker hyperparameters and commands can hold', () => {
    const spec = specOf(
      validateTuningJob(
        fileEdited((f) => {
          f.static.num_round = 'a\tb';
          f.executor.local.command.push('--sep=\t');
        }),
      ),
    );
    expect(spec.static.num_round).toBe('a\tb');
  });

  it('refuses a control character in a hyperparameter name without echoing it raw', () => {
    const issue = problemAt(
      validateTuningJob(fileEdited((f) => Object.assign(f.static, { 'bad\u0007name': '1' }))),
      ['static', 'bad\u0007name'],
    );
    expect(issue.message).not.toContain('\u0007');
    expect(issue.message).toContain('\\u0007');
  });
});

describe('names a record or an environment variable cannot hold', () => {
  it('refuses __proto__ as a range name (it was dropped from every trial and crashed report)', () => {
    const result = parseTuningFile(
      jsonWithKey('parameters', '__proto__', { type: 'continuous', min: 0, max: 1 }),
      {
        format: 'json',
      },
    );
    expect(problemsOf(result)).toMatchInlineSnapshot(`
      [
        {
          "code": "parameters.invalidName",
          "message": ""__proto__" cannot be a hyperparameter name: it is a property of every JavaScript object (__proto__, constructor, prototype are reserved), rename it",
          "path": [
            "parameters",
            "__proto__",
            "name",
          ],
        },
      ]
    `);
  });

  it('refuses constructor, prototype and __proto__ as static, metric, environment and channel names', () => {
    const names = [
      parseTuningFile(jsonWithKey('static', 'constructor', '1'), { format: 'json' }),
      parseTuningFile(jsonWithKey('env', '__proto__', '1'), { format: 'json' }),
      parseTuningFile(jsonWithKey('channels', '__proto__', '.'), { format: 'json' }),
      validateTuningJob(
        fileEdited((f) => {
          f.metrics.push({ name: 'prototype', regex: 'p=(\\S+)' });
        }),
      ),
    ].flatMap((result) => problemsOf(result).map((issue) => `${issue.path.join('.')}: ${issue.code}`));
    expect(names).toEqual([
      'static.constructor: spec.staticName',
      'executor.local.env.__proto__: spec.reservedName',
      'executor.local.channels.__proto__: spec.reservedName',
      'metrics.1.name: metric.nameInvalid',
    ]);
  });

  it('refuses "=" in a hyperparameter name, which would split its SM_HP_<NAME> variable', () => {
    const result = validateTuningJob(
      fileEdited((f) => {
        f.parameters['a=b'] = { type: 'integer', min: 1, max: 3 };
        f.static['c=d'] = '1';
      }),
    );
    expect(problemAt(result, ['parameters', 'a=b', 'name']).code).toBe('parameters.invalidName');
    expect(problemAt(result, ['static', 'c=d']).code).toBe('spec.staticName');
  });

  it('refuses __proto__ in a search space built in code, and decodes points into records without a prototype', () => {
    expect(() =>
      createSearchSpace([{ type: 'continuous', name: '__proto__', min: 0, max: 1, scaling: 'Linear' }]),
    ).toThrow(/__proto__/);
    const space = createSearchSpace([
      { type: 'continuous', name: 'toString', min: 0, max: 1, scaling: 'Linear' },
    ]);
    const point = space.fromUnit([0.5]);
    expect(point.toString).toBe(0.5);
    expect(Object.getPrototypeOf(point)).toBe(null);
  });
});

describe("SageMaker's size limits on every executor", () => {
  it('refuses more than 100 static hyperparameters, and values over 2500 characters, for local jobs too', () => {
    const many = fileEdited((f) => {
      f.static = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`k${index}`, index]));
    });
    expect(problemsOf(validateTuningJob(many))).toMatchInlineSnapshot(`
      [
        {
          "code": "spec.tooManyEntries",
          "message": "has 101 static hyperparameters; at most 100 are allowed (SageMaker's limit): drop some",
          "path": [
            "static",
          ],
        },
      ]
    `);
    const long = fileEdited((f) => {
      f.static.num_round = 'x'.repeat(2501);
    });
    expect(problemAt(validateTuningJob(long), ['static', 'num_round']).code).toBe('spec.valueTooLong');
  });

  it('refuses more than 100 environment variables and more than 20 channels', () => {
    const file = fileEdited((f) => {
      f.executor.local.env = Object.fromEntries(
        Array.from({ length: 101 }, (_, index) => [`V${index}`, '1']),
      );
      f.executor.local.channels = Object.fromEntries(
        Array.from({ length: 21 }, (_, index) => [`c${index}`, '.']),
      );
    });
    expect(problemsOf(validateTuningJob(file)).map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['executor.local.env', 'spec.tooManyEntries'],
      ['executor.local.channels', 'spec.tooManyEntries'],
    ]);
  });

  it('reports ten unknown keys of a mapping one by one and counts the rest, instead of 40,000 issues', () => {
    const flood = {
      ...validFile(),
      ...Object.fromEntries(Array.from({ length: 40_000 }, (_, index) => [`k${index}`, index])),
    };
    const issues = problemsOf(validateTuningJob(flood));
    expect(issues).toHaveLength(11);
    expect(issues[10]).toEqual({
      code: 'spec.unknownKey',
      path: [],
      message: expect.stringMatching(/^has 39990 more unknown keys: remove them/),
    });
  });
});
