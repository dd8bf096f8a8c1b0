/**
 * Resume after 10,000 recorded trials: how long a tuner takes to reopen a job (read and fold the journal, take the
 * lock, rebuild the tuner from it, answer its first ask) and how much memory the resumed tuner holds.
 * Targets (issue 3): under 1 s and under 100 MB.
 *
 * Run: node --conditions=@tunekit/source --import tsx bench/resume.ts [--trials 10000] [--metrics 10]
 * Prints one JSON line. The resume runs in a fresh process (as a resuming `tunekit tune` does), so its resident
 * memory is the tuner's own, not the bench's copy of the journal; that process runs this file bundled by esbuild
 * under plain Node, as the built `tunekit` runs (under tsx the same resume sat 40-50 MB higher, all of it tsx). The wall time depends on what else the machine
 * runs; `resumeCpuMs` (the CPU time over the same span) is the figure that noise does not inflate.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TuningJobSpec } from '@tunekit/core';
import { createTunerFor } from '../packages/runner/src/drivers/seams.ts';
import { openJobSession } from '../packages/runner/src/session/jobSession.ts';
import { specHash } from '../packages/runner/src/session/specHash.ts';
import { bundleSelf } from './bundleSelf.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '10000' },
    metrics: { type: 'string', default: '10' },
    // Internal: resume the job under this root and print the measures (run in a fresh process by the bench).
    measure: { type: 'string' },
  },
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

if (values.measure !== undefined) {
  console.log(JSON.stringify(await measureResume(values.measure)));
} else {
  const root = mkdtempSync(join(tmpdir(), 'tunekit-resume-bench-'));
  const { eventCount, journalPath } = writeJournal(root);
  const journalMB = round(statSync(journalPath).size / 1e6);
  const bundle = join(root, 'resume-measure.mjs');
  await bundleSelf(import.meta.url, bundle);
  const child = spawnSync(
    process.execPath,
    [bundle, '--measure', root, '--trials', String(trialCount), '--metrics', String(metricsPerTrial)],
    { encoding: 'utf8' },
  );
  rmSync(root, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`the resume failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout) as Record<string, unknown>;
  console.log(
    JSON.stringify({
      benchmark: 'resume',
      trials: trialCount,
      journalEvents: eventCount,
      journalMB,
      ...measured,
      targets: { resumeMs: 1000, retainedHeapMB: 100, rssMB: 100 },
    }),
  );
}

/** A journal as a real job writes it: every trial asked, started, its metrics, finished; the last two in flight. */
function writeJournal(root: string): { eventCount: number; journalPath: string } {
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
  return { eventCount: lines.length, journalPath };
}

/** Resumes the job under `root` (read and fold the journal, take the lock, rebuild the tuner, first ask). */
async function measureResume(root: string): Promise<Record<string, unknown>> {
  // The garbage collector, without needing --expose-gc on the command line (bench/run.ts passes no flags).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const job = await openJobSession({ spec, rootDir: root, now: Date.now });
  const tuner = await createTunerFor(job.spec, job.opened, Date.now);
  const firstAsk = await tuner.ask(2);
  const resumeMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const rss = process.memoryUsage().rss;
  const measured = {
    resumeMs: round(resumeMs),
    resumeCpuMs: round((cpu.user + cpu.system) / 1000),
    retainedHeapMB: round((heapAfter - heapBefore) / 1e6),
    // Resident memory of the resuming process before the resume (Node and the bundle) and after it.
    rssBeforeMB: round(rssBefore / 1e6),
    rssMB: round(rss / 1e6),
    inFlightRerun: job.opened.trials.filter((trial) => trial.outcome === undefined).length,
    firstAskTrials: firstAsk.length,
  };
  // Kept alive until measured.
  await tuner.close();
  await job.close();
  return measured;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
