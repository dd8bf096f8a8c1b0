/**
 * `tunekit export <file>` (or with `--sagemaker`, the one format, named explicitly): prints the CreateHyperParameterTuningJob request that executor
 * `sagemaker-managed` would send for a tuning file, ready for `aws sagemaker create-hyper-parameter-tuning-job
 * --cli-input-json`.
 */
import { formatIssue, type Issue, toSageMakerRequest } from '@tunekit/core';
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';
import { buildTuningJobRequest } from '../sagemaker/managedRequest.ts';
import type { CommandContext } from './context.ts';
import { loadTuningFile } from './loadTuningFile.ts';

/**
 * Adds the `export` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerExport(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description("print a tuning file as SageMaker's CreateHyperParameterTuningJob request (JSON)")
    .argument('<file>', 'tuning file (YAML, JSON, or a SageMaker CreateHyperParameterTuningJob request)')
    .addOption(
      new Option(
        '--sagemaker',
        'the CreateHyperParameterTuningJob request executor.sagemaker-managed sends (the default, and only, format)',
      ),
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ tunekit export tuning.yaml > request.json\n' +
        '  $ aws sagemaker create-hyper-parameter-tuning-job --cli-input-json file://request.json\n',
    )
    .action((file: string) => {
      const { io } = context;
      const { spec, warnings } = loadTuningFile(file, io.cwd);
      const notes: Issue[] = [...warnings];
      let request: unknown;
      if (spec.executor.kind === 'local' || spec.executor.kind === 'remote') {
        // No training definition to send: core's request, with a warning naming what SageMaker will ask for.
        const result = toSageMakerRequest(spec);
        if (!result.ok) {
          throw new RunnerError(
            'invalidTuningFile',
            `SageMaker's tuning cannot run ${file}:\n${result.issues.map((i: Issue) => `  ${formatIssue(i)}`).join('\n')}`,
          );
        }
        notes.push(...(result.warnings ?? []));
        request = result.value;
      } else {
        request = buildTuningJobRequest(spec, spec.executor.settings, (warning) => notes.push(warning));
      }
      for (const note of notes) io.stderr.write(`warning: ${formatIssue(note)}\n`);
      io.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
    });
}
