/**
 * `tunekit serve` as a process for tests: started on a port (in a network namespace when a test asks), its URL
 * and token read from its first `--json` line, and a worker's raw protocol calls (where the protocol is the
 * interface under test, plain fetch is the client).
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { BIN, type CliRun, type StartedCli, startCommand } from './cli.ts';

/** A running `tunekit serve`. */
export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
  /** The job's name. */
  readonly job: string;
  /** The port it listens on (the one `--port 0` chose). */
  readonly port: number;
  readonly done: Promise<CliRun>;
  output(): { stdout: string; stderr: string };
}

/** How {@link startServe} starts the server. */
export interface ServeOptions {
  /** The port (default 0: any free one). */
  readonly port?: number;
  /** The address to listen on (`--host`; default: the server's, 127.0.0.1). */
  readonly host?: string;
  /** More arguments. */
  readonly args?: readonly string[];
  /** Added to the server's environment (e.g. TUNEKIT_TOKEN). */
  readonly env?: Record<string, string>;
  /** A command the server runs under, e.g. `['ip', 'netns', 'exec', 'ns-a']` (it must exec its arguments). */
  readonly prefix?: readonly string[];
}

/**
 * Starts `tunekit serve <file> --json` and waits for its URL and token.
 *
 * @param file - The tuning file.
 * @param cwd - The workspace.
 * @param options - The port (default 0), host, more arguments, environment variables to add, a prefix command.
 * @returns The server.
 */
export async function startServe(file: string, cwd: string, options: ServeOptions = {}): Promise<Served> {
  const args = [BIN, 'serve', file, '--json', '--port', String(options.port ?? 0)];
  if (options.host !== undefined) args.push('--host', options.host);
  const command = [...(options.prefix ?? []), process.execPath, ...args, ...(options.args ?? [])];
  const { child, done, output } = startCommand(command[0]!, command.slice(1), cwd, options.env);
  const first = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const { stdout } = output();
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    };
    child.stdout!.on('data', check);
    void done.then((run) =>
      reject(
        new Error(
          `tunekit serve exited (${run.code ?? run.signal}) before listening:\n${run.stderr}${run.stdout}`,
        ),
      ),
    );
  });
  const { url, token, job } = JSON.parse(first) as { url: string; token: string; job: string };
  return {
    child,
    url,
    token,
    job,
    port: Number(new URL(url).port),
    done,
    output,
  };
}

/**
 * SIGKILLs a server (or any process) and waits for it to be gone.
 *
 * @param served - The server.
 * @returns How it ended.
 */
export async function killServe(served: Pick<Served, 'child' | 'done'>): Promise<CliRun> {
  served.child.kill('SIGKILL');
  return served.done;
}

/** A protocol answer: the status and the JSON body. */
export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/**
 * One protocol request.
 *
 * @param served - The server (its URL and token), or a URL and a token to try.
 * @param path - `/v1/...`.
 * @param body - The JSON body (POST), or undefined for GET.
 * @returns The status and the parsed body.
 */
export async function call<T = Record<string, unknown>>(
  served: { url: string; token: string },
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${served.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A process started by {@link startProcess}. */
export type Started = StartedCli;

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Starts a process (a worker, say), keeping its output; it is SIGKILLed after the test if still running.
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
  env: Record<string, string> = {},
): Started {
  const process = startCommand(command, args, cwd, env);
  started.push(process.child);
  return process;
}

/**
 * {@link startServe}, the server SIGKILLed after the test if still running (a failed test leaves none behind).
 *
 * @param file - The tuning file.
 * @param cwd - The workspace.
 * @param options - As {@link startServe}'s.
 * @returns The server.
 */
export async function startServeForTest(
  file: string,
  cwd: string,
  options: { port?: number; args?: readonly string[]; env?: Record<string, string> } = {},
): Promise<Served> {
  const served = await startServe(file, cwd, options);
  started.push(served.child);
  return served;
}
