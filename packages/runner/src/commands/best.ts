/**
 * `tunekit best <job>`: the best hyperparameters as JSON, for the next step of a pipeline.
 */
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';
import { bestObservedTrial, bestTrial, modelChoice } from '../journal/jobView.ts';
import { bestHyperparameters } from '../report/json.ts';
import { modelChoiceLines, modelEstimate } from '../report/modelChoice.ts';
import { trialMetrics } from '../report/trialRows.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/**
 * Adds the `best` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerBest(program: Command, context: CommandContext): void {
  program
    .command('best')
    .description(
      'print the best hyperparameters as JSON (static ones included), ready for a pipeline; under significant noise the best is the model’s choice (said on stderr)',
    )
    .argument('<job>', 'the job name')
    .addOption(new Option('--tuned-only', 'leave out the static hyperparameters'))
    .addOption(
      new Option('--full', 'print the trial id, the objective, every metric and the hyperparameters'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit best diabetes-mlp > best.json\n  $ tunekit best diabetes-mlp --full | jq .objective\n',
    )
    .action((name: string, options: { tunedOnly?: boolean; full?: boolean }, command: Command) => {
      const { io } = context;
      const job = readJob(context.globals(command).dir, name);
      for (const warning of job.warnings) io.stderr.write(`warning: ${warning}\n`);
      const hyperparameters = bestHyperparameters(job.view, options.tunedOnly !== true);
      const best = bestTrial(job.view);
      if (hyperparameters === undefined || best === undefined) {
        throw new RunnerError(
          'noCompletedTrial',
          `job ${name} has no completed trial yet, so no best hyperparameters`,
        );
      }
      const chosen = modelChoice(job.view);
      const observed = chosen === undefined ? undefined : bestObservedTrial(job.view);
      const body = options.full
        ? {
            job: name,
            trial: best.id,
            metric: job.view.spec.objective.metric,
            objective: best.objective,
            metrics: trialMetrics(best, job.view.spec),
            hyperparameters,
            // Under significant noise the model chose this trial: its estimate, and the best observed beside it.
            ...(chosen === undefined || observed === undefined
              ? {}
              : {
                  chosenBy: 'model',
                  model: modelEstimate(chosen.recommendation),
                  bestObserved: { trial: observed.id, objective: observed.objective },
                }),
          }
        : hyperparameters;
      if (chosen !== undefined && observed !== undefined && !options.full) {
        // Said on stderr, so the JSON on stdout stays the hyperparameters alone.
        for (const line of modelChoiceLines(
          best.id,
          chosen.recommendation,
          { trial: observed.id, objective: observed.objective! },
          '',
        ))
          io.stderr.write(`note: ${line}\n`);
      }
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    });
}
