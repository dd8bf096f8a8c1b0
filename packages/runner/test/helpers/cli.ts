/**
 * Helpers for end-to-end tests of the `tunekit` executable: a workspace with a tuning file for the tiny training
 * script in test/fixtures/train.mjs, and ways to run the real CLI as a process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'tunekit.js');
export const TRAIN_SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'train.mjs');

export interface Workspace {
  readonly dir: string;
  /** File the training script appends one line to per run (the witness of what really ran). */
  readonly runLog: string;
  /** Writes `tuning.json` (or another name) for the job and returns its path. */
  writeTuningFile(overrides?: Record<string, unknown>, fileName?: string): string;
  /** The job's journal events, parsed line by line (a torn last line is skipped). */
  journal(name?: string): JournalLine[];
  /** The runs the training script recorded. */
  runs(): { x: string; y: string; pid: number }[];
}

export type JournalLine = { type: string; t: number; trialId?: number; [key: string]: unknown };

/**
 * Creates a temporary workspace.
 *
 * @param name - The job name used by default.
 * @returns The workspace.
 */
export function createWorkspace(name = 'e2e'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-e2e-'));
  const runLog = join(dir, 'runs.log');
  return {
    dir,
    runLog,
    writeTuningFile(overrides = {}, fileName = 'tuning.json') {
      const base: Record<string, unknown> = {
        name,
        objective: { metric: 'loss', type: 'Minimize' },
        metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
        strategy: 'Random',
        parameters: {
          x: { type: 'continuous', min: 0, max: 1 },
          y: { type: 'continuous', min: 0, max: 1 },
        },
        static: { steps: '3', sleep_ms: '0' },
        limits: { maxTrials: 6, maxParallel: 2 },
        seed: 3,
        executor: {
          local: { command: ['node', TRAIN_SCRIPT], timeoutSeconds: 60, env: { RUN_LOG: runLog } },
        },
      };
      const path = join(dir, fileName);
      writeFileSync(path, JSON.stringify({ ...base, ...overrides }, null, 2));
      return path;
    },
    journal(jobName = name) {
      const path = join(dir, '.tunekit', 'jobs', jobName, 'journal.jsonl');
      if (!existsSync(path)) return [];
      const lines = readFileSync(path, 'utf8').split('\n');
      const events: JournalLine[] = [];
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          events.push(JSON.parse(line) as JournalLine);
        } catch {
          // a torn last line
        }
      }
      return events;
    },
    runs() {
      if (!existsSync(runLog)) return [];
      return readFileSync(runLog, 'utf8')
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { x: string; y: string; pid: number });
    },
  };
}

/**
 * A workspace factory for a test file: every workspace it creates is deleted after the file's tests.
 *
 * @returns Creates a workspace (see {@link createWorkspace}).
 */
export function useWorkspaces(): (name?: string) => Workspace {
  const created: Workspace[] = [];
  afterAll(() => {
    for (const ws of created) rmSync(ws.dir, { recursive: true, force: true });
  });
  return (name) => {
    const ws = createWorkspace(name);
    created.push(ws);
    return ws;
  };
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StartedCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * Starts `tunekit <args>` as a process.
 *
 * @param args - Arguments after `tunekit`.
 * @param cwd - Working folder.
 * @returns The process and a promise of its end.
 */
export function startCli(args: readonly string[], cwd: string): StartedCli {
  return startCommand(process.execPath, [BIN, ...args], cwd);
}

/**
 * Starts a command, collecting its output.
 *
 * @param command - The executable.
 * @param args - Its arguments.
 * @param cwd - Working folder.
 * @param env - Variables added to this process's environment (with NO_COLOR).
 * @returns The process, its output so far, and a promise of its end.
 */
export function startCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): StartedCli {
  const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/**
 * Runs `tunekit <args>` to its end.
 *
 * @param args - Arguments after `tunekit`.
 * @param cwd - Working folder.
 * @returns Exit code and output.
 */
export function runCliProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  return startCli(args, cwd).done;
}

/**
 * Waits until a condition holds, polling.
 *
 * @param condition - Checked every 25 ms.
 * @param timeoutMs - Gives up after this long.
 * @param what - Named in the timeout error.
 */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Whether a process is alive.
 *
 * @param pid - The process id.
 * @returns True when signal 0 reaches it.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
