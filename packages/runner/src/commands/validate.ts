/**
 * `tunekit validate <file>`: checks a tuning file and prints every problem with its path.
 */

import { formatIssue } from '@tunekit/core';
import { type Command, Option } from 'commander';
import type { CommandContext } from './context.ts';
import { checkTuningFile } from './loadTuningFile.ts';

/**
 * Adds the `validate` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerValidate(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .description('check a tuning file and print every problem with its path')
    .argument('<file>', 'tuning file (YAML, JSON, or a SageMaker CreateHyperParameterTuningJob request)')
    .addOption(new Option('--json', 'print the result as JSON'))
    .addHelpText('after', '\nExample:\n  $ tunekit validate examples/diabetes-ts/tuning.yaml\n')
    .action((file: string, options: { json?: boolean }) => {
      const { io } = context;
      const check = checkTuningFile(file, io.cwd);
      if (options.json) {
        const body = check.ok
          ? { ok: true, name: check.file.spec.name, warnings: check.file.warnings }
          : { ok: false, issues: check.issues };
        io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else if (check.ok) {
        const { spec } = check.file;
        for (const warning of check.file.warnings) io.stderr.write(`warning: ${formatIssue(warning)}\n`);
        io.stdout.write(
          `${file}: ok. Job ${spec.name}: ${spec.strategy} search over ${spec.parameters.length} hyperparameter` +
            `${spec.parameters.length === 1 ? '' : 's'}, ${spec.objective.type === 'Minimize' ? 'minimising' : 'maximising'} ` +
            `${spec.objective.metric}, up to ${spec.limits.maxTrials} trials, ${spec.limits.maxParallel} at a time.\n`,
        );
      } else {
        io.stderr.write(`${file}: ${check.issues.length} problem${check.issues.length === 1 ? '' : 's'}\n`);
        for (const issue of check.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
      }
      context.setExitCode(check.ok ? 0 : 2);
    });
}
