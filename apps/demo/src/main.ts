/**
 * `pnpm demo`: a real tuning job on the diabetes MLP example, run as local processes, with the live dashboard
 * beside it (its URL printed first, port 8177 or a free one if that is taken), then the best hyperparameters and a
 * table of every trial. In a terminal the dashboard keeps serving after the job until Ctrl-C; otherwise (CI, the
 * demo's test) the demo ends with the job.
 *
 * Options: --trials <n> (default 16), --parallel <n> (default 2), --epochs <n>, --dir <folder> (default: the
 * repository root; the journal goes to <folder>/.tunekit/jobs/<job>).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type DashboardServer,
  DEFAULT_DASHBOARD_PORT,
  formatNumber,
  isRunnerError,
  startDashboardServer,
  trialsTable,
} from '@tunekit/runner';
import { EXAMPLE_DIR, runDemo } from './demo.ts';

const USAGE = 'usage: pnpm demo [--trials <n>] [--parallel <n>] [--epochs <n>] [--dir <folder>]';

function readOptions() {
  // `pnpm demo -- --trials 8` passes the `--` through: drop it.
  const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
  let values: { trials: string; parallel: string; epochs?: string | undefined; dir: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        trials: { type: 'string', default: '16' },
        parallel: { type: 'string', default: '2' },
        epochs: { type: 'string' },
        dir: { type: 'string', default: join(EXAMPLE_DIR, '..', '..') },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  for (const name of ['trials', 'parallel', 'epochs'] as const) {
    const value = values[name];
    if (value !== undefined && !(Number.isInteger(Number(value)) && Number(value) >= 1)) {
      process.stderr.write(
        `--${name}: must be a whole number of at least 1, got ${JSON.stringify(value)}\n${USAGE}\n`,
      );
      process.exit(2);
    }
  }
  return values;
}

const values = readOptions();

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const write = (text: string): void => {
  process.stdout.write(text);
};
const trials = Number(values.trials);
const parallel = Number(values.parallel);
const dir = resolve(values.dir);
const dashboard = await startDashboard(dir);
write(`tunekit dashboard: ${dashboard.url} (the job appears there as it runs)\n`);
write(
  `tunekit demo: tuning a neural network on the diabetes dataset, ${trials} trials, ${parallel} at a time\n`,
);
const { result, view, spec, strategyNote } = await runDemo({
  dir,
  trials,
  parallel,
  ...(values.epochs === undefined ? {} : { epochs: Number(values.epochs) }),
  write,
  signal: stop.signal,
});
write(`\nstrategy: ${strategyNote}\n`);
if (result.best === undefined) {
  write('no trial succeeded\n');
} else {
  write(
    `best ${spec.objective.metric}: ${formatNumber(result.best.objective)} (trial ${result.best.trialId})\n`,
  );
  write(`best hyperparameters:\n${JSON.stringify(result.best.hyperparameters, null, 2)}\n`);
}
write(`\n${trialsTable(view)}\n`);
write(`\njournal and logs: ${result.jobDir}\n`);
process.exitCode = result.status === 'Completed' ? 0 : result.status === 'Failed' ? 1 : 130;
if (process.stdout.isTTY && !stop.signal.aborted) {
  write(`\nthe dashboard is still at ${dashboard.url}: Ctrl-C stops it\n`);
  await new Promise((resolve) => process.once('SIGINT', resolve));
}
await dashboard.close();

/** The dashboard on the demo's folder: port 8177, or a free one when another program holds it. */
async function startDashboard(rootDir: string): Promise<DashboardServer> {
  const options = { rootDir, host: '127.0.0.1' };
  try {
    return await startDashboardServer({ ...options, port: DEFAULT_DASHBOARD_PORT });
  } catch (error) {
    if (!isRunnerError(error) || error.code !== 'addressUnavailable') throw error;
    return startDashboardServer({ ...options, port: 0 });
  }
}
