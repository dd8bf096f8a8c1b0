/**
 * `tunekit jobs`: every job of the folder, one row each, from the same summary `status --json` prints. A job whose
 * journal cannot be read is listed as damaged, with the reason, instead of failing the listing.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { ApiJobListing } from '@tunekit/dashboard/api';
import { type Command, Option } from 'commander';
import { jobsDirOf } from '../journal/jobPaths.ts';
import { type JobSummary, jobSummary } from '../report/json.ts';
import { renderTable } from '../report/table.ts';
import { formatNumber } from '../report/trialRows.ts';
import type { CommandContext } from './context.ts';
import { readJob } from './readJob.ts';

/** A row of `tunekit jobs --json`: a job's summary, or a folder that cannot be read as a job. */
export type JobListing = ApiJobListing;

/**
 * Lists the jobs under a folder.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param summarize - Summarises one job by name, throwing when it cannot be read (default: read its journal; the
 *   dashboard passes the summary of the journal it follows).
 * @returns One row a folder of `.tunekit/jobs/`, by name.
 */
export function listJobs(
  rootDir: string,
  summarize: (name: string) => JobSummary = (name) => {
    const job = readJob(rootDir, name);
    return jobSummary(job.view, job.runningPid);
  },
): JobListing[] {
  const jobsDir = jobsDirOf(rootDir);
  if (!existsSync(jobsDir)) return [];
  const names = readdirSync(jobsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return names.map((name): JobListing => {
    try {
      return summarize(name);
    } catch (error) {
      return { name, status: 'Damaged', problem: error instanceof Error ? error.message : String(error) };
    }
  });
}

/**
 * Adds the `jobs` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerJobs(program: Command, context: CommandContext): void {
  program
    .command('jobs')
    .description(
      'list every job of the folder: status, strategy, trials, best, started, the tuner running it',
    )
    .addOption(
      new Option('--json', 'print the jobs as JSON (the fields of `tunekit status --json`, one a job)'),
    )
    .addHelpText('after', '\nExamples:\n  $ tunekit jobs --json\n  $ tunekit jobs --dir experiments\n')
    .action((options: { json?: boolean }, command: Command) => {
      const { io } = context;
      const rootDir = context.globals(command).dir;
      const jobs = listJobs(rootDir);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
        return;
      }
      if (jobs.length === 0) {
        io.stdout.write(`no jobs in ${jobsDirOf(rootDir)}: \`tunekit tune <file>\` starts one\n`);
        return;
      }
      const rows = jobs.map((job) =>
        job.status === 'Damaged'
          ? [job.name, 'Damaged', '', '', '', '', '']
          : [
              job.name,
              job.status,
              job.strategy,
              `${job.counts.total - job.counts.inFlight}/${job.maxTrials}`,
              job.best === undefined
                ? '-'
                : `${formatNumber(job.best.objective)} (trial ${job.best.trial}${job.best.model === undefined ? '' : ", the model's choice"})`,
              job.createdAt.slice(0, 19).replace('T', ' '),
              job.tunerPid === undefined ? '-' : `pid ${job.tunerPid}`,
            ],
      );
      const table = renderTable(
        ['JOB', 'STATUS', 'STRATEGY', 'TRIALS', 'BEST', 'STARTED (UTC)', 'TUNER'],
        rows,
        new Set([3]),
      );
      const problems = jobs.flatMap((job) =>
        job.status === 'Damaged' ? [`${job.name}: ${job.problem}`] : [],
      );
      io.stdout.write(
        `${table}\n${problems.length === 0 ? '' : `\ndamaged:\n${problems.map((line) => `  ${line}`).join('\n')}\n`}`,
      );
    });
}
