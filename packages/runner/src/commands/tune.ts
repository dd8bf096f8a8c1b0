/**
 * `tunekit tune <file>`: runs a tuning job, or resumes it when the job already exists.
 *
 * Ctrl-C once stops the running trials cleanly (they rerun on resume); twice kills them at once.
 */

import type { TuningJobSpec } from '@tunekit/core';
import { type Command, Option } from 'commander';
import { runJob } from '../drivers/runJob.ts';
import { RunnerError } from '../errors.ts';
import { formatElapsed } from '../progress/format.ts';
import { formatNumber, formatValue } from '../report/trialRows.ts';
import type { JobResult } from '../session/jobResult.ts';
import type { CommandContext } from './context.ts';
import { handleInterrupts, reportResult, startProgress } from './jobCommand.ts';
import { loadTuningFile } from './loadTuningFile.ts';
import { withOverrides } from './withOverrides.ts';

interface TuneOptions {
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
  maxTrials?: string;
  maxParallel?: string;
}

/**
 * Adds the `tune` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerTune(program: Command, context: CommandContext): void {
  program
    .command('tune')
    .description('run a tuning job (or resume it, if a job of that name exists)')
    .argument('<file>', 'tuning file (YAML, JSON, or a SageMaker CreateHyperParameterTuningJob request)')
    .addOption(new Option('--json', 'print the final result as JSON on stdout (progress goes to stderr)'))
    .addOption(new Option('--plain', 'one plain line per event, even on a terminal'))
    .addOption(new Option('-q, --quiet', 'no progress output'))
    .addOption(new Option('--max-trials <n>', "override the tuning file's limits.maxTrials"))
    .addOption(new Option('--max-parallel <n>', "override the tuning file's limits.maxParallel"))
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit tune examples/diabetes-ts/tuning.yaml\n  $ tunekit tune tuning.yaml --max-trials 50 --json > result.json\n' +
        '\nRunning it again on the same job name resumes the job. Ctrl-C stops the running trials cleanly\n' +
        '(the job stays resumable); a second Ctrl-C kills them at once.\n' +
        '\nExit codes: 0 done, 1 no trial succeeded, 2 bad input, 130 interrupted.\n',
    )
    .action(async (file: string, options: TuneOptions, command: Command) => {
      const { io } = context;
      const globals = context.globals(command);
      const loaded = loadTuningFile(file, io.cwd);
      const spec = withOverrides(loaded.spec, {
        ...(options.maxTrials === undefined
          ? {}
          : { maxTrials: positiveInteger('--max-trials', options.maxTrials) }),
        ...(options.maxParallel === undefined
          ? {}
          : { maxParallel: positiveInteger('--max-parallel', options.maxParallel) }),
      });
      const progress = startProgress(io, options, spec.objective.metric);
      const { stop, kill, dispose } = handleInterrupts();
      // Nobody reads the progress any more (`tunekit tune … | head`): stop as after one Ctrl-C, resumable.
      const onOutputClosed = (): void => {
        if (!stop.signal.aborted) stop.abort();
      };
      io.outputClosed?.addEventListener('abort', onOutputClosed, { once: true });
      let result: JobResult;
      try {
        result = await runJob({
          spec,
          rootDir: globals.dir,
          baseDir: loaded.baseDir,
          source: loaded.path,
          ...(progress.listener === undefined ? {} : { onEvent: progress.listener }),
          signal: stop.signal,
          killSignal: kill.signal,
        });
      } finally {
        progress.close();
        dispose();
        io.outputClosed?.removeEventListener('abort', onOutputClosed);
      }
      reportResult(context, result, options.json === true, () => summary(result, spec));
    });
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RunnerError(
      'invalidOption',
      `${option} must be a whole number of at least 1, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function summary(result: JobResult, spec: TuningJobSpec): string {
  const { counts } = result;
  const head =
    result.status === 'Interrupted'
      ? `job ${result.name} ${result.reason}: run the same command again to resume it`
      : `job ${result.name} ${result.status === 'Completed' ? 'completed' : 'failed'} (${result.reason})`;
  const lines = [
    `${head}`,
    `  ${counts.total} trials: ${counts.completed} completed, ${counts.failed} failed, ${counts.stopped} stopped early, in ${formatElapsed(result.elapsedMs)}`,
  ];
  if (result.best !== undefined) {
    lines.push(
      `  best ${spec.objective.metric}: ${formatNumber(result.best.objective)} (trial ${result.best.trialId})`,
    );
    for (const [name, value] of Object.entries(result.best.hyperparameters))
      lines.push(`    ${name} = ${formatValue(value)}`);
  }
  lines.push(`  tunekit trials ${result.name}   tunekit best ${result.name}   tunekit report ${result.name}`);
  return `${lines.join('\n')}\n`;
}
