/**
 * `tunekit logs <job> <trial>`: a trial's full output, as it was written.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RunnerError } from '../errors.ts';
import { trialLogPathOf } from '../journal/jobPaths.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/**
 * Adds the `logs` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerLogs(program: Command, context: CommandContext): void {
  program
    .command('logs')
    .description("print a trial's output (stdout and stderr, as the training script wrote them)")
    .argument('<job>', 'the job name')
    .argument('<trial>', 'the trial id (see `tunekit trials <job>`)')
    .addHelpText('after', '\nExample:\n  $ tunekit logs diabetes-mlp 3 | tail\n')
    .action((name: string, trialText: string, _options: unknown, command: Command) => {
      const { io } = context;
      const job = readJob(context.globals(command).dir, name);
      const trialId = Number(trialText);
      const trial = job.view.trials.find((candidate) => candidate.id === trialId);
      if (!Number.isInteger(trialId) || trial === undefined) {
        const ids = job.view.trials.map((candidate) => candidate.id);
        throw new RunnerError(
          'trialNotFound',
          `job ${name} has no trial ${trialText}` +
            (ids.length === 0 ? ' (no trials yet)' : ` (trials: ${ids[0]} to ${ids[ids.length - 1]})`),
        );
      }
      const path = trialLogPathOf(job.jobDir, trialId);
      if (!existsSync(path)) {
        io.stderr.write(`trial ${trialId} has no log yet (${trial.status})\n`);
        return;
      }
      io.stdout.write(readFileSync(path));
    });
}
