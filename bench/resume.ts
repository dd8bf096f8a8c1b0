/**
 * Resume after 10,000 recorded trials: how long a tuner takes to reopen a job (read and fold the journal, take the
 * lock, rebuild the tuner from it, answer its first ask) and how much memory the resumed tuner holds.
 * Targets (issue 3): under 1 s and under 100 MB.
 *
 * Run: node --conditions=@tunekit/source --import tsx bench/resume.ts [--trials 10000] [--metrics 10]
 * Prints one JSON line. The wall time depends on what else the machine runs; `resumeCpuMs` (this process's CPU
 * time over the same span) is the figure that noise does not inflate.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TuningJobSpec } from '@tunekit/core';
import { openJob } from '../packages/runner/src/job/openJob.ts';
import { createTunerFor } from '../packages/runner/src/job/seams.ts';
import { specHash } from '../packages/runner/src/job/specHash.ts';

const { values } = parseArgs({
  options: { trials: { type: 'string', default: '10000' }, metrics: { type: 'string', default: '10' } },
});
const trialCount = Number(values.trials);
const metricsPerTrial = Number(values.metrics);

const spec: TuningJobSpec = {
  name: 'resume-bench',
  objective: { metric: 'validation:rmse', type: 'Minimize' },
  metrics: [{ name: 'validation:rmse', regex: 'validation-rmse: (\\S+)' }],
  strategy: 'Random',
  parameters: [
    { type: 'continuous', name: 'learning_rate', min: 1e-4, max: 0.1, scaling: 'Logarithmic' },
    { type: 'integer', name: 'hidden_units', min: 2, max: 64, scaling: 'Linear' },
    { type: 'continuous', name: 'l2', min: 1e-6, max: 0.1, scaling: 'Logarithmic' },
    { type: 'categorical', name: 'activation', values: ['relu', 'tanh', 'sigmoid'] },
  ],
  static: { epochs: '120' },
  limits: { maxTrials: trialCount + 100, maxParallel: 4, maxRetries: 0 },
  completion: { convergence: false },
  earlyStopping: 'Off',
  seed: 1,
  executor: { kind: 'local', command: ['node', 'train.js'], env: {}, killGraceSeconds: 5, channels: {} },
};

// A journal as a real job writes it: every trial asked, started, its metrics, finished; the last two in flight.
const root = mkdtempSync(join(tmpdir(), 'tunekit-resume-bench-'));
const jobDir = join(root, '.tunekit', 'jobs', spec.name);
mkdirSync(jobDir, { recursive: true });
const lines: string[] = [JSON.stringify({ type: 'jobCreated', t: 1, spec, specHash: specHash(spec) })];
let t = 1_000;
const activations = ['relu', 'tanh', 'sigmoid'];
for (let id = 1; id <= trialCount; id++) {
  const u = (((id * 0.6180339887) % 1) + 1) % 1;
  const params = {
    learning_rate: 1e-4 * 1000 ** u,
    hidden_units: 2 + Math.round(62 * ((u * 7) % 1)),
    l2: 1e-6 * 1e5 ** ((u * 3) % 1),
    activation: activations[id % 3]!,
  };
  const unit = [u, (u * 7) % 1, (u * 3) % 1, ((id % 3) + 0.5) / 3];
  lines.push(
    JSON.stringify({
      type: 'trialAsked',
      t: t++,
      trialId: id,
      configIndex: id - 1,
      attempt: 0,
      params,
      unit,
    }),
  );
  // No process handle on the two in-flight trials: a resume kills those, and no real process must be hit.
  const inFlight = id > trialCount - 2;
  const handle = inFlight ? {} : { handle: { pid: 4_000_000 + id } };
  lines.push(JSON.stringify({ type: 'trialStarted', t: t++, trialId: id, ...handle }));
  let value = 80;
  for (let step = 0; step < metricsPerTrial; step++) {
    value -= 2 * u;
    lines.push(
      JSON.stringify({
        type: 'metric',
        t: t++,
        trialId: id,
        observation: { metric: 'validation:rmse', value, line: step + 1, step, time: t },
      }),
    );
  }
  if (!inFlight) {
    lines.push(
      JSON.stringify({
        type: 'trialFinished',
        t: t++,
        trialId: id,
        outcome: { status: 'Completed', objective: value },
      }),
    );
  }
}
const journalPath = join(jobDir, 'journal.jsonl');
writeFileSync(journalPath, `${lines.join('\n')}\n`);

// The garbage collector, without needing --expose-gc on the command line (bench/run.ts passes no flags).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const job = await openJob({ spec, rootDir: root, now: Date.now });
const tuner = await createTunerFor(job.spec, job.view, Date.now);
const firstAsk = await tuner.ask(2);
const resumeMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const rss = process.memoryUsage().rss;

console.log(
  JSON.stringify({
    benchmark: 'resume',
    trials: trialCount,
    journalEvents: lines.length,
    journalMB: round(statSync(journalPath).size / 1e6),
    resumeMs: round(resumeMs),
    resumeCpuMs: round((cpu.user + cpu.system) / 1000),
    retainedHeapMB: gc === undefined ? null : round((heapAfter - heapBefore) / 1e6),
    rssMB: round(rss / 1e6),
    inFlightRerun: job.view.trials.filter((trial) => trial.outcome === undefined).length,
    firstAskTrials: firstAsk.length,
    targets: { resumeMs: 1000, retainedHeapMB: 100 },
    note: gc === undefined ? 'run with --expose-gc to measure the retained heap' : undefined,
  }),
);
// Keep the tuner and the job alive until measured, then clean up.
await tuner.close();
await job.close();
rmSync(root, { recursive: true, force: true });

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
