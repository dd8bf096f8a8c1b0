/**
 * The local executor's own cost per trial, and the journal's append rate.
 *
 * Overhead: 200 trials of a script that only prints its metric, 4 at a time, run by the local executor (trial
 * folder, hyperparameter files, process group, log, metric parsing, metrics file, outcome) against the same 200
 * processes started bare (spawn, read stdout, wait for close), 4 at a time. Target (issue 3): at most 10 ms a trial
 * beyond the bare start. Both runs alternate in rounds so that machine noise hits them alike. With 4 processes on
 * a 2-core machine the latencies are dominated by Node's own start-up, so the CPU time the tuner's process spends
 * per trial (executor against bare) is reported too: it is the executor's cost that the noise does not hide.
 *
 * Journal: appends of a typical `metric` event, each written and flushed (fdatasync) before the next, in a folder
 * on the disk the jobs use (by default the system temporary folder; `--dir` to choose).
 *
 * Run from the repository root:
 *   node --conditions=@tunekit/source --import tsx bench/executorOverhead.ts [--trials 200] [--parallel 4]
 * Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TuningJobSpec } from '@tunekit/core';
import { createLocalExecutor } from '../packages/runner/src/executor/local.ts';
import { JournalWriter } from '../packages/runner/src/journal/journal.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '200' },
    parallel: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '4' },
    appends: { type: 'string', default: '2000' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const trials = Number(values.trials);
const parallel = Number(values.parallel);
const rounds = Math.max(1, Number(values.rounds));
const appendCount = Number(values.appends);

const work = mkdtempSync(join(values.dir, 'tunekit-bench-executor-'));
const scriptPath = join(work, 'train.mjs');
writeFileSync(scriptPath, "console.log('validation-rmse: 0.5');\n");

const spec: TuningJobSpec = {
  name: 'executor-bench',
  objective: { metric: 'validation:rmse', type: 'Minimize' },
  metrics: [{ name: 'validation:rmse', regex: 'validation-rmse: (\\S+)' }],
  strategy: 'Random',
  parameters: [
    { type: 'continuous', name: 'learning_rate', min: 1e-4, max: 0.1, scaling: 'Logarithmic' },
    { type: 'integer', name: 'depth', min: 2, max: 10, scaling: 'Linear' },
  ],
  static: { epochs: '10' },
  limits: { maxTrials: trials, maxParallel: parallel, maxRetries: 0 },
  completion: { convergence: false },
  earlyStopping: 'Off',
  seed: 1,
  executor: {
    kind: 'local',
    command: [process.execPath, scriptPath],
    env: {},
    killGraceSeconds: 5,
    channels: {},
  },
};

/** Runs `count` tasks, `parallel` at a time; returns each task's latency in ms and the wall time. */
async function runPool(
  count: number,
  task: (index: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const startedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const begin = performance.now();
      await task(index);
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { latencies, wallMs: performance.now() - startedAt };
}

function bare(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Detached (a new session and process group) like the executor's trials: on Linux each session is its own
    // scheduling autogroup, so on a loaded machine non-detached children would share one CPU share and look
    // slower than the executor's, hiding its overhead.
    const child = spawn(process.execPath, [scriptPath, '--epochs', '10'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.on('data', () => {});
    child.stderr.on('data', () => {});
    child.once('error', reject);
    child.once('close', () => resolve());
  });
}

const executor = createLocalExecutor();
let trialId = 0;
async function viaExecutor(): Promise<void> {
  trialId += 1;
  const trialDir = join(work, 'trials', String(trialId));
  mkdirSync(trialDir, { recursive: true });
  const outcome = await executor.start({
    spec,
    trialId,
    params: { learning_rate: 0.01, depth: 4 },
    trialDir,
    baseDir: work,
    onMetric: () => {},
    onStarted: () => {},
  }).done;
  if (outcome.status !== 'Completed')
    throw new Error(`trial ${trialId} ${outcome.status}: ${JSON.stringify(outcome)}`);
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

// Warm up both paths (module loading, the file cache of node itself).
await runPool(2 * parallel, () => bare());
await runPool(2 * parallel, () => viaExecutor());

const perRound = Math.ceil(trials / rounds);
const bareLatencies: number[] = [];
const executorLatencies: number[] = [];
let bareWall = 0;
let executorWall = 0;
// CPU time of this (the tuner's) process: what the executor itself costs, without the children's start-up noise.
let bareCpuMs = 0;
let executorCpuMs = 0;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
for (let done = 0; done < trials; done += perRound) {
  const count = Math.min(perRound, trials - done);
  let cpu = process.cpuUsage();
  const b = await runPool(count, () => bare());
  bareCpuMs += cpuMs(process.cpuUsage(cpu));
  cpu = process.cpuUsage();
  const e = await runPool(count, () => viaExecutor());
  executorCpuMs += cpuMs(process.cpuUsage(cpu));
  bareLatencies.push(...b.latencies);
  executorLatencies.push(...e.latencies);
  bareWall += b.wallMs;
  executorWall += e.wallMs;
}
await executor.close();

// Journal appends, each flushed to disk before the next.
const journalDir = join(work, 'journal');
mkdirSync(journalDir);
const writer = new JournalWriter(join(journalDir, 'journal.jsonl'));
const appendStart = performance.now();
for (let index = 0; index < appendCount; index++) {
  writer.append({
    type: 'metric',
    t: Date.now(),
    trialId: 1 + (index % 50),
    observation: {
      metric: 'validation:rmse',
      value: 0.5 + index,
      line: index + 1,
      step: index,
      time: Date.now(),
    },
  });
}
const appendMs = performance.now() - appendStart;
writer.close();
rmSync(work, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({
    benchmark: 'executorOverhead',
    trials,
    parallel,
    bareMedianMs: round(median(bareLatencies)),
    executorMedianMs: round(median(executorLatencies)),
    bareMeanMs: round(mean(bareLatencies)),
    executorMeanMs: round(mean(executorLatencies)),
    overheadMedianMsPerTrial: round(median(executorLatencies) - median(bareLatencies)),
    overheadMeanMsPerTrial: round(mean(executorLatencies) - mean(bareLatencies)),
    bareWallMs: round(bareWall, 0),
    executorWallMs: round(executorWall, 0),
    overheadWallMsPerTrial: round((executorWall - bareWall) / trials),
    bareTunerCpuMsPerTrial: round(bareCpuMs / trials),
    executorTunerCpuMsPerTrial: round(executorCpuMs / trials),
    targetMsPerTrial: 10,
    journalAppendsPerSecond: Math.round((appendCount / appendMs) * 1000),
    journalAppendMeanMs: round(appendMs / appendCount, 3),
    journalDir: values.dir,
  })}\n`,
);
