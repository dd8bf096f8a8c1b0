import { describe, expect, it } from 'vitest';
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

  it('refuses a key written twice, at the second one', () => {
    const text = 'name: job\nseed: 1\nseed: 2\n';
    expect(problemsOf(parseTuningFile(text))).toEqual([
      {
        code: 'yaml.syntax',
        path: [],
        message: 'YAML syntax error at line 3, column 1: a key appears twice in the same mapping: keep one',
      },
    ]);
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
