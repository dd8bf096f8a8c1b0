/**
 * `tunekit trials <job>`: one row a trial, as a table, CSV or JSON (like SageMaker's analytics dataframe).
 */
import { type Command, Option } from 'commander';
import { trialsCsv } from '../report/csv.ts';
import { trialsJson } from '../report/json.ts';
import { trialsTable } from '../report/table.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/**
 * Adds the `trials` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerTrials(program: Command, context: CommandContext): void {
  program
    .command('trials')
    .description('list the trials of a job: hyperparameters, status, objective, start, end, duration')
    .argument('<job>', 'the job name')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit trials diabetes-mlp\n  $ tunekit trials diabetes-mlp --format csv > trials.csv\n',
    )
    .action((name: string, options: { format: 'table' | 'csv' | 'json' }, command: Command) => {
      const { io } = context;
      const job = readJob(context.globals(command).dir, name);
      for (const warning of job.warnings) io.stderr.write(`warning: ${warning}\n`);
      if (options.format === 'csv') io.stdout.write(trialsCsv(job.view));
      else if (options.format === 'json')
        io.stdout.write(`${JSON.stringify(trialsJson(job.view), null, 2)}\n`);
      else io.stdout.write(`${job.view.trials.length === 0 ? 'no trials yet' : trialsTable(job.view)}\n`);
    });
}
