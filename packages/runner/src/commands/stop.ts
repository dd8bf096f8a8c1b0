/**
 * `tunekit stop <job>`: asks the tuner running a job to stop, as one Ctrl-C in its terminal would: its running
 * trials are stopped cleanly and journaled as interrupted (they run again on resume), then it releases the job.
 *
 * The pid comes from the job's lock, which the tuner wrote itself with its process start time, so a pid reused by
 * another process is not signalled; on Linux the process must also be a `tunekit` command (a program that runs
 * a job through the library may not handle SIGINT, and would die with its trials still running).
 */
import { hostname } from 'node:os';
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';
import { readLiveHolder } from '../journal/lock.ts';
import { processCommandLine } from '../journal/processInfo.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/** Seconds `stop` waits for the tuner by default: local trials get killGraceSeconds (10 by default) to end. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Adds the `stop` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerStop(program: Command, context: CommandContext): void {
  program
    .command('stop')
    .description('stop the tuner running a job, as one Ctrl-C would (its trials run again on resume)')
    .argument('<job>', 'the job name')
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the tuner to stop').default(
        String(DEFAULT_TIMEOUT_SECONDS),
      ),
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ tunekit stop diabetes-mlp\n\n`tunekit tune <file>` resumes the job.\n',
    )
    .action(async (name: string, options: { timeout: string }, command: Command) => {
      const { io } = context;
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new RunnerError(
          'invalidOption',
          `--timeout must be a number of seconds above 0, got ${JSON.stringify(options.timeout)}`,
        );
      }
      const { jobDir } = readJob(context.globals(command).dir, name);
      const holder = readLiveHolder(jobDir);
      if (holder === undefined) {
        io.stdout.write(`job ${name} is not running: nothing to stop (\`tunekit tune <file>\` resumes it)\n`);
        return;
      }
      if (holder.hostname !== hostname()) {
        throw new RunnerError(
          'stopFailed',
          `job ${name} is run by pid ${holder.pid} on host ${holder.hostname}: run \`tunekit stop ${name}\` there`,
        );
      }
      const commandLine = processCommandLine(holder.pid);
      if (commandLine !== undefined && !commandLine.some((part) => /tunekit/i.test(part))) {
        throw new RunnerError(
          'stopFailed',
          `job ${name} is run by pid ${holder.pid}, which is not the tunekit command (${commandLine.join(' ').slice(0, 120)}): ` +
            'stop it from the program that runs it',
        );
      }
      try {
        process.kill(holder.pid, 'SIGINT');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
          throw new RunnerError(
            'stopFailed',
            `cannot signal the tuner of job ${name} (pid ${holder.pid}): ${(error as Error).message}`,
            { cause: error },
          );
        }
      }
      io.stdout.write(`asked the tuner of job ${name} (pid ${holder.pid}) to stop its running trials\n`);
      const deadline = Date.now() + timeoutSeconds * 1000;
      while (readLiveHolder(jobDir)?.pid === holder.pid) {
        if (Date.now() > deadline) {
          throw new RunnerError(
            'stopFailed',
            `the tuner of job ${name} (pid ${holder.pid}) has not stopped after ${timeoutSeconds} s: its trials may ` +
              'be ending (it kills them after executor.local.killGraceSeconds); wait longer with --timeout, or ' +
              `stop it at once with \`kill -INT ${holder.pid}\` twice (the trials run again on resume)`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      io.stdout.write(
        `job ${name} stopped: \`tunekit tune <file>\` resumes it, rerunning the stopped trials\n`,
      );
    });
}
