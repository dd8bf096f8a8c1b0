/**
 * Output streams that survive a reader that goes away: `tunekit tune … | head -3` closes the pipe after three
 * lines, and Node then raises EPIPE as an unhandled error with a stack trace. A guarded stream swallows writes
 * once its pipe is closed and reports the closing once, so `tune` can stop its trials cleanly instead.
 */
import type { CliStream } from './io.ts';

/** A writable process stream as the CLI uses it. */
export interface ProcessStream {
  write(text: string | Uint8Array): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Wraps a process stream so that a closed pipe (EPIPE) never crashes the process.
 *
 * @param stream - `process.stdout` or `process.stderr`.
 * @param onClosed - Called once, when the reader has gone away (or the stream failed otherwise).
 * @returns A stream whose writes are dropped after the pipe closed.
 */
export function guardStream(stream: ProcessStream, onClosed: () => void): CliStream {
  let closed = false;
  stream.on('error', () => {
    // EPIPE, or any other failure of the output: nothing more can be written there.
    if (closed) return;
    closed = true;
    onClosed();
  });
  return {
    write(text) {
      if (closed) return false;
      return stream.write(text);
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}
