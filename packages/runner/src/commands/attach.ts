/**
 * `tunekit attach <tuning-job-name>`: follows (or imports, when it has ended) a SageMaker hyperparameter tuning
 * job started elsewhere into a local job, so `status`, `best`, `trials` and reports work on it. Running it again
 * resumes the same local job. Ctrl-C asks, on a terminal, whether to stop the SageMaker tuning job or leave it
 * running; `--stop` and `--leave` answer in advance (without either, off a terminal, it is left running).
 */
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';
import { formatElapsed } from '../progress/format.ts';
import { formatNumber, formatValue } from '../report/trialRows.ts';
import type { JobResult } from '../session/jobResult.ts';
import type { CommandContext } from './context.ts';
import { handleInterrupts, reportResult, startProgress } from './jobCommand.ts';

interface AttachOptions {
  region?: string;
  endpoint?: string;
  profile?: string;
  name?: string;
  stop?: boolean;
  leave?: boolean;
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
  pollSeconds?: string;
}

/**
 * Adds the `attach` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerAttach(program: Command, context: CommandContext): void {
  program
    .command('attach')
    .description('follow or import a SageMaker hyperparameter tuning job into a local job')
    .argument('<tuning-job-name>', 'the tuning job on SageMaker')
    .addOption(new Option('--region <region>', 'AWS region (default: the standard AWS region chain)'))
    .addOption(new Option('--endpoint <url>', 'SageMaker endpoint (SageMaker-compatible services, tests)'))
    .addOption(new Option('--profile <name>', 'AWS shared-config profile'))
    .addOption(new Option('--name <job>', 'name of the local job (default: the tuning job name)'))
    .addOption(
      new Option('--stop', 'on Ctrl-C, stop the SageMaker tuning job without asking').conflicts('leave'),
    )
    .addOption(new Option('--leave', 'on Ctrl-C, leave the SageMaker tuning job running without asking'))
    .addOption(new Option('--poll-seconds <s>', 'seconds between polls at first (default 5)'))
    .addOption(new Option('--json', 'print the final result as JSON on stdout (progress goes to stderr)'))
    .addOption(new Option('--plain', 'one plain line per event, even on a terminal'))
    .addOption(new Option('-q, --quiet', 'no progress output'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit attach xgb-churn-0412 --region eu-west-1\n  $ tunekit attach xgb-churn-0412 --leave --json > result.json\n' +
        '\nCredentials come from the standard AWS chain (environment, AWS_PROFILE or --profile, SSO, instance role).\n',
    )
    .action(async (tuningJobName: string, options: AttachOptions, command: Command) => {
      const { io } = context;
      const globals = context.globals(command);
      const pollSeconds = options.pollSeconds === undefined ? undefined : Number(options.pollSeconds);
      if (pollSeconds !== undefined && !(pollSeconds > 0)) {
        throw new RunnerError(
          'invalidOption',
          `--poll-seconds must be a number above 0, got ${JSON.stringify(options.pollSeconds)}`,
        );
      }
      const [{ importTuningJob }, { runManagedJob }] = await Promise.all([
        import('../sagemaker/attachJob.ts'),
        import('../drivers/managedJob.ts'),
      ]);
      const spec = await importTuningJob(
        tuningJobName,
        {
          ...(options.region === undefined ? {} : { region: options.region }),
          ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
          ...(options.profile === undefined ? {} : { profile: options.profile }),
          ...(pollSeconds === undefined ? {} : { pollSeconds }),
        },
        options.name,
      );
      const progress = startProgress(io, options, spec.objective.metric);
      const onInterrupt = async (): Promise<'stop' | 'leave'> => {
        if (options.stop) return 'stop';
        if (options.leave || !process.stdin.isTTY) return 'leave';
        progress.close();
        const prompt = createInterface({ input: process.stdin, output: process.stderr });
        try {
          const answer = await prompt.question(
            `Stop the SageMaker tuning job ${tuningJobName} (its running training jobs stop too)? [y/N] `,
          );
          return /^y(es)?$/i.test(answer.trim()) ? 'stop' : 'leave';
        } finally {
          prompt.close();
        }
      };
      const { stop, kill, dispose } = handleInterrupts();
      let result: JobResult;
      try {
        result = await runManagedJob({
          spec,
          rootDir: globals.dir,
          baseDir: io.cwd,
          source: `sagemaker:${tuningJobName}`,
          attach: true,
          onInterrupt,
          signal: stop.signal,
          killSignal: kill.signal,
          ...(progress.listener === undefined ? {} : { onEvent: progress.listener }),
        });
      } finally {
        progress.close();
        dispose();
      }
      reportResult(context, result, options.json === true, () => summary(result, spec.objective.metric));
    });
}

function summary(result: JobResult, metric: string): string {
  const { counts } = result;
  const lines = [
    `job ${result.name}: ${result.status.toLowerCase()} (${result.reason})`,
    `  ${counts.total} training jobs: ${counts.completed} completed, ${counts.failed} failed, ${counts.stopped} stopped, in ${formatElapsed(result.elapsedMs)}`,
  ];
  if (result.best !== undefined) {
    lines.push(`  best ${metric}: ${formatNumber(result.best.objective)} (trial ${result.best.trialId})`);
    for (const [name, value] of Object.entries(result.best.hyperparameters))
      lines.push(`    ${name} = ${formatValue(value)}`);
  }
  lines.push(`  tunekit trials ${result.name}   tunekit best ${result.name}`);
  return `${lines.join('\n')}\n`;
}
