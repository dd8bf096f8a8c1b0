/**
 * `tunekit serve <file>`: runs a job's tuner (the same journal, strategies, completion criteria, early stopping
 * and Hyperband decisions, and resume, as `tunekit tune`) while workers run its trials: they ask for trials,
 * report values and tell outcomes over HTTP (serve/, the protocol in packages/client/src/protocol.ts).
 *
 * The token: `TUNEKIT_TOKEN` when set, else the one this job was served with before (kept in the job's folder,
 * `serve.json`, readable by its owner only), else a new random one; so a server restarted after a crash on the
 * same port is the same server to the workers still training.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobInfo } from '@tunekit/client/protocol';
import type { TuningJobSpec } from '@tunekit/core';
import { type Command, Option } from 'commander';
import { runJob } from '../drivers/runJob.ts';
import { RunnerError } from '../errors.ts';
import { jobDirOf } from '../journal/jobPaths.ts';
import { bestTrial, type JobView } from '../journal/jobView.ts';
import { isLoopback } from '../net/listen.ts';
import { startServeServer } from '../serve/serveServer.ts';
import { TrialBroker } from '../serve/trialBroker.ts';
import type { JobEvent, JobEventListener } from '../session/jobEvents.ts';
import type { JobResult } from '../session/jobResult.ts';
import type { CommandContext } from './context.ts';
import { handleInterrupts, reportResult, startProgress } from './jobCommand.ts';
import { readJob } from './readJob.ts';
import { addJobOptions, archiveForRestart, loadWithOverrides, summary } from './tune.ts';

/** The port `tunekit serve` listens on by default. */
export const DEFAULT_SERVE_PORT = 8470;
/** The file in the job's folder that keeps the token (mode 0600). */
const SERVE_FILE = 'serve.json';

interface ServeOptions {
  port: string;
  host: string;
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
  maxTrials?: string;
  maxParallel?: string;
  restart?: boolean;
}

/**
 * Adds the `serve` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerServe(program: Command, context: CommandContext): void {
  const serve = program
    .command('serve')
    .description(
      'run a job whose trials workers run: they ask for trials and report over HTTP (docs/serve.md)',
    )
    .argument('<file>', 'tuning file with executor: { remote: { leaseSeconds, heartbeatSeconds } }')
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 picks a free one').default(String(DEFAULT_SERVE_PORT)),
    )
    .addOption(
      new Option(
        '--host <address>',
        'address to listen on (another than 127.0.0.1 lets other machines in)',
      ).default('127.0.0.1'),
    )
    .addOption(
      new Option(
        '--json',
        'print {"url","token","job"} as the first line on stdout, and the final result as JSON (progress goes to stderr)',
      ),
    );
  addJobOptions(serve)
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit serve tuning.yaml\n  $ TUNEKIT_URL=http://127.0.0.1:8470 TUNEKIT_TOKEN=... python3 train.py   # in other terminals\n' +
        '\nThe server prints its URL and a token; workers (the Python or TypeScript client) need both.\n' +
        'Running it again on the same job resumes it; workers still training keep their trials.\n' +
        '\nExit codes: 0 done, 1 no trial succeeded, 2 bad input, 130 interrupted.\n',
    )
    .action(async (file: string, options: ServeOptions, command: Command) => {
      const { io } = context;
      const globals = context.globals(command);
      const { loaded, spec } = loadWithOverrides(file, io.cwd, options);
      const { executor } = spec;
      if (executor.kind !== 'remote') {
        throw new RunnerError(
          'invalidTuningFile',
          `executor.${executor.kind}: tunekit serve leases trials to workers and runs none itself: write executor: { remote: {} } ` +
            'in the tuning file (or run this one with tunekit tune)',
        );
      }
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new RunnerError(
          'invalidOption',
          `--port must be a whole number from 0 to 65535, got ${JSON.stringify(options.port)}`,
        );
      if (options.restart) archiveForRestart(context, globals.dir, spec.name, options);
      const jobDir = jobDirOf(globals.dir, spec.name);
      const token = process.env.TUNEKIT_TOKEN || savedToken(jobDir) || newServeToken();
      const broker = new TrialBroker({
        leaseSeconds: executor.leaseSeconds,
        heartbeatSeconds: executor.heartbeatSeconds,
        onNotice: (message) => {
          if (!options.quiet) io.stderr.write(`tunekit: ${message}\n`);
        },
      });
      const job = createJobInfo(spec, executor.leaseSeconds, executor.heartbeatSeconds);
      const server = await startServeServer({
        broker,
        token,
        host: options.host,
        port,
        metricNames: new Set([spec.objective.metric, ...spec.metrics.map((metric) => metric.name)]),
        info: () => job.info(broker.outstanding()),
      });
      if (options.json) io.stdout.write(`${JSON.stringify({ url: server.url, token, job: spec.name })}\n`);
      else {
        io.stdout.write(
          `serving job ${spec.name} at ${server.url}\n  token: ${token}\n` +
            `  workers: TUNEKIT_URL=${server.url} TUNEKIT_TOKEN=<the token> <your training script using a tunekit client>\n`,
        );
      }
      if (!isLoopback(options.host)) {
        io.stderr.write(
          `warning: serving on ${options.host}: every machine that reaches this port can try the token, and plain HTTP ` +
            'carries it unencrypted; serve on a trusted network or behind a TLS proxy\n',
        );
      }
      const progress = startProgress(io, options, spec.objective.metric);
      const onEvent: JobEventListener = (event) => {
        job.observe(event);
        // The token is kept once the job's folder exists, for a restart of this server.
        if (event.type === 'jobStarted') {
          keepToken(jobDir, server.url, token);
          if (event.resumed) job.resumedFrom(readJob(globals.dir, spec.name).view);
        }
        progress.listener?.(event);
      };
      const { stop, kill, dispose } = handleInterrupts();
      let result: JobResult;
      try {
        result = await runJob({
          spec,
          rootDir: globals.dir,
          baseDir: loaded.baseDir,
          source: loaded.path,
          executor: broker.executor,
          onEvent,
          signal: stop.signal,
          killSignal: kill.signal,
        });
        job.end(result.status);
        if (result.status !== 'Interrupted') {
          // Workers that are waiting hear `done` at once; those training hear it at their next request.
          broker.end(`the job ended: ${result.reason}`);
          await broker.lingerForWorkers(executor.heartbeatSeconds + 2);
        }
      } finally {
        // Interrupted (or failed to run): workers keep asking, and carry on when the job is served again.
        broker.pause();
        server.drain();
        await server.close();
        progress.close();
        dispose();
      }
      reportResult(context, result, options.json === true, () =>
        summary(result, spec, file, false, 'tunekit serve'),
      );
    });
}

/**
 * A new server token: 24 random bytes as 48 hexadecimal digits. People paste it into command lines (a worker's
 * `train.py URL TOKEN`, curl, an environment assignment), where base64url's '-' as the first character (one token
 * in 64) made Python's argparse read the token as an unknown option, and where a double-click selects only
 * letters and digits.
 *
 * @returns the token.
 */
export function newServeToken(): string {
  return randomBytes(24).toString('hex');
}

function savedToken(jobDir: string): string | undefined {
  try {
    const saved = JSON.parse(readFileSync(join(jobDir, SERVE_FILE), 'utf8')) as { token?: unknown };
    return typeof saved.token === 'string' && saved.token !== '' ? saved.token : undefined;
  } catch {
    return undefined;
  }
}

function keepToken(jobDir: string, url: string, token: string): void {
  try {
    writeFileSync(join(jobDir, SERVE_FILE), `${JSON.stringify({ url, token, pid: process.pid })}\n`, {
      mode: 0o600,
    });
  } catch {
    // Not kept: a restarted server then needs TUNEKIT_TOKEN to be the same server to its workers.
  }
}

/** What `GET /v1/job` answers, kept from the job's events. */
function createJobInfo(spec: TuningJobSpec, leaseSeconds: number, heartbeatSeconds: number) {
  let last: JobEvent['progress'] | undefined;
  let best: JobInfo['best'];
  let status: JobInfo['status'] = 'Running';
  return {
    observe(event: JobEvent): void {
      last = event.progress;
      if (event.type === 'trialFinished' && event.isBest && event.outcome.status === 'Completed')
        best = { trialId: event.trialId, objective: event.outcome.objective, params: { ...event.params } };
    },
    /** A resumed job: its best trial so far comes from the journal. */
    resumedFrom(view: JobView): void {
      const found = bestTrial(view);
      if (found?.objective !== undefined)
        best = { trialId: found.id, objective: found.objective, params: { ...found.params } };
    },
    end(final: JobInfo['status']): void {
      status = final;
    },
    info(running: number): JobInfo {
      return {
        protocol: 'v1',
        name: spec.name,
        status,
        objective: { metric: spec.objective.metric, type: spec.objective.type },
        strategy: spec.strategy,
        maxTrials: spec.limits.maxTrials,
        maxParallel: spec.limits.maxParallel,
        counts: {
          completed: last?.completed ?? 0,
          failed: last?.failed ?? 0,
          stopped: last?.stopped ?? 0,
          running,
        },
        ...(best === undefined ? {} : { best }),
        heartbeatSeconds,
        leaseSeconds,
      };
    },
  };
}
