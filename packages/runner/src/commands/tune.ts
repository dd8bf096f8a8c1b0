/**
 * `tunekit tune <file>`: runs a tuning job, or resumes it when the job already exists.
 *
 * Ctrl-C once stops the running trials cleanly (they rerun on resume); twice kills them at once.
 */

import type { TuningJobSpec } from '@tunekit/core';
import { type Command, Option } from 'commander';
import { runJob } from '../drivers/runJob.ts';
import { RunnerError } from '../errors.ts';
import { archiveJobDir } from '../journal/jobFolder.ts';
import { formatElapsed } from '../progress/format.ts';
import { modelChoiceLines } from '../report/modelChoice.ts';
import { formatNumber, formatValue } from '../report/trialRows.ts';
import type { JobEventListener } from '../session/jobEvents.ts';
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
  restart?: boolean;
  retryFailed?: boolean;
}

/**
 * Adds the `tune` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerTune(program: Command, context: CommandContext): void {
  const tune = program
    .command('tune')
    .description('run a tuning job (or resume it, if a job of that name exists)')
    .argument('<file>', 'tuning file (YAML, JSON, or a SageMaker CreateHyperParameterTuningJob request)')
    .addOption(new Option('--json', 'print the final result as JSON on stdout (progress goes to stderr)'));
  addJobOptions(tune)
    .addOption(
      new Option(
        '--retry-failed',
        'on resume, run again the configurations whose last attempt failed (as new attempts; the failures stay)',
      ).conflicts('restart'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit tune examples/diabetes-ts/tuning.yaml\n  $ tunekit tune tuning.yaml --max-trials 50 --json > result.json\n' +
        '\nRunning it again on the same job name resumes the job. Ctrl-C stops the running trials cleanly\n' +
        '(the job stays resumable); a second Ctrl-C kills them at once; `tunekit stop <job>` does the same\n' +
        'from another terminal. --restart archives the job and starts afresh; `tunekit rm <job>` deletes it.\n' +
        '\nExit codes: 0 done, 1 no trial succeeded, 2 bad input, 130 interrupted.\n',
    )
    .action(async (file: string, options: TuneOptions, command: Command) => {
      const { io } = context;
      const globals = context.globals(command);
      const { loaded, spec } = loadWithOverrides(file, io.cwd, options);
      if (spec.executor.kind === 'remote') {
        throw new RunnerError(
          'invalidTuningFile',
          "executor.remote: workers run this job's trials: serve it with `tunekit serve " +
            file +
            '` and start workers with a tunekit client (docs/serve.md), or name executor: { local: { command: [...] } }',
        );
      }
      if (options.retryFailed && spec.executor.kind === 'sagemaker-managed') {
        throw new RunnerError(
          'invalidOption',
          "--retry-failed: with executor sagemaker-managed SageMaker's own tuning job runs the trials, and tunekit cannot run them again; start a new job (--restart)",
        );
      }
      if (options.restart) archiveForRestart(context, globals.dir, spec.name, options);
      const progress = startProgress(io, options, spec.objective.metric);
      let trialsStarted = 0;
      const listener = progress.listener;
      const onEvent: JobEventListener = (event) => {
        if (event.type === 'trialStarted') trialsStarted += 1;
        listener?.(event);
      };
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
          onEvent,
          signal: stop.signal,
          ...(options.retryFailed ? { retryFailed: true } : {}),
          killSignal: kill.signal,
        });
      } finally {
        progress.close();
        dispose();
        io.outputClosed?.removeEventListener('abort', onOutputClosed);
      }
      reportResult(context, result, options.json === true, () =>
        summary(result, spec, file, result.resumed && trialsStarted === 0),
      );
    });
}

/**
 * Adds the options `tune` and `serve` share: progress (`--plain`, `-q`), the limits' overrides and `--restart`.
 *
 * @param command - The command.
 * @returns The command.
 */
export function addJobOptions(command: Command): Command {
  return command
    .addOption(new Option('--plain', 'one plain line per event, even on a terminal'))
    .addOption(new Option('-q, --quiet', 'no progress output'))
    .addOption(new Option('--max-trials <n>', "override the tuning file's limits.maxTrials"))
    .addOption(new Option('--max-parallel <n>', "override the tuning file's limits.maxParallel"))
    .addOption(
      new Option(
        '--restart',
        "set the job's folder aside in .tunekit/archive/ and start the job afresh (refused while a tuner runs it)",
      ),
    );
}

/**
 * Loads a tuning file with the command line's overrides of its limits.
 *
 * @param file - The tuning file, as given.
 * @param cwd - The folder it is relative to.
 * @param options - `--max-trials`, `--max-parallel`.
 * @returns The loaded file and the spec in force.
 */
export function loadWithOverrides(
  file: string,
  cwd: string,
  options: { readonly maxTrials?: string; readonly maxParallel?: string },
): { loaded: ReturnType<typeof loadTuningFile>; spec: TuningJobSpec } {
  const loaded = loadTuningFile(file, cwd);
  const spec = withOverrides(loaded.spec, {
    ...(options.maxTrials === undefined
      ? {}
      : { maxTrials: positiveInteger('--max-trials', options.maxTrials) }),
    ...(options.maxParallel === undefined
      ? {}
      : { maxParallel: positiveInteger('--max-parallel', options.maxParallel) }),
  });
  return { loaded, spec };
}

/**
 * `--restart`: sets the job's folder aside in `.tunekit/archive/`, saying where.
 *
 * @param context - Streams.
 * @param rootDir - The folder holding `.tunekit/`.
 * @param name - The job.
 * @param options - `--json` (the note goes to stderr) and `--quiet` (no note).
 */
export function archiveForRestart(
  context: CommandContext,
  rootDir: string,
  name: string,
  options: { readonly json?: boolean; readonly quiet?: boolean },
): void {
  const archive = archiveJobDir(rootDir, name, Date.now());
  if (archive !== undefined && !options.quiet)
    (options.json ? context.io.stderr : context.io.stdout).write(
      `job ${name}: the previous job's folder is kept in ${archive}\n`,
    );
}

/** Reads `--max-trials` and its kind: a whole number >= 1, or an error naming the option. */
export function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RunnerError(
      'invalidOption',
      `${option} must be a whole number of at least 1, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/**
 * The result for people: status, counts, the best trial, what to run next.
 *
 * @param result - The job's result.
 * @param spec - Its spec.
 * @param file - The tuning file, as given (for the commands suggested).
 * @param nothingRan - True when a resumed job had already ended.
 * @param command - The command that runs the file (`tunekit tune`, `tunekit serve`).
 * @returns The text.
 */
export function summary(
  result: JobResult,
  spec: TuningJobSpec,
  file: string,
  nothingRan: boolean,
  command = 'tunekit tune',
): string {
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
    const observed = result.bestObserved;
    lines.push(
      ...modelChoiceLines(
        result.best.trialId,
        result.best.model,
        observed === undefined ? undefined : { trial: observed.trialId, objective: observed.objective },
        '    ',
      ),
    );
    for (const [name, value] of Object.entries(result.best.hyperparameters))
      lines.push(`    ${name} = ${formatValue(value)}`);
  }
  lines.push(`  tunekit trials ${result.name}   tunekit best ${result.name}   tunekit report ${result.name}`);
  lines.push(...nextSteps(result, `${command} ${file}`, nothingRan));
  return `${lines.join('\n')}\n`;
}

/** What the user can do next when the job ended without the result they wanted (or ended long ago). */
function nextSteps(result: JobResult, tune: string, nothingRan: boolean): string[] {
  if (result.status === 'Interrupted') return [];
  if (result.reason.startsWith('maxConsecutiveFailures')) {
    return [
      `  fix what makes the trials fail (\`tunekit logs ${result.name} <trial>\`), then \`${tune}\` resumes the job;`,
      `  add --retry-failed to run the failed configurations again, or --restart to start afresh`,
    ];
  }
  if (nothingRan) {
    return [
      `  the job had already ended (${result.reason}): raise limits.maxTrials (or pass --max-trials) to continue it,`,
      `  --retry-failed to run its failed configurations again, --restart to start afresh, or \`tunekit rm ${result.name}\``,
    ];
  }
  if (result.status === 'Failed') {
    return [
      `  fix what makes the trials fail, then \`${tune} --retry-failed\` runs the failed configurations again`,
    ];
  }
  return [];
}
