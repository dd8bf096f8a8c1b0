/**
 * Helpers for end-to-end tests of served jobs: `tunekit serve` as a real process on 127.0.0.1, and other processes
 * (workers) whose output is kept. Every process started here is SIGKILLed after each test if still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';
import { BIN } from './cli.ts';

export interface Started {
  readonly child: ChildProcess;
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
}

export interface Served extends Started {
  /** The address the server printed, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly token: string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Starts a process, keeping its output.
 *
 * @param command - The executable.
 * @param args - Its arguments.
 * @param cwd - Working folder.
 * @param env - Variables added to this process's environment.
 * @returns The process, its output so far, and a promise of its end.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Started {
  const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => ({ stdout, stderr }) };
}

/**
 * `tunekit serve <file> --json` on 127.0.0.1; resolves once it printed its address and token.
 *
 * @param file - The tuning file (executor.remote).
 * @param cwd - Working folder (the job's `.tunekit` goes there).
 * @param options - `port` (default 0: any free one), more arguments (`--max-trials 3`) and variables for its
 *   environment (`TUNEKIT_TOKEN`).
 * @returns The server process, its URL and token.
 */
export async function startServe(
  file: string,
  cwd: string,
  {
    port = 0,
    args = [],
    env = {},
  }: { port?: number; args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Served> {
  const server = startProcess(
    process.execPath,
    [BIN, 'serve', file, '--port', String(port), '--json', ...args],
    cwd,
    env,
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.child.stdout! }).once('line', resolve);
    void server.done.then((end) => reject(new Error(`tunekit serve exited ${end.code}: ${end.stderr}`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  return { ...server, url, token };
}
