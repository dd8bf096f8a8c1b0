/**
 * `tunekit report <job>`: an HTML or Markdown report with charts of the objective.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { createMetricCurves } from '../dashboard/metricCurves.ts';
import { readJournal } from '../journal/jobStore.ts';
import { htmlReport } from '../report/html.ts';
import { markdownReport } from '../report/markdown.ts';
import { objectiveByParameterSvg, objectiveOverTrialsSvg } from '../report/svg.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/**
 * Adds the `report` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerReport(program: Command, context: CommandContext): void {
  program
    .command('report')
    .description(
      'write a report with charts: HTML (one file) or Markdown (with SVG files beside it and a Mermaid chart)',
    )
    .argument('<job>', 'the job name')
    .addOption(new Option('--format <format>', 'report format').choices(['html', 'markdown']).default('html'))
    .addOption(
      new Option('-o, --out <path>', 'output file (default: .tunekit/jobs/<job>/report.html or report.md)'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit report diabetes-mlp\n  $ tunekit report diabetes-mlp --format markdown --out docs/tuning.md\n',
    )
    .action((name: string, options: { format: 'html' | 'markdown'; out?: string }, command: Command) => {
      const { io } = context;
      const job = readJob(context.globals(command).dir, name);
      const out = resolve(
        io.cwd,
        options.out ?? join(job.jobDir, options.format === 'html' ? 'report.html' : 'report.md'),
      );
      mkdirSync(dirname(out), { recursive: true });
      if (options.format === 'html') {
        // The view fold keeps each metric's last value only; the report's intermediate values need every step.
        const curves = createMetricCurves();
        readJournal(job.jobDir, (event) => curves.add(event));
        writeFileSync(
          out,
          htmlReport(job.view, {
            curves,
            ...(job.runningPid === undefined ? {} : { tunerPid: job.runningPid }),
          }),
        );
      } else {
        const images: { alt: string; src: string }[] = [];
        const stem = basename(out).replace(/\.[^.]*$/, '');
        const charts: [string, string | undefined][] = [
          ['objective', objectiveOverTrialsSvg(job.view)],
          ...job.view.spec.parameters.map(
            (parameter) =>
              [`by-${safeFileName(parameter.name)}`, objectiveByParameterSvg(job.view, parameter)] as [
                string,
                string | undefined,
              ],
          ),
        ];
        for (const [suffix, svg] of charts) {
          if (svg === undefined) continue;
          const file = join(dirname(out), `${stem}-${suffix}.svg`);
          writeFileSync(file, svg);
          images.push({ alt: suffix, src: relative(dirname(out), file) });
        }
        writeFileSync(out, markdownReport(job.view, { headingLevel: 1, images }));
      }
      io.stdout.write(`${out}\n`);
    });
}

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
