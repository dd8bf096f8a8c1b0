/**
 * What every command's action receives: the streams, the global options and a way to set the exit code.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from './io.ts';

export interface CommandContext {
  readonly io: CliIo;
  /** Global options (`--dir`, `--debug`) as given on the command line. */
  globals(command: Command): GlobalOptions;
  /** Sets the exit code the CLI ends with (0 done, 1 job failed, 2 bad input). */
  setExitCode(code: number): void;
}

/**
 * Reads the global options from a command's root program.
 *
 * @param command - The command being run.
 * @param cwd - The folder relative paths resolve against.
 * @returns The options, `dir` made absolute.
 */
export function readGlobals(command: Command, cwd: string): GlobalOptions {
  const options = command.optsWithGlobals<{ dir?: string; debug?: boolean }>();
  return { dir: resolve(cwd, options.dir ?? '.'), debug: options.debug === true };
}
