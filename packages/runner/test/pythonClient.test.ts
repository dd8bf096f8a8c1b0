/**
 * The Python client (clients/python/tunekit.py) against a real `tunekit serve`: real python3 processes run the
 * scripts in fixtures/python/ as workers, and the job's trials are read back with `tunekit trials --format json`.
 * Skipped, saying so, when there is no python3 (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, useWorkspaces, type Workspace, waitFor } from './helpers/cli.ts';
import { type Started, startProcess, startServeForTest } from './helpers/serve.ts';

const CLIENT_DIR = join(import.meta.dirname, '..', '..', '..', 'clients', 'python');
const SCRIPTS = join(import.meta.dirname, 'fixtures', 'python');

const python = spawnSync('python3', ['-c', 'import sys; assert sys.version_info >= (3, 9)']).status === 0;
if (!python) console.log('pythonClient.test.ts skipped: no python3 (3.9 or later) on PATH');

/** Runs a fixture script as a worker of the server at `url`. */
function worker(
  script: string,
  cwd: string,
  url: string,
  token: string,
  env: NodeJS.ProcessEnv = {},
): Started {
  return startProcess('python3', [join(SCRIPTS, script)], cwd, {
    PYTHONPATH: CLIENT_DIR,
    TUNEKIT_URL: url,
    TUNEKIT_TOKEN: token,
    ...env,
  });
}

interface Row {
  trial: number;
  status: string;
  objective?: number;
  reason?: string;
  hyperparameters: Record<string, number>;
}

async function trials(ws: Workspace, name: string): Promise<Row[]> {
  const listed = await runCliProcess(['trials', name, '--format', 'json'], ws.dir);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as Row[];
}

/** A served job over x, y in [0, 1] (Random unless overridden), its tuning file written in the workspace. */
function servedJob(ws: Workspace, overrides: Record<string, unknown> = {}): string {
  return ws.writeTuningFile({
    limits: { maxTrials: 4, maxParallel: 1, maxRetries: 0 },
    executor: { remote: { leaseSeconds: 60, heartbeatSeconds: 10 } },
    ...overrides,
  });
}

describe.skipIf(!python)(`the Python client${python ? '' : ' (skipped: no python3 on PATH)'}`, () => {
  const workspace = useWorkspaces();

  it('runs a Random job to its end from a `for trial in study` worker; the trials hold the told values', async () => {
    const ws = workspace('py-loop');
    const server = await startServeForTest(servedJob(ws), ws.dir);
    const run = await worker('loop.py', ws.dir, server.url, server.token).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^done 4$/m);
    expect((await server.done).code).toBe(0);
    const rows = await trials(ws, 'py-loop');
    expect(rows.map((row) => row.status)).toEqual(['Completed', 'Completed', 'Completed', 'Completed']);
    for (const row of rows) {
      expect(row.objective).toBeCloseTo(2 * row.hyperparameters.x! + row.hyperparameters.y!, 5);
      expect(run.stdout).toContain(`told ${row.trial} `);
    }
    // After the job, the server has gone; the study still has its best trial (the lowest of the four).
    const best = rows.reduce((a, b) => (b.objective! < a.objective! ? b : a));
    expect(run.stdout).toMatch(new RegExp(`^best ${best.trial} `, 'm'));
    // The token is never printed by the client.
    expect(run.stdout + run.stderr).not.toContain(server.token);
  });

  it('gets `stop` from the median rule in `report`, and the trial ends Stopped', async () => {
    const ws = workspace('py-median');
    // Trials 1 and 2 (x = 0.1, 0.2) finish first; trial 3 (x = 0.9) is worse than their median from step 1.
    const file = servedJob(ws, {
      initialTrials: [
        { x: 0.1, y: 0.5 },
        { x: 0.2, y: 0.5 },
        { x: 0.9, y: 0.5 },
      ],
      limits: { maxTrials: 3, maxParallel: 1, maxRetries: 0 },
      earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 2, minFraction: 0 },
    });
    const server = await startServeForTest(file, ws.dir);
    const run = await worker('median.py', ws.dir, server.url, server.token).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^stopped 3 at 1: .+/m);
    expect((await server.done).code).toBe(0);
    const rows = await trials(ws, 'py-median');
    expect(rows.map((row) => [row.trial, row.status])).toEqual([
      [1, 'Completed'],
      [2, 'Completed'],
      [3, 'Stopped'],
    ]);
  });

  it('tells Failed with the exception when the objective raises, and goes on to the next trial', async () => {
    const ws = workspace('py-raises');
    const server = await startServeForTest(servedJob(ws), ws.dir);
    const run = await worker('raises.py', ws.dir, server.url, server.token).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^done$/m);
    // Logged on stderr with its traceback.
    expect(run.stderr).toMatch(/trial 2 failed: ValueError: no convergence for x=/);
    expect((await server.done).code).toBe(0);
    const rows = await trials(ws, 'py-raises');
    expect(rows.map((row) => row.status)).toEqual(['Completed', 'Failed', 'Completed', 'Completed']);
    expect(rows[1]!.reason).toContain(`ValueError: no convergence for x=${rows[1]!.hyperparameters.x}`);
  });

  it.each([
    ['with trial:', '1', /^worker \S+: KeyError: 'no column 0\.\d+'$/],
    ['a bare loop', '0', /^worker \S+: the worker left `for trial in study` with the trial open/],
  ])(
    'tells Failed the trial of a worker that crashed in %s, and another worker finishes the job',
    async (_, withTrial, reason) => {
      const ws = workspace(`py-crash-${withTrial}`);
      // A short heartbeat: the server's wait for the crashed worker to hear `done` (two heartbeats) stays short.
      const file = servedJob(ws, { executor: { remote: { leaseSeconds: 60, heartbeatSeconds: 1 } } });
      const server = await startServeForTest(file, ws.dir);
      const crashed = await worker('crash.py', ws.dir, server.url, server.token, { WITH: withTrial }).done;
      expect(crashed.code).toBe(1);
      expect(crashed.stderr).toMatch(/KeyError: 'no column 0\.\d+'/);
      const next = await worker('loop.py', ws.dir, server.url, server.token).done;
      expect(next.code, next.stderr).toBe(0);
      expect((await server.done).code).toBe(0);
      const rows = await trials(ws, `py-crash-${withTrial}`);
      expect(rows.map((row) => row.status)).toEqual(['Completed', 'Failed', 'Completed', 'Completed']);
      expect(rows[1]!.reason).toMatch(reason);
    },
  );

  it('drops a trial whose lease ran out while the worker was paused, and goes on with the next', async () => {
    const ws = workspace('py-lease');
    const file = servedJob(ws, {
      limits: { maxTrials: 3, maxParallel: 1, maxRetries: 1 },
      executor: { remote: { leaseSeconds: 2, heartbeatSeconds: 1 } },
    });
    const server = await startServeForTest(file, ws.dir);
    const run = worker('slow.py', ws.dir, server.url, server.token);
    await waitFor(() => /^reported 1$/m.test(run.output().stdout), 30_000, 'trial 1 reported');
    // Paused (a laptop asleep, a long GC) for longer than the lease: the server fails trial 1 and retries it.
    // (Paused before it sent anything, the trial would go to the next ask instead: the lease was never confirmed.)
    run.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 3500));
    run.child.kill('SIGCONT');
    const end = await run.done;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stderr).toMatch(/trial 1 abandoned|trial 1: the server dropped this worker's lease/);
    expect((await server.done).code).toBe(0);
    const rows = await trials(ws, 'py-lease');
    expect(rows[0]).toMatchObject({ trial: 1, status: 'Failed' });
    expect(rows[0]!.reason).toMatch(/sent nothing for 2 s/);
    expect(rows.slice(1).map((row) => row.status)).toEqual(['Completed', 'Completed', 'Completed']);
  });

  it('gives up after give_up_seconds without an answer, naming the URL, and ends optimize', async () => {
    const ws = workspace('py-gone');
    const server = await startServeForTest(servedJob(ws), ws.dir);
    const run = worker('slow.py', ws.dir, server.url, server.token, { GIVE_UP_SECONDS: '2' });
    await waitFor(() => /^reported 1$/m.test(run.output().stdout), 30_000, 'trial 1 reported');
    server.child.kill('SIGKILL');
    const end = await run.done;
    expect(end.code).toBe(1);
    expect(end.stderr).toContain(`tunekit.ServerUnreachable: no answer from ${server.url} for 2 s`);
    // The trial is not failed through the dead server (it is left to its lease): one error, no second wait.
    expect(end.stderr).not.toMatch(/trial 1 failed/);
  });

  it('carries on when the server is killed mid-job and restarted on the same port with the same token', async () => {
    const ws = workspace('py-restart');
    const file = servedJob(ws, { limits: { maxTrials: 6, maxParallel: 1, maxRetries: 0 } });
    const token = 'restart-test-token-0123456789';
    const first = await startServeForTest(file, ws.dir, { env: { TUNEKIT_TOKEN: token } });
    expect(first.token).toBe(token);
    const port = Number(new URL(first.url).port);
    const run = worker('loop.py', ws.dir, first.url, token, { SLEEP: '0.2' });
    await waitFor(() => (run.output().stdout.match(/^told /gm) ?? []).length >= 2, 30_000, 'two trials told');
    first.child.kill('SIGKILL');
    await first.done;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await startServeForTest(file, ws.dir, { port, env: { TUNEKIT_TOKEN: token } });
    const end = await run.done;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+ .*retrying/);
    expect((await second.done).code).toBe(0);
    const rows = await trials(ws, 'py-restart');
    // No trial lost or run twice: the trial in training when the server died kept its lease across the restart.
    expect(rows.map((row) => row.status)).toEqual(Array(6).fill('Completed'));
    for (const row of rows)
      expect(row.objective).toBeCloseTo(2 * row.hyperparameters.x! + row.hyperparameters.y!, 5);
    expect(end.stdout).toMatch(/^done 6$/m);
  });

  it('sends no heartbeat once a tell has begun, against a server whose tell is slow', () => {
    // The heartbeat thread went on beating while a tell was in flight (a loaded server), for a trial the worker
    // had already ended. A stand-in server (stdlib, 127.0.0.1) answers the tell after 0.4 s; heartbeats are due
    // every 0.05 s.
    const run = spawnSync('python3', [join(SCRIPTS, 'slowtell.py')], {
      env: { ...process.env, PYTHONPATH: CLIENT_DIR },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const paths = JSON.parse(run.stdout) as string[];
    const tell = paths.indexOf('/v1/trials/7/tell');
    expect(tell).toBeGreaterThan(0);
    expect(paths.slice(0, tell)).toContain('/v1/trials/7/heartbeat');
    expect(paths.slice(tell + 1)).not.toContain('/v1/trials/7/heartbeat');
  });

  it('refuses bad input with an error that names the argument or field', async () => {
    const ws = workspace('py-bad');
    const server = await startServeForTest(
      servedJob(ws, { limits: { maxTrials: 1, maxParallel: 1 } }),
      ws.dir,
    );
    const run = await worker('badinput.py', ws.dir, server.url, server.token).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'ValueError: url: no server URL; pass connect(url, token) or set TUNEKIT_URL (tunekit serve prints it)',
      'ValueError: token: no token; pass connect(url, token) or set TUNEKIT_TOKEN (tunekit serve prints it)',
      "ValueError: url: must be http://host:port or https://host:port (got 'ftp://127.0.0.1:1')",
      "ValueError: worker: must be 1-100 characters of A-Z a-z 0-9 . _ : @ - (got 'bad name/../'); change it or unset TUNEKIT_WORKER",
      'ValueError: step: must be a whole number >= 0 (got -1)',
      'ValueError: value: must be a finite number (got nan)',
      expect.stringMatching(
        /^RequestRejected: .* refused POST \/v1\/trials\/1\/report \(400 badRequest\): .*__proto__/,
      ),
      'ValueError: n_trials: must be a whole number >= 0 or None (got -1)',
      'TunekitError: trial 1 was already told Completed; tell Completed is not sent',
    ]);
    expect(run.stdout + run.stderr).not.toContain(server.token);
    expect((await server.done).code).toBe(0);
  });

  it('exits non-zero with a clear message, and without the token, when the server refuses the token', async () => {
    const ws = workspace('py-token');
    const server = await startServeForTest(servedJob(ws), ws.dir);
    const wrong = 'not-the-token-42';
    const run = await worker('loop.py', ws.dir, server.url, wrong).done;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`token refused by ${server.url}: check TUNEKIT_TOKEN`);
    expect(run.stderr).not.toContain(wrong);
    expect(run.stderr).not.toContain(server.token);
    server.child.kill('SIGINT');
    await server.done;
  });
});
