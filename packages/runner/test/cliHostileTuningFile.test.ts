/**
 * Issue 10, items 5 to 9, end to end: hostile tuning files given to the real `tunekit` executable are refused by
 * `validate` and `tune` with exit code 2 and one short line a problem naming its path, no stack trace, and no job
 * started (before, NUL bytes crashed every trial, `__proto__` vanished from the trials, a repeated JSON key won
 * silently, and a huge regex exited 1 with a 100 KB message).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, useWorkspaces, type Workspace } from './helpers/cli.ts';

const workspace = useWorkspaces();

/** A workspace whose tuning.json is the helper's file with `edit` applied to its JSON text. */
function hostileFile(edit: (json: string) => string): { ws: Workspace; file: string } {
  const ws = workspace('hostile');
  const file = ws.writeTuningFile();
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return { ws, file };
}

async function refusedByBoth(ws: Workspace, file: string): Promise<string> {
  const validate = await runCliProcess(['validate', file], ws.dir);
  expect(validate.code).toBe(2);
  const tune = await runCliProcess(['tune', file], ws.dir);
  expect(tune.code).toBe(2);
  for (const run of [validate, tune]) expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(ws.runs()).toEqual([]);
  expect(existsSync(join(ws.dir, '.tunekit', 'jobs', 'hostile'))).toBe(false);
  return validate.stderr;
}

describe('tunekit validate and tune refuse hostile tuning files with exit 2 and the path', () => {
  it('a NUL byte in a static value and in the command', async () => {
    const { ws, file } = hostileFile((json) =>
      json.replace('"steps": "3"', '"steps": "3\\u0000"').replace('"node",', '"no\\u0000de",'),
    );
    const stderr = await refusedByBoth(ws, file);
    expect(stderr).toContain('static.steps: holds the control character U+0000 (NUL) at character 2');
    expect(stderr).toContain('executor.local.command[0]: holds the control character U+0000 (NUL)');
  });

  it('__proto__ as a range name', async () => {
    const { ws, file } = hostileFile((json) =>
      json.replace(
        '"parameters": {',
        '"parameters": { "__proto__": { "type": "continuous", "min": 0, "max": 1 },',
      ),
    );
    expect(await refusedByBoth(ws, file)).toContain(
      'parameters.__proto__.name: "__proto__" cannot be a hyperparameter name',
    );
  });

  it('a JSON key written twice', async () => {
    const { ws, file } = hostileFile((json) =>
      json.replace('"maxTrials": 6,', '"maxTrials": 6, "maxTrials": 10000,'),
    );
    expect(await refusedByBoth(ws, file)).toMatch(
      /limits\.maxTrials: is written twice in the same mapping, at line \d+, column \d+ and at line \d+, column \d+: keep one/,
    );
  });

  it('a regex too large for the engine, in a short message', async () => {
    const huge = `${'a{1000}'.repeat(30_000)}(x)`;
    const { ws, file } = hostileFile((json) =>
      json.replace('"metrics": [', `"metrics": [{ "name": "huge", "regex": ${JSON.stringify(huge)} },`),
    );
    const stderr = await refusedByBoth(ws, file);
    expect(stderr).toContain(
      'metrics[0].regex: is 210003 characters; SageMaker allows at most 500: shorten it',
    );
    expect(stderr.length).toBeLessThan(1000);
  });
});
