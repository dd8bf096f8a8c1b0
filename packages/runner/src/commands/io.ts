/**
 * The streams a command writes to, passed in so the CLI can run inside tests and other programs.
 */

export interface CliStream {
  write(text: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** The folder relative paths on the command line resolve against. */
  readonly cwd: string;
  /** Aborted when the reader of stdout or stderr has gone away (a closed pipe): `tune` then stops cleanly. */
  readonly outputClosed?: AbortSignal;
}

/** Global options every command receives. */
export interface GlobalOptions {
  /** Folder holding `.tunekit/` (default: the current folder). */
  readonly dir: string;
  readonly debug: boolean;
}
