import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tunekit-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints the dashboard URL first, runs a real tuning job and prints the best hyperparameters and one table row a trial', async () => {
  const { stdout } = await run(
    process.execPath,
    [
      '--conditions=@tunekit/source',
      '--import',
      'tsx',
      'src/main.ts',
      '--trials',
      '3',
      '--parallel',
      '2',
      '--epochs',
      '15',
      '--dir',
      dir,
    ],
    { cwd: join(import.meta.dirname, '..'), timeout: 60_000 },
  );
  // The dashboard's URL comes first, so a newcomer can open it while the job runs.
  expect(stdout.split('\n')[0]).toMatch(/^tunekit dashboard: http:\/\/127\.0\.0\.1:\d+\/ /);
  const best = /best hyperparameters:\n(\{[\s\S]*?\n\})/.exec(stdout);
  expect(best, stdout).not.toBeNull();
  const hyperparameters = JSON.parse(best![1]!) as Record<string, unknown>;
  expect(Object.keys(hyperparameters).sort()).toEqual(['activation', 'hidden_units', 'l2', 'learning_rate']);
  expect(['relu', 'tanh', 'sigmoid', 'softplus']).toContain(hyperparameters.activation);
  const objective = Number(/best validation:rmse: (\S+)/.exec(stdout)?.[1]);
  // A trained network on this split: well below the target's spread (about 77, what predicting the mean scores),
  // and above zero.
  expect(objective).toBeGreaterThan(30);
  expect(objective).toBeLessThan(70);
  const rows = stdout
    .split('\n')
    .filter((line) => /^\s*\*?\d+\s+\S+\s+\d+\s+\S+\s+\S+\s+(Completed|Failed|Stopped)\b/.test(line));
  expect(rows).toHaveLength(3);
});
