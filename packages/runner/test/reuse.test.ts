/**
 * `executor.local.reuse: true` end to end with `tunekit tune`: long-lived processes that ask for trial after trial
 * through the served-job protocol (test/fixtures/reuseWorker.mjs), replaced when they crash, stopped when a trial
 * runs over its timeout, and a script that never asks failing trials with a reason that says what to change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JournalLine, runCliProcess, useWorkspaces } from './helpers/cli.ts';

const workspace = useWorkspaces();
const WORKER = join(import.meta.dirname, 'fixtures', 'reuseWorker.mjs');
const TS_WORKER = join(import.meta.dirname, 'fixtures', 'tsWorker.ts');

function reuseFile(
  ws: ReturnType<typeof workspace>,
  overrides: Record<string, unknown> = {},
  local = {},
): string {
  return ws.writeTuningFile({
    parameters: { x: { type: 'continuous', min: 0, max: 1 } },
    static: { steps: '3' },
    executor: {
      local: {
        command: ['node', WORKER],
        env: { RUN_LOG: ws.runLog },
        reuse: true,
        killGraceSeconds: 1,
        ...local,
      },
    },
    ...overrides,
  });
}

type Witness = { pid: number; start?: boolean; trial?: number };
const witnesses = (ws: ReturnType<typeof workspace>): Witness[] =>
  readFileSync(ws.runLog, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Witness);
const outcomes = (events: JournalLine[]) =>
  events
    .filter((event) => event.type === 'trialFinished')
    .map((event) => event.outcome as { status: string; reason?: string; objective?: number });

describe('executor.local.reuse', () => {
  it('runs every trial in maxParallel long-lived processes', async () => {
    const ws = workspace();
    const run = await runCliProcess(
      ['tune', reuseFile(ws, { limits: { maxTrials: 8, maxParallel: 2 } }), '--json'],
      ws.dir,
    );
    expect(run.code, run.stderr).toBe(0);
    const seen = witnesses(ws);
    expect(seen.filter((record) => record.start)).toHaveLength(2);
    expect(seen.filter((record) => record.trial !== undefined)).toHaveLength(8);
    const results = outcomes(ws.journal());
    expect(results.map((outcome) => outcome.status)).toEqual(Array(8).fill('Completed'));
    // The values came through the protocol: each objective is the told (x - 0.3)^2.
    const events = ws.journal();
    for (const event of events.filter((e) => e.type === 'trialFinished')) {
      const asked = events.find((e) => e.type === 'trialAsked' && e.trialId === event.trialId)!;
      const x = (asked.params as { x: number }).x;
      expect((event.outcome as { objective: number }).objective).toBeCloseTo((x - 0.3) ** 2, 12);
    }
    // A trial's log holds what its process printed while it held the trial.
    const first = events.find((e) => e.type === 'trialFinished')!.trialId!;
    const log = readFileSync(
      join(ws.dir, '.tunekit', 'jobs', 'e2e', 'trials', String(first), 'output.log'),
      'utf8',
    );
    expect(log).toContain(`training trial ${first}`);
    // The processes are gone once the job is.
    for (const record of seen.filter((r) => r.start)) expect(() => process.kill(record.pid, 0)).toThrow();
  });

  it('replaces a crashed process and runs its trial again in a fresh one', async () => {
    const ws = workspace();
    const file = reuseFile(ws, {
      limits: { maxTrials: 6, maxParallel: 1 },
      static: { steps: '2', mode: 'crashOnce' },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code, run.stderr).toBe(0);
    const events = ws.journal();
    const crashed = events
      .filter((e) => e.type === 'trialAsked' && (e.params as { x: number }).x > 0.5)
      .map((e) => e.trialId);
    expect(crashed.length).toBeGreaterThan(0);
    expect(outcomes(events).map((o) => o.status)).toEqual(Array(6).fill('Completed'));
    const starts = witnesses(ws).filter((record) => record.start).length;
    expect(starts).toBe(1 + crashed.length);
    const log = readFileSync(
      join(ws.dir, '.tunekit', 'jobs', 'e2e', 'trials', String(crashed[0]), 'output.log'),
      'utf8',
    );
    expect(log).toContain('exited with code 3 while running trial');
    expect(log).toContain('the trial runs again in another worker');
  });

  it('stops a trial over its timeout, as a process-per-trial job does, and goes on in a new process', async () => {
    const ws = workspace();
    const file = reuseFile(
      ws,
      { limits: { maxTrials: 4, maxParallel: 1 }, static: { steps: '2', mode: 'hang' }, seed: 5 },
      { timeoutSeconds: 1 },
    );
    const run = await runCliProcess(['tune', file], ws.dir);
    const events = ws.journal();
    const hung = events.filter((e) => e.type === 'trialAsked' && (e.params as { x: number }).x > 0.5).length;
    expect(hung).toBeGreaterThan(0);
    const results = outcomes(events);
    expect(
      results.filter((o) => o.status === 'Stopped' && o.reason === 'timeout'),
      JSON.stringify(results),
    ).toHaveLength(hung);
    expect(results.filter((o) => o.status === 'Completed')).toHaveLength(4 - hung);
    expect(run.code, run.stderr).toBe(0);
  });

  it('stops a trial the median rule judges, through the report answer', async () => {
    const ws = workspace();
    const file = reuseFile(ws, {
      limits: { maxTrials: 8, maxParallel: 1 },
      static: { steps: '4', mode: 'badLoss' },
      earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 2, minFraction: 0 },
      seed: 11,
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code, run.stderr).toBe(0);
    const stopped = outcomes(ws.journal()).filter((o) => o.status === 'Stopped');
    expect(stopped.length).toBeGreaterThan(0);
    for (const outcome of stopped) expect(outcome.reason).toContain('median rule');
  });

  it('runs a TypeScript worker that connects with the client in worker mode', async () => {
    const ws = workspace();
    const file = ws.writeTuningFile({
      static: {},
      limits: { maxTrials: 4, maxParallel: 2 },
      executor: {
        local: {
          command: ['node', '--conditions=@tunekit/source', '--import', 'tsx', TS_WORKER],
          // Where tsx and @tunekit/client resolve from.
          cwd: join(import.meta.dirname, '..'),
          env: { STEPS: '3', STEP_MS: '0' },
          reuse: true,
        },
      },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code, run.stderr).toBe(0);
    const results = outcomes(ws.journal());
    expect(results.map((o) => o.status)).toEqual(Array(4).fill('Completed'));
    // Each process said it was done when the job ended (the client's loop ended cleanly), in its slot's log.
    const slots = join(ws.dir, '.tunekit', 'jobs', 'e2e', 'workers');
    const done = ['slot-1', 'slot-2'].map((slot) => readFileSync(join(slots, `${slot}.log`), 'utf8'));
    for (const log of done) expect(log).toMatch(/"event":"done","worker":"slot-\d"/);
  });

  it('fails trials with what to change when the script never asks for one', async () => {
    const ws = workspace();
    const file = ws.writeTuningFile({
      limits: { maxTrials: 10, maxParallel: 1, maxConsecutiveFailures: 2 },
      static: {},
      executor: { local: { command: ['node', '-e', 'console.log("hello, I train nothing")'], reuse: true } },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(1);
    const results = outcomes(ws.journal());
    expect(results).toHaveLength(2);
    expect(results[0]!.reason).toContain('exited with code 0 before asking for a trial');
    expect(results[0]!.reason).toContain('tunekit client in worker mode');
    expect(results[0]!.reason).toContain('hello, I train nothing');
  });
});
