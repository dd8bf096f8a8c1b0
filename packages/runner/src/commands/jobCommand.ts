/**
 * What the commands that run a job (`tune`, `attach`) share: progress output as `--json`, `--plain` and
 * `--quiet` ask, Ctrl-C handling (once: stop cleanly; twice: kill), and the result with its exit code.
 */

import { createPlainProgress } from '../progress/plainProgress.ts';
import { createTtyProgress } from '../progress/ttyProgress.ts';
import type { JobEventListener } from '../session/jobEvents.ts';
import type { JobResult } from '../session/jobResult.ts';
import type { CommandContext } from './context.ts';
import type { CliIo } from './io.ts';

/** Exit code of a job stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** The output options of a job command. */
export interface ProgressOptions {
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
}

/** A job's progress display. */
export interface Progress {
  /** Receives the job's events; undefined with `--quiet`. */
  readonly listener: JobEventListener | undefined;
  /** Ends the display (a terminal's live lines); safe to call more than once. */
  close(): void;
}

/**
 * Starts the progress display: live lines on a terminal, one plain line an event otherwise (or with
 * `--plain`), on stderr with `--json` (stdout then carries the result), nothing with `--quiet`.
 *
 * @param io - The command's streams.
 * @param options - `--json`, `--plain`, `--quiet`.
 * @param metric - The objective metric, shown with each trial.
 * @returns The listener and how to close the display.
 */
export function startProgress(io: CliIo, options: ProgressOptions, metric: string): Progress {
  if (options.quiet) return { listener: undefined, close: () => {} };
  const stream = options.json ? io.stderr : io.stdout;
  if (stream.isTTY && !options.plain) {
    const tty = createTtyProgress(stream, metric);
    return { listener: tty.listener, close: () => tty.close() };
  }
  return { listener: createPlainProgress((text) => stream.write(text), metric), close: () => {} };
}

/** Ctrl-C and SIGTERM while a job runs. */
export interface InterruptSignals {
  /** Aborted by the first signal: stop the trials cleanly. */
  readonly stop: AbortController;
  /** Aborted by the second: kill them at once. */
  readonly kill: AbortController;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Handles SIGINT and SIGTERM until disposed: the first aborts `stop`, any later one `kill`.
 *
 * @returns The two controllers and `dispose`.
 */
export function handleInterrupts(): InterruptSignals {
  const stop = new AbortController();
  const kill = new AbortController();
  const onSignal = (): void => {
    if (!stop.signal.aborted) stop.abort();
    else kill.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop,
    kill,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Prints the job's result (JSON with `--json`, else the summary) and sets the exit code: 0 completed,
 * 1 failed, {@link EXIT_INTERRUPTED} interrupted.
 *
 * @param context - Streams and exit code.
 * @param result - The job's result.
 * @param json - Whether `--json` was given.
 * @param summary - Writes the human summary of the result (not called with `--json`).
 */
export function reportResult(
  context: CommandContext,
  result: JobResult,
  json: boolean,
  summary: () => string,
): void {
  context.io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : summary());
  context.setExitCode(result.status === 'Completed' ? 0 : result.status === 'Failed' ? 1 : EXIT_INTERRUPTED);
}
