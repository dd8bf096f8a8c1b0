/**
 * The `tunekit` command line: builds the commander program and runs it, turning errors into messages and exit
 * codes (0 done, 1 job failed, 2 bad input) without stack traces unless `--debug`.
 */

import { formatIssue, isTunekitError } from '@tunekit/core';
import { Command, CommanderError, Option } from 'commander';
import { isRunnerError } from '../errors.ts';
import { registerAttach } from './attach.ts';
import { registerBest } from './best.ts';
import { type CommandContext, readGlobals } from './context.ts';
import { registerDashboard } from './dashboard.ts';
import { registerExport } from './export.ts';
import type { CliIo } from './io.ts';
import { registerJobs } from './jobs.ts';
import { registerLogs } from './logs.ts';
import { registerReport } from './report.ts';
import { registerRm } from './rm.ts';
import { registerServe } from './serve.ts';
import { registerStatus } from './status.ts';
import { registerStop } from './stop.ts';
import { registerTrials } from './trials.ts';
import { registerTune } from './tune.ts';
import { registerValidate } from './validate.ts';

/**
 * Runs the CLI with the given arguments.
 *
 * @param argv - Arguments after the program name (`['tune', 'tuning.yaml']`).
 * @param io - Streams and the working folder.
 * @returns The exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const context: CommandContext = {
    io,
    globals: (command) => readGlobals(command, io.cwd),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = createProgram(context);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; usage errors (unknown option, missing argument) are bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(`tunekit: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    if (isRunnerError(error)) return error.exitCode;
    if (isTunekitError(error)) return 2;
    return 1;
  }
}

/**
 * Builds the program with every command.
 *
 * @param context - Streams and exit code.
 * @returns The commander program.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('tunekit')
    .description('Automatic hyperparameter tuning: run training jobs, read their metrics, keep the best.')
    .version('0.1.0')
    .addOption(
      new Option('-C, --dir <path>', 'folder holding .tunekit/ (job journals and trial logs)').default('.'),
    )
    .addOption(new Option('--debug', 'print stack traces with errors'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit validate examples/diabetes-ts/tuning.yaml\n  $ tunekit tune examples/diabetes-ts/tuning.yaml\n  $ tunekit best diabetes-mlp\n',
    );
  registerTune(program, context);
  registerValidate(program, context);
  registerStatus(program, context);
  registerBest(program, context);
  registerTrials(program, context);
  registerLogs(program, context);
  registerReport(program, context);
  registerAttach(program, context);
  registerExport(program, context);
  registerJobs(program, context);
  registerStop(program, context);
  registerRm(program, context);
  registerDashboard(program, context);
  registerServe(program, context);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  }
  return program;
}

function describeError(error: unknown): string {
  if (isTunekitError(error) && error.issues.length > 0) {
    return `${error.message}\n${error.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
