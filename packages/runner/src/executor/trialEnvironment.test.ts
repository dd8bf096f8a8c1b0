/**
 * Issue 10, item 6: hyperparameters are records keyed by user names. A trial read back from a journal written
 * before `__proto__` was refused as a name must pass every one of its hyperparameters on, none dropped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hyperparameterStrings, prepareTrial } from './trialEnvironment.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-trial-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hyperparameters keyed by user names', () => {
  // As JSON.parse builds it from a journal line: __proto__ is an own key.
  const params = JSON.parse('{"__proto__": 0.5, "eta": 0.1}') as Record<string, number>;

  it('keeps a hyperparameter named __proto__ in the strings, SM_HPS and the arguments', () => {
    const strings = hyperparameterStrings({ rounds: '10' }, params);
    expect(Object.entries(strings)).toEqual([
      ['rounds', '10'],
      ['__proto__', '0.5'],
      ['eta', '0.1'],
    ]);
    const prepared = prepareTrial(
      { kind: 'local', command: ['node', 'train.js'], env: {}, killGraceSeconds: 1, channels: {} },
      { trialId: 1, trialDir: join(dir, 't1'), baseDir: dir, staticValues: {}, params },
      {},
    );
    if (typeof prepared === 'string') throw new Error(prepared);
    expect(JSON.parse(prepared.env.SM_HPS!)).toEqual(JSON.parse('{"__proto__": 0.5, "eta": 0.1}'));
    expect(Object.keys(JSON.parse(prepared.env.SM_HPS!) as object)).toEqual(['__proto__', 'eta']);
    expect(prepared.args).toEqual(['train.js', '--__proto__', '0.5', '--eta', '0.1']);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 't1', 'hyperparameters.json'), 'utf8')))).toEqual([
      '__proto__',
      'eta',
    ]);
  });
});
