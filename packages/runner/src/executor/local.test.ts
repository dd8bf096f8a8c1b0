/**
 * The local executor with real processes: tiny Node scripts written to a temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalExecutorSpec, MetricObservation, ParameterValues, TuningJobSpec } from '@tunekit/core';
import { MAX_LINE_LENGTH } from '@tunekit/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLocalExecutor, type LocalExecutorOptions } from './local.ts';
import { killStaleTrial } from './processGroup.ts';
import type { Executor, RunningTrial } from './types.ts';

const base = mkdtempSync(join(tmpdir(), 'tunekit-local-'));
const executors: Executor[] = [];
afterEach(async () => {
  for (const executor of executors.splice(0)) await executor.close();
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

let scriptCount = 0;
/** Writes a Node script (ESM) to the base folder and returns its file name. */
function script(body: string): string {
  scriptCount += 1;
  const name = `script${scriptCount}.mjs`;
  writeFileSync(
    join(base, name),
    `import * as fs from 'node:fs';\nimport * as cp from 'node:child_process';\n${body}\n`,
  );
  return name;
}

function spec(command: readonly string[], local: Partial<LocalExecutorSpec> = {}): TuningJobSpec {
  return {
    name: 'local-test',
    objective: { metric: 'loss', type: 'Minimize' },
    metrics: [
      { name: 'loss', regex: 'loss=(\\S+)' },
      { name: 'accuracy', regex: 'accuracy=(\\S+)' },
    ],
    strategy: 'Random',
    parameters: [],
    static: { epochs: '3' },
    limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: 'Off',
    seed: 1,
    executor: {
      kind: 'local',
      command: [process.execPath, ...command],
      env: {},
      killGraceSeconds: 1,
      channels: {},
      ...local,
    },
  };
}

let trialCount = 0;
interface Started {
  readonly trial: RunningTrial;
  readonly trialDir: string;
  readonly metrics: MetricObservation[];
  readonly lines: string[];
  readonly handle: () => Readonly<Record<string, unknown>> | undefined;
}

function start(
  jobSpec: TuningJobSpec,
  params: ParameterValues = {},
  options: LocalExecutorOptions = {},
): Started {
  const executor = createLocalExecutor(options);
  executors.push(executor);
  trialCount += 1;
  const trialDir = join(base, 'trials', String(trialCount));
  mkdirSync(trialDir, { recursive: true });
  const metrics: MetricObservation[] = [];
  const lines: string[] = [];
  let handle: Readonly<Record<string, unknown>> | undefined;
  const trial = executor.start({
    spec: jobSpec,
    trialId: trialCount,
    params,
    trialDir,
    baseDir: base,
    onMetric: (observation) => metrics.push(observation),
    onLine: (line) => lines.push(line),
    onStarted: (started) => {
      handle = started;
    },
  });
  return { trial, trialDir, metrics, lines, handle: () => handle };
}

/** Whether a process runs (a zombie waiting to be reaped does not). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return true;
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const startedAt = Date.now();
  while (!condition()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A script line that waits until a file exists (the test's go-ahead), so order does not depend on timing. */
const waitForFile = (variable: string): string =>
  `while (!fs.existsSync(${variable})) await new Promise((resolve) => setTimeout(resolve, 10));`;

describe('what a trial receives (the SageMaker training contract)', () => {
  it('passes hyperparameters as arguments, SM_HPS, SM_HP_*, hyperparameters.json, and the trial folders', async () => {
    mkdirSync(join(base, 'work'), { recursive: true });
    mkdirSync(join(base, 'data', 'train'), { recursive: true });
    const name = script(`
const env = process.env;
const seen = {
  argv: process.argv.slice(2), cwd: process.cwd(),
  hps: JSON.parse(env.SM_HPS), eta: env.SM_HP_ETA, booster: env.SM_HP_BOOSTER, epochs: env.SM_HP_EPOCHS,
  file: JSON.parse(fs.readFileSync(env.TUNEKIT_HYPERPARAMETERS, 'utf8')),
  model: env.SM_MODEL_DIR, output: env.SM_OUTPUT_DATA_DIR, train: env.SM_CHANNEL_TRAIN, channels: env.SM_CHANNELS,
  metricsFile: env.TUNEKIT_METRICS_FILE, mine: env.MY_SETTING,
  dirs: [fs.statSync(env.SM_MODEL_DIR).isDirectory(), fs.statSync(env.SM_OUTPUT_DATA_DIR).isDirectory()],
};
fs.writeFileSync(env.SM_OUTPUT_DATA_DIR + '/seen.json', JSON.stringify(seen));
console.log('loss=0.25');
`);
    const { trial, trialDir } = start(
      spec([`../${name}`], { cwd: 'work', env: { MY_SETTING: 'on' }, channels: { train: 'data/train' } }),
      { eta: 0.1, booster: 'gbtree' },
    );
    expect(await trial.done).toEqual({ status: 'Completed', objective: 0.25, finalMetrics: { loss: 0.25 } });
    const seen = JSON.parse(readFileSync(join(trialDir, 'output', 'data', 'seen.json'), 'utf8'));
    expect(seen).toEqual({
      // Sorted by name, every value a string, as SageMaker script mode passes them.
      argv: ['--booster', 'gbtree', '--epochs', '3', '--eta', '0.1'],
      cwd: join(base, 'work'),
      hps: { booster: 'gbtree', epochs: 3, eta: 0.1 },
      eta: '0.1',
      booster: 'gbtree',
      epochs: '3',
      file: { epochs: '3', eta: '0.1', booster: 'gbtree' },
      model: join(trialDir, 'model'),
      output: join(trialDir, 'output', 'data'),
      train: join(base, 'data', 'train'),
      channels: '["train"]',
      metricsFile: join(trialDir, 'metrics.jsonl'),
      mine: 'on',
      dirs: [true, true],
    });
  });

  it("starts from the environment its embedder gives instead of process.env, the tuning file's env on top", async () => {
    process.env.TUNEKIT_TEST_TUNER_SECRET = 'tuner-only';
    try {
      const name = script(`
const env = process.env;
fs.writeFileSync(env.SM_OUTPUT_DATA_DIR + '/seen.json', JSON.stringify({
  secret: env.TUNEKIT_TEST_TUNER_SECRET ?? null, given: env.GIVEN ?? null, mine: env.MY_SETTING ?? null,
  eta: env.SM_HP_ETA ?? null,
}));
console.log('loss=1');
`);
      const { trial, trialDir } = start(
        spec([name], { env: { MY_SETTING: 'on' } }),
        { eta: 0.1 },
        { environment: { PATH: process.env.PATH, GIVEN: 'yes', UNSET: undefined } },
      );
      expect(await trial.done).toMatchObject({ status: 'Completed' });
      const seen = JSON.parse(readFileSync(join(trialDir, 'output', 'data', 'seen.json'), 'utf8'));
      expect(seen).toEqual({ secret: null, given: 'yes', mine: 'on', eta: '0.1' });
      // Without the option, trials inherit the tuner's environment as before.
      const inherited = start(spec([name]), { eta: 0.2 });
      expect(await inherited.trial.done).toMatchObject({ status: 'Completed' });
      const seenInherited = JSON.parse(
        readFileSync(join(inherited.trialDir, 'output', 'data', 'seen.json'), 'utf8'),
      );
      expect(seenInherited.secret).toBe('tuner-only');
    } finally {
      delete process.env.TUNEKIT_TEST_TUNER_SECRET;
    }
  });

  it('keeps the full log, stdout and stderr, and passes every line on', async () => {
    const name = script(`
console.log('first');
console.error('to stderr');
process.stdout.write('no newline at the end, loss=1.5');
`);
    const { trial, trialDir, lines } = start(spec([name]));
    const outcome = await trial.done;
    // The whole outcome in the message: this once failed on a loaded CI machine without saying why.
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'Completed', objective: 1.5 });
    const log = readFileSync(join(trialDir, 'output.log'), 'utf8');
    expect(log).toContain('first\n');
    expect(log).toContain('to stderr\n');
    expect(log).toContain('no newline at the end, loss=1.5');
    expect(lines).toEqual(expect.arrayContaining(['first', 'to stderr']));
  });
});

describe('output lines', () => {
  it('never splices a stderr line into the middle of a stdout line', async () => {
    const name = script(`
const write = (stream, text) => new Promise((resolve) => stream.write(text, resolve));
await write(process.stdout, 'epoch 1 lo');
await new Promise((resolve) => setTimeout(resolve, 50));
await write(process.stderr, 'a warning\\n');
await new Promise((resolve) => setTimeout(resolve, 50));
await write(process.stdout, 'ss=0.75\\n');
`);
    const { trial, trialDir, lines } = start(spec([name]));
    expect(await trial.done).toMatchObject({ status: 'Completed', objective: 0.75 });
    expect(lines).toEqual(['a warning', 'epoch 1 loss=0.75']);
    expect(readFileSync(join(trialDir, 'output.log'), 'utf8')).toBe('a warning\nepoch 1 loss=0.75\n');
  });

  it('ends a stream’s last line at its end: a later line of the other stream never joins it', async () => {
    // stdout ends (closed) on a line without a newline; stderr writes after that.
    const name = script(`
process.stdout.write('epoch 3 loss=1.5');
fs.closeSync(1);
await new Promise((resolve) => setTimeout(resolve, 100));
process.stderr.write('to stderr\\n');
`);
    const { trial, trialDir, lines } = start(spec([name]));
    const outcome = await trial.done;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'Completed', objective: 1.5 });
    expect(lines).toEqual(['epoch 3 loss=1.5', 'to stderr']);
    expect(readFileSync(join(trialDir, 'output.log'), 'utf8')).toBe('epoch 3 loss=1.5\nto stderr\n');
  });

  it('keeps an over-long line in the log whole and still reads the lines after it', async () => {
    const name = script(`
process.stdout.write('x'.repeat(300000));
console.log('');
console.log('loss=0.125');
`);
    const { trial, trialDir } = start(spec([name]));
    expect(await trial.done).toMatchObject({ status: 'Completed', objective: 0.125 });
    expect(readFileSync(join(trialDir, 'output.log'), 'utf8')).toBe(
      `${'x'.repeat(300000)}\nloss=0.125\n` +
        `[tunekit] line 1 of the output was 300000 characters long; metrics were read from its first ${MAX_LINE_LENGTH} only\n`,
    );
  });
});

describe('metrics', () => {
  it('streams metric values from the output while the script still runs', async () => {
    const go = join(base, 'go-stream');
    const name = script(`
console.log('epoch 1 loss=3 accuracy=0.5');
${waitForFile(JSON.stringify(go))}
console.log('epoch 2 loss=2 accuracy=0.7');
`);
    const { trial, metrics } = start(spec([name]));
    let ended = false;
    void trial.done.then(() => {
      ended = true;
    });
    await waitFor(() => metrics.length === 2, 'the first epoch');
    expect(ended).toBe(false);
    expect(metrics.map((m) => [m.metric, m.value, m.step])).toEqual([
      ['loss', 3, 0],
      ['accuracy', 0.5, 0],
    ]);
    expect(metrics[0]!.time).toBeTypeOf('number');
    writeFileSync(go, '');
    expect(await trial.done).toEqual({
      status: 'Completed',
      objective: 2,
      finalMetrics: { loss: 2, accuracy: 0.7 },
    });
    expect(metrics.map((m) => m.value)).toEqual([3, 0.5, 2, 0.7]);
  });

  it('reads JSON-line metrics from TUNEKIT_METRICS_FILE as they are appended', async () => {
    const go = join(base, 'go-file');
    const name = script(`
const file = process.env.TUNEKIT_METRICS_FILE;
fs.appendFileSync(file, JSON.stringify({ metric: 'loss', value: 0.9, step: 1 }) + '\\n');
${waitForFile(JSON.stringify(go))}
fs.appendFileSync(file, '{"metric": "loss", "value": NaN, "step": 2}\\nnot json\\n');
fs.appendFileSync(file, JSON.stringify({ metric: 'loss', value: 0.4 }) + '\\n');
`);
    const { trial, metrics } = start(spec([name]), {}, { metricsPollMs: 20 });
    await waitFor(() => metrics.length === 1, 'the first JSON line');
    expect(metrics[0]).toMatchObject({ metric: 'loss', value: 0.9, step: 1, line: 1 });
    writeFileSync(go, '');
    expect(await trial.done).toMatchObject({ status: 'Completed', objective: 0.4 });
    // Python's bare NaN is an invalid value, never a number.
    expect(metrics[1]).toMatchObject({ metric: 'loss', step: 2, invalid: '"NaN" is not a finite number' });
    expect(metrics[1]!.value).toBeNaN();
    expect(metrics).toHaveLength(3);
  });
});

describe('outcomes', () => {
  it('fails a trial that exits non-zero, with its exit code and its last lines', async () => {
    const name = script(`
for (let i = 1; i <= 8; i++) console.log('line ' + i);
console.error('Traceback: something broke');
process.exit(3);
`);
    const { trial } = start(spec([name]));
    const outcome = await trial.done;
    expect(outcome.status).toBe('Failed');
    expect(outcome.status === 'Failed' && outcome.reason).toBe(
      'exited with code 3; last lines of its output:\n  line 5\n  line 6\n  line 7\n  line 8\n  Traceback: something broke',
    );
  });

  it('fails a trial that prints no objective, naming the regex and the closest lines', async () => {
    const name = script(`
console.log('starting');
console.log('validation loss: 0.3');
console.log('done');
`);
    const outcome = await start(spec([name])).trial.done;
    expect(outcome.status).toBe('Failed');
    const reason = outcome.status === 'Failed' ? outcome.reason : '';
    expect(reason).toMatch(/^no value of loss matched loss=\(\\S\+\)/);
    expect(reason).toContain('validation loss: 0.3');
  });

  it('fails a trial whose objective is nan, never recording it as a number', async () => {
    const name = script(`console.log('loss=nan');`);
    const { trial, metrics } = start(spec([name]));
    const outcome = await trial.done;
    expect(outcome.status).toBe('Failed');
    expect(outcome.status === 'Failed' && outcome.reason).toMatch(/^loss never had a valid value: on line 1/);
    expect(metrics[0]!.invalid).toBeDefined();
    expect(metrics[0]!.value).toBeNaN();
  });

  it('fails a trial whose command cannot start, saying what to check', async () => {
    const jobSpec = spec([]);
    const outcome = await start({
      ...jobSpec,
      executor: { ...(jobSpec.executor as LocalExecutorSpec), command: ['tunekit-no-such-program'] },
    }).trial.done;
    expect(outcome).toEqual({
      status: 'Failed',
      reason: expect.stringMatching(/^could not start tunekit-no-such-program: .*ENOENT.*on the PATH/),
    });
  });

  it('fails a trial whose working folder does not exist', async () => {
    const outcome = await start(spec(['x.mjs'], { cwd: 'nowhere' })).trial.done;
    expect(outcome).toEqual({
      status: 'Failed',
      reason: `executor.local.cwd: the folder ${join(base, 'nowhere')} does not exist`,
    });
  });
});

/** A script that starts a grandchild (recording its pid), prints a loss, then hangs; optionally ignores SIGTERM. */
function familyScript(pidFile: string, ignoreTerm: boolean): string {
  // The grandchild says when its SIGTERM handler is in place, and only then are the pids published: a
  // signal that came while Node was still starting would kill it before it could ignore anything (under
  // load that took over 100 ms, and a watchdog test saw the family die at once).
  const ready = `${pidFile}.ready`;
  return script(`
${ignoreTerm ? "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));" : ''}
const child = cp.spawn(process.execPath, ['-e', ${JSON.stringify(
    `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} require('node:fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000)`,
  )}], { stdio: 'ignore' });
while (!fs.existsSync(${JSON.stringify(ready)})) await new Promise((resolve) => setTimeout(resolve, 10));
fs.writeFileSync(${JSON.stringify(`${pidFile}.tmp`)}, JSON.stringify({ self: process.pid, child: child.pid }));
fs.renameSync(${JSON.stringify(`${pidFile}.tmp`)}, ${JSON.stringify(pidFile)});
console.log('loss=2.5');
setInterval(() => {}, 1000);
`);
}

describe('stopping a trial and its whole process tree', () => {
  it('stops a trial past its timeout with SIGTERM, and its grandchild with it', async () => {
    const pidFile = join(base, 'pids-timeout.json');
    // The clock starts with the trial, and starting two Node processes took over a second on a loaded CI
    // machine (the timeout then struck before the grandchild existed), so the limit leaves room for that.
    const { trial, trialDir } = start(spec([familyScript(pidFile, false)], { timeoutSeconds: 5 }));
    await waitFor(() => existsSync(pidFile), 'the script to start its child');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { self: number; child: number };
    expect(isRunning(pids.child)).toBe(true);
    expect(await trial.done).toEqual({ status: 'Stopped', reason: 'timeout', objective: 2.5 });
    expect(isRunning(pids.self)).toBe(false);
    expect(isRunning(pids.child)).toBe(false);
    expect(readFileSync(join(trialDir, 'output.log'), 'utf8')).toContain('timeoutSeconds (5 s)');
  });

  it('kills with SIGKILL after the grace period a tree that ignores SIGTERM', async () => {
    const pidFile = join(base, 'pids-stubborn.json');
    const { trial } = start(spec([familyScript(pidFile, true)], { killGraceSeconds: 0.5 }));
    await waitFor(() => existsSync(pidFile), 'the script to start its child');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { self: number; child: number };
    const stoppedAt = Date.now();
    await trial.stop('early-stopping');
    const took = Date.now() - stoppedAt;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(5000);
    expect(await trial.done).toEqual({ status: 'Stopped', reason: 'early-stopping', objective: 2.5 });
    expect(isRunning(pids.self)).toBe(false);
    expect(isRunning(pids.child)).toBe(false);
  });

  it('clears out processes a script leaves behind when it exits by itself', async () => {
    const pidFile = join(base, 'pids-leftover.json');
    const name = script(`
const child = cp.spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
child.unref();
fs.writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
console.log('loss=1');
`);
    expect(await start(spec([name])).trial.done).toMatchObject({ status: 'Completed', objective: 1 });
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('gives a handle from which a later tuner kills the trial group (after a crash)', async () => {
    const pidFile = join(base, 'pids-stale.json');
    const { trial, handle } = start(spec([familyScript(pidFile, true)]));
    await waitFor(() => existsSync(pidFile), 'the script to start its child');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { self: number; child: number };
    const journaled = JSON.parse(JSON.stringify(handle())) as Record<string, unknown>;
    expect(journaled).toMatchObject({ pid: pids.self, pgid: pids.self });
    expect(killStaleTrial(journaled)).toBe(true);
    const outcome = await trial.done;
    expect(outcome.status === 'Failed' && outcome.reason).toMatch(/^was killed by signal SIGKILL/);
    expect(isRunning(pids.child)).toBe(false);
    // Once the group is gone, the handle names nothing to kill.
    expect(killStaleTrial(journaled)).toBe(false);
  });

  it('does not let a stop() after the end change the outcome', async () => {
    const { trial } = start(spec([script(`console.log('loss=4');`)]));
    const outcome = await trial.done;
    await trial.stop('completion');
    expect(await trial.done).toEqual(outcome);
    expect(outcome.status).toBe('Completed');
  });
});

describe('a tuner that exits while trials run', () => {
  it('takes its trials and their children with it', async () => {
    const pidFile = join(base, 'pids-tuner-exit.json');
    const trialScript = familyScript(pidFile, true);
    const tuner = join(base, 'tuner.ts');
    writeFileSync(
      tuner,
      `import { createLocalExecutor } from ${JSON.stringify(join(import.meta.dirname, 'local.ts'))};
import { existsSync, mkdirSync } from 'node:fs';
const spec = JSON.parse(process.argv[2]);
mkdirSync(process.argv[3], { recursive: true });
createLocalExecutor().start({ spec, trialId: 1, params: {}, trialDir: process.argv[3], baseDir: process.argv[4], onMetric: () => {} });
const timer = setInterval(() => { if (existsSync(${JSON.stringify(pidFile)})) { clearInterval(timer); process.exit(0); } }, 10);
`,
    );
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(
      process.execPath,
      [
        '--conditions=@tunekit/source',
        '--import',
        'tsx',
        tuner,
        JSON.stringify(spec([trialScript])),
        join(base, 'trials', 'tuner-exit'),
        base,
      ],
      { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 20_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { self: number; child: number };
    await waitFor(() => !isRunning(pids.self) && !isRunning(pids.child), 'the trial processes to die', 3000);
  });
});

describe('a tuner killed with SIGKILL while trials run', () => {
  it('leaves no orphans: its watchdog stops the trials and their children, SIGKILL after the grace', async () => {
    const pidFile = join(base, 'pids-tuner-killed.json');
    const trialScript = familyScript(pidFile, true); // ignores SIGTERM: only the SIGKILL after the grace ends it
    const tuner = join(base, 'tuner-killed.ts');
    writeFileSync(
      tuner,
      `import { createLocalExecutor } from ${JSON.stringify(join(import.meta.dirname, 'local.ts'))};
import { mkdirSync } from 'node:fs';
const spec = JSON.parse(process.argv[2]);
mkdirSync(process.argv[3], { recursive: true });
createLocalExecutor().start({ spec, trialId: 1, params: {}, trialDir: process.argv[3], baseDir: process.argv[4], onMetric: () => {} });
setInterval(() => {}, 1000);
`,
    );
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@tunekit/source',
        '--import',
        'tsx',
        tuner,
        JSON.stringify(spec([trialScript])), // killGraceSeconds: 1
        join(base, 'trials', 'tuner-killed'),
        base,
      ],
      { cwd: join(import.meta.dirname, '..', '..'), stdio: 'ignore' },
    );
    try {
      await waitFor(() => existsSync(pidFile), 'the trial to start its child', 20_000);
      const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { self: number; child: number };
      child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitFor(
        () => !isRunning(pids.self) && !isRunning(pids.child),
        'the trial processes to die',
        5000,
      );
      // They ignored SIGTERM, so they lived through the 1 s grace.
      expect(Date.now() - killedAt).toBeGreaterThan(800);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
