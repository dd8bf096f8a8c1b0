/**
 * `tunekit status <job>`: where a job stands.
 */
import { type Command, Option } from 'commander';
import { formatElapsed } from '../progress/format.ts';
import { jobSummary } from '../report/json.ts';
import { modelChoiceLines } from '../report/modelChoice.ts';
import { formatNumber, formatValue } from '../report/trialRows.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/**
 * Adds the `status` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerStatus(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('show where a job stands: trials done, running, failed, the best so far')
    .argument('<job>', "the job name (the tuning file's `name`)")
    .addOption(new Option('--json', 'print the status as JSON'))
    .addHelpText('after', '\nExample:\n  $ tunekit status diabetes-mlp --json\n')
    .action((name: string, options: { json?: boolean }, command: Command) => {
      const { io } = context;
      const job = readJob(context.globals(command).dir, name);
      for (const warning of job.warnings) io.stderr.write(`warning: ${warning}\n`);
      const summary = jobSummary(job.view, job.runningPid);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const state =
        summary.status === 'Completed' || summary.status === 'Failed'
          ? `${summary.status === 'Completed' ? 'completed' : 'failed'} (${summary.finishReason})`
          : summary.status === 'InProgress'
            ? `in progress (tuner pid ${job.runningPid}; \`tunekit stop ${summary.name}\` stops it)`
            : 'stopped before the end: `tunekit tune <file>` resumes it';
      const lines = [
        `job ${summary.name}: ${state}`,
        `  ${summary.strategy} search, ${summary.objective.type === 'Minimize' ? 'minimising' : 'maximising'} ${summary.objective.metric}`,
        `  trials: ${summary.counts.total} of ${summary.maxTrials} (${summary.counts.completed} completed, ${summary.counts.failed} failed, ${summary.counts.stopped} stopped early, ${summary.counts.inFlight} in flight)`,
        `  elapsed: ${formatElapsed(summary.elapsedSeconds * 1000)}`,
        `  seed: ${summary.seed}${summary.seedDrawn ? ' (drawn at random: the tuning file gives none)' : ''}`,
      ];
      if (summary.best === undefined) lines.push('  best: none yet');
      else {
        lines.push(`  best: ${formatNumber(summary.best.objective)} (trial ${summary.best.trial})`);
        lines.push(...modelChoiceLines(summary.best.trial, summary.best.model, summary.bestObserved, '    '));
        for (const [key, value] of Object.entries(summary.best.hyperparameters)) {
          lines.push(`    ${key} = ${formatValue(value)}`);
        }
      }
      if (summary.recentStops.length > 0) {
        lines.push('  stopped early (latest first):');
        for (const stop of summary.recentStops) lines.push(`    trial ${stop.trial}: ${stop.reason}`);
      }
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}
