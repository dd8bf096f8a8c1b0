/**
 * A chatty trial: one trial prints 200,000 lines that the objective's regex matches (2 MB of output). Measures
 * how large the journal grows against the trial's own log, and what `tunekit status --json` then costs in time
 * and memory. Target (issue 10): the journal within about twice the trial's output.
 *
 * Measured (2 shared cores, 200,000 lines, 2.0 MB of output): before the journal kept a sample (session/metricThinning.ts),
 * a 27.6 MB journal and status in 1.4 s (0.7 s CPU) and 140 MB peak RSS (2.3 s / 145 MB with earlyStopping Auto);
 * after, a 0.65 MB journal (4,783 metric events) and status in 70 ms and 71 MB (220 ms / 76 MB with Auto), of which
 * about 60 MB is Node and the bundled CLI before reading.
 *
 * Run: node --conditions=@tunekit/source --import tsx bench/journalGrowth.ts [--lines 200000] [--early-stopping Off]
 * Prints one JSON line. `status` runs in a fresh process (this file bundled by esbuild, under plain Node, as the
 * built `tunekit` runs), so its time and resident memory are the command's own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TuningJobSpec } from '@tunekit/core';
import { runCli } from '../packages/runner/src/commands/program.ts';
import { runJob } from '../packages/runner/src/drivers/runJob.ts';
import { bundleSelf } from './bundleSelf.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    'early-stopping': { type: 'string', default: 'Off' },
    // Internal: run `tunekit status --json` on the job under this root and print the measures.
    measure: { type: 'string' },
  },
});
const JOB = 'journal-growth-bench';

if (values.measure !== undefined) {
  console.log(JSON.stringify(await measureStatus(values.measure)));
} else {
  const lineCount = Number(values.lines);
  const root = mkdtempSync(join(tmpdir(), 'tunekit-journal-bench-'));
  const script = join(root, 'chatty.mjs');
  // "loss=1.23\n": 10 bytes a line, a loss that falls towards 1.
  writeFileSync(
    script,
    `let out = '';
for (let step = 0; step < ${lineCount}; step++) {
  out += 'loss=' + (1 + 10 / (10 + step)).toFixed(2) + '\\n';
  if (out.length > 65536) { process.stdout.write(out); out = ''; }
}
process.stdout.write(out);
`,
  );
  const spec: TuningJobSpec = {
    name: JOB,
    objective: { metric: 'loss', type: 'Minimize' },
    metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
    strategy: 'Random',
    parameters: [{ type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' }],
    static: {},
    limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: values['early-stopping'] === 'Auto' ? 'Auto' : 'Off',
    seed: 1,
    executor: { kind: 'local', command: ['node', script], env: {}, killGraceSeconds: 5, channels: {} },
  };
  const started = performance.now();
  const result = await runJob({ spec, rootDir: root, baseDir: root });
  const tuneMs = performance.now() - started;
  const jobDir = join(root, '.tunekit', 'jobs', JOB);
  const logBytes = statSync(join(jobDir, 'trials', '1', 'output.log')).size;
  const journalBytes = statSync(join(jobDir, 'journal.jsonl')).size;
  const bundle = join(root, 'status-measure.mjs');
  await bundleSelf(import.meta.url, bundle);
  const child = spawnSync(process.execPath, [bundle, '--measure', root], { encoding: 'utf8' });
  rmSync(root, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`status failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout) as Record<string, unknown>;
  console.log(
    JSON.stringify({
      benchmark: 'journalGrowth',
      metricLines: lineCount,
      earlyStopping: spec.earlyStopping,
      jobStatus: result.status,
      tuneMs: Math.round(tuneMs),
      trialLogMB: round(logBytes / 1e6),
      journalMB: round(journalBytes / 1e6),
      journalToLog: round(journalBytes / logBytes),
      ...measured,
      targets: { journalToLog: 2 },
    }),
  );
}

/** Runs `tunekit status <job> --json` in this process, with its time, CPU and peak resident memory. */
async function measureStatus(root: string): Promise<Record<string, unknown>> {
  const sink = { write: () => true };
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const code = await runCli(['--dir', root, 'status', JOB, '--json'], {
    stdout: sink,
    stderr: sink,
    cwd: root,
  });
  const statusMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (code !== 0) throw new Error(`status exited with ${code}`);
  return {
    statusMs: Math.round(statusMs),
    statusCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    statusRssBeforeMB: round(rssBefore / 1e6),
    // Peak resident memory of the process (kilobytes on Linux).
    statusPeakRssMB: round((process.resourceUsage().maxRSS * 1024) / 1e6),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
