/**
 * `tunekit rm <job>`: deletes a job's folder (journal, trials, logs), refused while a tuner runs it.
 *
 * No question and no `--yes`: like `docker rm` or `kubectl delete`, it does what it is told, the same in a
 * terminal and in a script (a script run from a terminal has a terminal too, so "ask when stdin is a TTY" would
 * break it). A job being run is protected by its lock; `tunekit tune <file> --restart` keeps the old job instead.
 */
import type { Command } from 'commander';
import { removeJobDir } from '../journal/jobFolder.ts';
import type { CommandContext } from './context.ts';

/**
 * Adds the `rm` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerRm(program: Command, context: CommandContext): void {
  program
    .command('rm')
    .description("delete a job: its journal, its trials' folders and logs (refused while a tuner runs it)")
    .argument('<job...>', 'the job names')
    .addHelpText(
      'after',
      '\nExample:\n  $ tunekit rm diabetes-mlp\n\nTo keep the old job and start afresh instead: tunekit tune <file> --restart\n',
    )
    .action((names: string[], _options: unknown, command: Command) => {
      const rootDir = context.globals(command).dir;
      for (const name of names) {
        const jobDir = removeJobDir(rootDir, name);
        context.io.stdout.write(`deleted job ${name} (${jobDir})\n`);
      }
    });
}
