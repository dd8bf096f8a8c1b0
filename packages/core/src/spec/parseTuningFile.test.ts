import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import request from './fixtures/createHyperParameterTuningJob.json' with { type: 'json' };
import { designExample } from './fixtures/designExample.ts';
import { validFile } from './fixtures/validFile.ts';
import { parseTuningFile } from './parseTuningFile.ts';
import { problemsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

describe('parseTuningFile', () => {
  it("parses DESIGN.md's example tuning file", () => {
    const spec = specOf(parseTuningFile(designExample, { fileName: 'tuning.yaml' }));
    expect(spec).toEqual(specOf(validateTuningJob(validFile())));
    expect(spec.objective.metric).toBe('validation:rmse');
  });

  it('reads the same file written as JSON', () => {
    const json = JSON.stringify(validFile(), null, 2);
    expect(specOf(parseTuningFile(json, { fileName: 'tuning.json' }))).toEqual(
      specOf(parseTuningFile(designExample)),
    );
    expect(specOf(parseTuningFile(json))).toEqual(specOf(parseTuningFile(designExample)));
  });

  it('gives the line and column of a YAML syntax error (where the parser notices it)', () => {
    const text = 'name: job\nparameters:\n  eta: { type: continuous, min: 0.1\nseed: 3\n';
    expect(problemsOf(parseTuningFile(text))[0]).toEqual({
      code: 'yaml.syntax',
      path: [],
      message:
        'YAML syntax error at line 4, column 1: Flow map in block collection must be sufficiently indented and end with a }',
    });
  });

  it('refuses a YAML key written twice, naming its path and both lines', () => {
    const text = 'name: job\nlimits:\n  maxTrials: 5\n  maxTrials: 10000\n';
    expect(problemsOf(parseTuningFile(text))).toMatchInlineSnapshot(`
      [
        {
          "code": "file.duplicateKey",
          "message": "is written twice in the same mapping, at line 3, column 3 and at line 4, column 3: keep one",
          "path": [
            "limits",
            "maxTrials",
          ],
        },
      ]
    `);
  });

  it('refuses a JSON key written twice instead of keeping the last, naming its path and both lines', () => {
    const text = '{\n  "name": "job",\n  "limits": { "maxTrials": 5,\n    "maxTrials": 10000 }\n}';
    expect(problemsOf(parseTuningFile(text, { format: 'json' }))).toMatchInlineSnapshot(`
      [
        {
          "code": "file.duplicateKey",
          "message": "is written twice in the same mapping, at line 3, column 15 and at line 4, column 5: keep one",
          "path": [
            "limits",
            "maxTrials",
          ],
        },
      ]
    `);
  });

  it('compares JSON keys by their value, escapes decoded, and keys of different mappings apart', () => {
    const text = JSON.stringify({ static: { a: '1' }, limits: { a: 2 } }).replace(
      '{"a":"1"',
      '{"a":"1","\\u0061":"2"',
    );
    expect(
      problemsOf(parseTuningFile(text, { format: 'json' })).filter(
        (issue) => issue.code === 'file.duplicateKey',
      ),
    ).toEqual([
      { code: 'file.duplicateKey', path: ['static', 'a'], message: expect.stringMatching(/twice/) },
    ]);
    const list = '{"metrics": [{"name": "a", "regex": "a(x)"}, {"name": "b", "name": "c"}]}';
    expect(problemsOf(parseTuningFile(list, { format: 'json' }))[0]?.path).toEqual(['metrics', 1, 'name']);
  });

  it('checks duplicate keys in linear time: 20,000 keys cost about what parsing them costs, not ten times more', () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `  key${index}: ${index}`);
    const text = `${designExample.replace(/^static: .*$/m, '')}\nstatic:\n${keys.join('\n')}\n  key0: again\n`;
    // The YAML parser alone, as the yardstick (machines and their load differ; the ratio does not).
    parseDocument(text, { uniqueKeys: false });
    let start = performance.now();
    parseDocument(text, { uniqueKeys: false });
    const parseOnly = performance.now() - start;
    start = performance.now();
    const issues = problemsOf(parseTuningFile(text));
    const validation = performance.now() - start;
    // Quadratic, the check took 20 times the parse (14.6 s against 0.75 s at 40,000 keys).
    expect(validation / parseOnly).toBeLessThan(3);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'file.duplicateKey', path: ['static', 'key0'] }),
    ]);
  }, 60_000);

  it('refuses a file over 1 MiB before parsing it', () => {
    const text = `name: job\nstatic:\n  big: "${'x'.repeat(2 * 1024 * 1024)}"\n`;
    const start = performance.now();
    expect(problemsOf(parseTuningFile(text))).toMatchInlineSnapshot(`
      [
        {
          "code": "file.tooLarge",
          "message": "the tuning file has 2097180 characters, more than 1048576 (1 MiB): a tuning file takes a few kilobytes, check that this is the right file",
          "path": [],
        },
      ]
    `);
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('reports every YAML error of a file', () => {
    const text = 'a: 1\na: 2\nb: "open\n';
    expect(problemsOf(parseTuningFile(text)).length).toBeGreaterThanOrEqual(2);
  });

  it('gives the position of a JSON syntax error', () => {
    const issues = problemsOf(parseTuningFile('{\n  "name": "job",\n  "seed" 3\n}', { format: 'json' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('json.syntax');
    expect(issues[0]?.message).toMatch(/^JSON syntax error( at line 3, column \d+)?: /);
  });

  it('says so when the file is empty', () => {
    expect(problemsOf(parseTuningFile('# nothing yet\n'))[0]?.message).toBe(
      'the tuning file is empty: start from the example in the README',
    );
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problemsOf(parseTuningFile(lines.join('\n')))[0]?.code).toBe('yaml.syntax');
  });

  it('reads a SageMaker request body as a sagemaker-managed job', () => {
    const spec = specOf(parseTuningFile(JSON.stringify(request), { fileName: 'request.json' }));
    expect(spec.executor.kind).toBe('sagemaker-managed');
    expect(spec.name).toBe('xgb-diabetes-2026-11-23');
  });

  it('passes field problems on with their paths', () => {
    const issues = problemsOf(parseTuningFile(designExample.replace('seed: 42', 'seed: many')));
    expect(issues).toEqual([
      { code: 'spec.notANumber', path: ['seed'], message: 'must be a whole number, not the string "many"' },
    ]);
  });
});
