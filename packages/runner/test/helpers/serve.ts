/**
 * Helpers for end-to-end tests of `tunekit serve`: start the real server (the TypeScript sources, through
 * bin/tunekit.js), read the `{url, token, job}` line it prints first with `--json`, and stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, type CliRun } from './cli.ts';

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
  readonly job: string;
  readonly port: number;
  readonly done: Promise<CliRun>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
}

export interface ServeOptions {
  /** The port (default 0: any free one). */
  readonly port?: number;
  /** The address to listen on (default: the server's, 127.0.0.1). */
  readonly host?: string;
  /** Added to the server's environment (e.g. TUNEKIT_TOKEN). */
  readonly env?: Record<string, string>;
  /** A command the server runs under, e.g. `['ip', 'netns', 'exec', 'ns-a']` (it must exec its arguments). */
  readonly prefix?: readonly string[];
}

/**
 * Starts `tunekit serve <file> --port <port> --json` and waits for its first stdout line.
 *
 * @param file - The tuning file.
 * @param cwd - The working folder (its `.tunekit/` holds the job).
 * @param options - Port, host, environment, a prefix command.
 * @returns The running server, its URL and token.
 */
export async function startServe(file: string, cwd: string, options: ServeOptions = {}): Promise<Served> {
  const args = [BIN, 'serve', file, '--port', String(options.port ?? 0), '--json'];
  if (options.host !== undefined) args.push('--host', options.host);
  const command = [...(options.prefix ?? []), process.execPath, ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tunekit serve printed no first line in 30 s: ${stderr}`)),
      30_000,
    );
    const check = (): void => {
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(stdout.slice(0, newline));
    };
    child.stdout.on('data', check);
    void done.then((run) => {
      clearTimeout(timer);
      reject(
        new Error(`tunekit serve exited (${run.code ?? run.signal}) before its first line: ${run.stderr}`),
      );
    });
  });
  const { url, token, job } = JSON.parse(first) as { url: string; token: string; job: string };
  return {
    child,
    url,
    token,
    job,
    port: Number(new URL(url).port),
    done,
    output: () => ({ stdout, stderr }),
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
