/**
 * `pnpm tunekit …` in this repository runs the command in the repository's root: files and `.tunekit/` must
 * resolve from the folder the user typed it in (pnpm's INIT_CWD) instead. And the checkout's `tunekit` runs its
 * sources, never a `dist` left by an earlier build; an installed package (no src/) runs its build.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationCwd } from '../src/commands/invocationCwd.ts';
import { BIN, type CliRun, createWorkspace } from './helpers/cli.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[], cwd: string): Promise<CliRun> {
  // A user's shell: none of the package-script variables of the test run itself.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|INIT_CWD$)/i.test(key)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('pnpm tunekit from a subfolder of the repository', () => {
  it('validates a file named relative to that folder and keeps .tunekit/ there', async () => {
    // A folder inside the repository (ignored by git), as a user's experiment folder would be.
    mkdirSync(join(REPO, 'tmp'), { recursive: true });
    const ws = createWorkspace('from-subfolder');
    const sub = mkdtempSync(join(REPO, 'tmp', 'pnpm-script-'));
    made.push(sub, ws.dir);
    cpSync(ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 1 } }), join(sub, 'tuning.json'));

    const validate = await run(
      'npx',
      ['--yes', 'pnpm@10.34.9', '--silent', 'tunekit', 'validate', 'tuning.json'],
      sub,
    );
    expect(validate.stderr).not.toMatch(/not found|no such file|ENOENT/i);
    expect(validate.code).toBe(0);

    const tune = await run(
      'npx',
      ['--yes', 'pnpm@10.34.9', '--silent', 'tunekit', 'tune', 'tuning.json', '--json'],
      sub,
    );
    expect(tune.code).toBe(0);
    expect(JSON.parse(tune.stdout)).toMatchObject({ status: 'Completed', counts: { completed: 2 } });
    expect(existsSync(join(sub, '.tunekit', 'jobs', 'from-subfolder', 'journal.jsonl'))).toBe(true);
    expect(existsSync(join(REPO, '.tunekit', 'jobs', 'from-subfolder'))).toBe(false);
  }, 120_000);
});

describe('invocationCwd', () => {
  const script = { npm_lifecycle_event: 'tunekit', npm_package_json: '/repo/package.json' };

  it('is INIT_CWD for the tunekit package script running in its package folder', () => {
    expect(invocationCwd({ ...script, INIT_CWD: '/repo/experiments/a' }, '/repo')).toBe(
      '/repo/experiments/a',
    );
  });

  it('is the working folder for everything else that inherited INIT_CWD', () => {
    // Another script (a test run, a build), or a tunekit that a process under the script started elsewhere.
    expect(invocationCwd({ ...script, npm_lifecycle_event: 'test', INIT_CWD: '/repo/x' }, '/repo')).toBe(
      '/repo',
    );
    expect(invocationCwd({ ...script, INIT_CWD: '/repo/x' }, '/tmp/job')).toBe('/tmp/job');
    expect(invocationCwd({ ...script, INIT_CWD: 'relative' }, '/repo')).toBe('/repo');
    expect(invocationCwd({ INIT_CWD: '/repo/x' }, '/repo')).toBe('/repo');
  });
});

describe('bin/tunekit.js', () => {
  it('runs the sources where src/ exists, even beside a dist, and the build where it does not', async () => {
    // A copy of the bin with its own src/ and dist/, inside the package so that tsx resolves as in the checkout.
    const root = mkdtempSync(join(import.meta.dirname, '..', '.bin-layout-'));
    made.push(root);
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'dist'));
    cpSync(join(BIN, '..'), join(root, 'bin'), { recursive: true });
    cpSync(join(BIN, '..', '..', 'dev'), join(root, 'dev'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli.ts'), "const from: string = 'source';\nconsole.log(from);\n");
    writeFileSync(join(root, 'dist', 'cli.js'), "console.log('dist');\n");

    const checkout = await run(process.execPath, [join(root, 'bin', 'tunekit.js')], root);
    expect(checkout.stdout.trim()).toBe('source');
    rmSync(join(root, 'src'), { recursive: true });
    const installed = await run(process.execPath, [join(root, 'bin', 'tunekit.js')], root);
    expect(installed.stdout.trim()).toBe('dist');
  });
});
