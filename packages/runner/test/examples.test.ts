/**
 * The repository's examples, run through the real `tunekit` executable: both tuning files validate, and the
 * Python XGBoost example tunes end to end when a python3 with numpy and xgboost is installed (skipped otherwise,
 * saying so: the test suite needs Node only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.ts';
import { startProcess, startServeForTest } from './helpers/serve.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
const dir = mkdtempSync(join(tmpdir(), 'tunekit-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tunekit(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
}

/** A python3 that imports numpy and xgboost (or other modules): the one on PATH, else the system's. */
function findPythonWithXgboost(modules = 'numpy, xgboost'): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', `import sys, ${modules}; print(sys.executable)`], {
      encoding: 'utf8',
    });
    if (probe.status === 0) return probe.stdout.trim();
  }
  return undefined;
}

describe('the example tuning files', () => {
  it.each([
    ['diabetes-ts', 'tuning.yaml'],
    ['diabetes-ts', 'tuning-hyperband.yaml'],
    ['xgboost-python', 'tuning.yaml'],
    ['served-python', 'tuning.yaml'],
    ['served-python', 'tuning-reuse.yaml'],
    ['served-python', 'tuning-process.yaml'],
  ])('%s/%s validates', (example, file) => {
    const run = tunekit(['validate', join(EXAMPLES, example, file)]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/tuning(-[a-z]+)?\.yaml: ok\. Job /);
  });
});

const python = findPythonWithXgboost();
describe.skipIf(python === undefined)(
  `the XGBoost example${python === undefined ? ' (skipped: no python3 with numpy and xgboost; apt-get install python3-xgboost)' : ''}`,
  () => {
    it('tunes XGBoost on the diabetes data, reading SageMaker-style validation-rmse lines', () => {
      // The tuning file runs `python3`: put the one that has xgboost first on PATH.
      const env = { ...process.env, PATH: `${dirname(python!)}${delimiter}${process.env.PATH ?? ''}` };
      const file = join(EXAMPLES, 'xgboost-python', 'tuning.yaml');
      const run = tunekit(['tune', file, '--max-trials', '2', '--json', '--dir', dir], env);
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { counts: { total: number }; best: { objective: number } };
      expect(result.counts.total).toBe(2);
      // Boosted trees on this split: well below the target's spread (about 77), above zero.
      expect(result.best.objective).toBeGreaterThan(40);
      expect(result.best.objective).toBeLessThan(75);
      const log = readFileSync(
        join(dir, '.tunekit', 'jobs', 'xgb-diabetes', 'trials', '1', 'output.log'),
        'utf8',
      );
      expect(log).toMatch(/^\[0\]\ttrain-rmse:[\d.]+\tvalidation-rmse:[\d.]+$/m);
      expect(
        existsSync(
          join(dir, '.tunekit', 'jobs', 'xgb-diabetes', 'trials', '1', 'model', 'xgboost-model.json'),
        ),
      ).toBe(true);
    });
  },
);

const sklearnPython = findPythonWithXgboost('numpy, sklearn');
describe.skipIf(sklearnPython === undefined)(
  `the served-python example${sklearnPython === undefined ? ' (skipped: no python3 with numpy and scikit-learn; apt-get install python3-sklearn)' : ''}`,
  () => {
    // The describe body runs while tests are collected, skipped or not: without that python3 it must not throw.
    const first = sklearnPython === undefined ? '' : `${dirname(sklearnPython)}${delimiter}`;
    const env = { ...process.env, PATH: `${first}${process.env.PATH ?? ''}` };
    const example = join(EXAMPLES, 'served-python');
    const rowsOf = (job: string) => {
      const listed = tunekit(['trials', job, '--format', 'json', '--dir', dir]);
      expect(listed.status, listed.stderr).toBe(0);
      return JSON.parse(listed.stdout) as {
        status: string;
        objective?: number;
        metrics: Record<string, number>;
      }[];
    };

    it('is tuned by train_inprocess.py, a worker of tunekit serve', async () => {
      const server = await startServeForTest(join(example, 'tuning.yaml'), dir, {
        args: ['--max-trials', '3'],
        env,
      });
      const worker = await startProcess(
        sklearnPython!,
        [join(example, 'train_inprocess.py'), server.url, server.token],
        dir,
      ).done;
      expect(worker.code, worker.stderr).toBe(0);
      expect(worker.stdout).toMatch(/^best so far: trial \d+, cv:log_loss 0\.\d+/m);
      expect((await server.done).code).toBe(0);
      const rows = rowsOf('served-hgb');
      expect(rows.map((row) => row.status)).toEqual(['Completed', 'Completed', 'Completed']);
      for (const row of rows) {
        // Boosted trees on this data: a log-loss well under the prior's (0.66), above zero; training timed.
        expect(row.objective).toBeGreaterThan(0.01);
        expect(row.objective).toBeLessThan(0.4);
        expect(row.metrics['train:seconds']).toBeGreaterThan(0);
      }
    });

    it('is tuned by train_worker.py in reusable processes (executor.local.reuse), connected from the environment', () => {
      const run = tunekit(
        ['tune', join(example, 'tuning-reuse.yaml'), '--max-trials', '3', '--json', '--dir', dir],
        env,
      );
      expect(run.status, run.stderr).toBe(0);
      const rows = rowsOf('served-hgb-reuse');
      expect(rows.map((row) => row.status)).toEqual(['Completed', 'Completed', 'Completed']);
      for (const row of rows) {
        expect(row.objective).toBeGreaterThan(0.01);
        expect(row.objective).toBeLessThan(0.4);
        expect(row.metrics['train:seconds']).toBeGreaterThan(0);
      }
    });

    it('is tuned with a process per trial, its metrics read from the printed lines', () => {
      const run = tunekit(
        ['tune', join(example, 'tuning-process.yaml'), '--max-trials', '2', '--json', '--dir', dir],
        env,
      );
      expect(run.status, run.stderr).toBe(0);
      const rows = rowsOf('served-hgb-process');
      expect(rows.map((row) => row.status)).toEqual(['Completed', 'Completed']);
      for (const row of rows) {
        expect(row.objective).toBeGreaterThan(0.01);
        expect(row.objective).toBeLessThan(0.4);
        expect(row.metrics['train:seconds']).toBeGreaterThan(0);
      }
    });
  },
);
