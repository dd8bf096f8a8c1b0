/**
 * A job survives its tuner: kill -9 mid-job and resume, Ctrl-C and resume, a second tuner refused, a changed
 * tuning file refused (or accepted when the change is harmless). Real CLI processes, real training processes.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAlive,
  type JournalLine,
  runCliProcess,
  startCli,
  TRAIN_SCRIPT,
  useWorkspaces,
  waitFor,
} from './helpers/cli.ts';

const workspace = useWorkspaces();

/** Ids of the finished trials, in ascending order (parallel trials finish in any order). */
const finishedIds = (events: JournalLine[]): number[] =>
  events
    .filter((event) => event.type === 'trialFinished')
    .map((event) => event.trialId!)
    .sort((a, b) => a - b);
const startedIds = (events: JournalLine[]): number[] =>
  events.filter((event) => event.type === 'trialStarted').map((event) => event.trialId!);
const askedParams = (events: JournalLine[]): Map<number, unknown> =>
  new Map(
    events.filter((event) => event.type === 'trialAsked').map((event) => [event.trialId!, event.params]),
  );

describe('resume after kill -9 of the tuner', () => {
  it('loses no finished trial, runs none twice, and reruns the in-flight ones with the same hyperparameters', async () => {
    const ws = workspace('killed');
    const file = ws.writeTuningFile({
      static: { steps: '4', sleep_ms: '700' },
      limits: { maxTrials: 8, maxParallel: 2 },
    });
    const tuner = startCli(['tune', file], ws.dir);
    // Kill when some trials are finished and two are running.
    await waitFor(
      () => {
        const events = ws.journal();
        const finished = finishedIds(events).length;
        const running = startedIds(events).filter((id) => !finishedIds(events).includes(id));
        return finished >= 2 && running.length === 2;
      },
      30_000,
      'two finished trials and two running',
    );
    tuner.child.kill('SIGKILL');
    await tuner.done;

    const before = ws.journal();
    const finishedBefore = finishedIds(before);
    const inFlight = startedIds(before).filter((id) => !finishedBefore.includes(id));
    expect(inFlight).toHaveLength(2);
    const inFlightPids = before
      .filter((event) => event.type === 'trialStarted' && inFlight.includes(event.trialId!))
      .map((event) => (event.handle as { pid?: number } | undefined)?.pid)
      .filter((pid): pid is number => pid !== undefined);
    const paramsBefore = askedParams(before);
    // With no tuner left, the trials that were in flight read as interrupted (they run again on resume).
    const listed = JSON.parse(
      (await runCliProcess(['trials', 'killed', '--format', 'json'], ws.dir)).stdout,
    ) as {
      trial: number;
      status: string;
    }[];
    expect(listed.filter((row) => row.status === 'Interrupted').map((row) => row.trial)).toEqual(inFlight);

    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`running again the trials that were in flight: ${inFlight.join(', ')}`),
    );
    // The orphaned training processes of the killed tuner were killed, not left running.
    for (const pid of inFlightPids) expect(isAlive(pid)).toBe(false);

    const after = ws.journal();
    const resumedAt = after.findIndex((event) => event.type === 'jobResumed');
    expect(resumedAt).toBeGreaterThan(0);
    const afterResume = after.slice(resumedAt);
    // Trial by trial: every trial finished once; the ones finished before the kill never started again; the
    // in-flight ones started again with the hyperparameters journaled when they were asked.
    expect(finishedIds(after)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const id of finishedBefore) expect(startedIds(afterResume)).not.toContain(id);
    for (const id of inFlight) {
      expect(startedIds(afterResume).filter((started) => started === id)).toHaveLength(1);
      expect(afterResume.some((event) => event.type === 'trialAsked' && event.trialId === id)).toBe(false);
    }
    const paramsAfter = askedParams(after);
    for (const [id, params] of paramsBefore) expect(paramsAfter.get(id)).toEqual(params);
    for (const event of before.filter((line) => line.type === 'trialFinished')) {
      expect(after.filter((line) => line.type === 'trialFinished' && line.trialId === event.trialId)).toEqual(
        [event],
      );
    }
    // The witness agrees: the training script ran each finished-before configuration once, the in-flight ones
    // once more after the resume (twice, or once when the killed tuner's watchdog stopped the first run before
    // the script got to write its witness line).
    const runs = ws.runs();
    for (const [id, params] of paramsAfter) {
      const { x, y } = params as { x: number; y: number };
      const count = runs.filter((run) => Number(run.x) === x && Number(run.y) === y).length;
      if (inFlight.includes(id)) expect([1, 2], `trial ${id}`).toContain(count);
      else expect(count, `trial ${id}`).toBe(1);
    }
    expect(after.at(-1)?.type).toBe('jobFinished');
  });
});

describe('one tuner a job', () => {
  it('refuses a second tuner on a running job, naming the holder', async () => {
    const ws = workspace('locked');
    // Trials long enough that the second tuner starts (a few seconds on a loaded machine) while they run.
    const file = ws.writeTuningFile({
      static: { steps: '2', sleep_ms: '8000' },
      limits: { maxTrials: 2, maxParallel: 2 },
    });
    const first = startCli(['tune', file], ws.dir);
    await waitFor(() => startedIds(ws.journal()).length > 0, 20_000, 'the first tuner to start a trial');
    const second = await runCliProcess(['tune', file], ws.dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(String(first.child.pid));
    const done = await first.done;
    expect(done.code).toBe(0);
    expect(finishedIds(ws.journal())).toHaveLength(2);
  });
});

describe('resume with a changed tuning file', () => {
  it('refuses a change that breaks the search, saying what changed, and accepts a larger budget', async () => {
    const ws = workspace('changed');
    const file = ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 2 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);

    ws.writeTuningFile({
      limits: { maxTrials: 2, maxParallel: 2 },
      strategy: 'Sobol',
      parameters: { x: { type: 'continuous', min: 0, max: 2 }, y: { type: 'continuous', min: 0, max: 1 } },
    });
    const refused = await runCliProcess(['tune', file], ws.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the tuning file changed since job changed started');
    expect(refused.stderr).toContain('  strategy: "Random" -> "Sobol"');
    expect(refused.stderr).toContain('  parameters.x.max: 1 -> 2');
    expect(finishedIds(ws.journal())).toEqual([1, 2]);

    ws.writeTuningFile({ limits: { maxTrials: 4, maxParallel: 1 } });
    const grown = await runCliProcess(['tune', file], ws.dir);
    expect(grown.code).toBe(0);
    expect(grown.stdout).toContain('tuning file changed (harmless): limits.maxTrials: 2 -> 4');
    const events = ws.journal();
    expect(finishedIds(events)).toEqual([1, 2, 3, 4]);
    expect(ws.runs()).toHaveLength(4);
  });
});

describe('Ctrl-C', () => {
  it('stops the running trials cleanly, exits 130, and the resumed job reruns them', async () => {
    const ws = workspace('interrupted');
    const file = ws.writeTuningFile({
      static: { steps: '4', sleep_ms: '1500' },
      limits: { maxTrials: 3, maxParallel: 2 },
    });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(() => startedIds(ws.journal()).length === 2, 20_000, 'two running trials');
    tuner.child.kill('SIGINT');
    const stopped = await tuner.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/stopping 2 running trials/);
    const events = ws.journal();
    expect(events.filter((event) => event.type === 'trialInterrupted').map((event) => event.trialId)).toEqual(
      expect.arrayContaining([1, 2]),
    );
    expect(finishedIds(events)).toEqual([]);
    expect(events.some((event) => event.type === 'jobFinished')).toBe(false);

    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.code).toBe(0);
    expect(finishedIds(ws.journal())).toEqual([1, 2, 3]);
  });

  it('kills the running trials at once on a second Ctrl-C, without waiting for the grace period', async () => {
    const ws = workspace('killed-twice');
    const file = ws.writeTuningFile({
      static: { steps: '4', sleep_ms: '20000', ignore_term: 'yes' },
      limits: { maxTrials: 2, maxParallel: 2 },
      executor: {
        local: {
          command: ['node', TRAIN_SCRIPT],
          timeoutSeconds: 60,
          killGraceSeconds: 30,
          env: { RUN_LOG: ws.runLog },
        },
      },
    });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(() => ws.runs().length === 2, 20_000, 'two running trials');
    tuner.child.kill('SIGINT');
    await waitFor(() => tuner.output().stdout.includes('stopping 2 running trials'), 5_000, 'the first stop');
    // The scripts ignore SIGTERM: after one Ctrl-C the tuner waits out the 30 s grace period.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tuner.child.exitCode).toBeNull();
    const secondAt = Date.now();
    tuner.child.kill('SIGINT');
    const stopped = await tuner.done;
    expect(Date.now() - secondAt).toBeLessThan(5_000);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    for (const run of ws.runs()) expect(isAlive(run.pid), `training process ${run.pid}`).toBe(false);
    expect(finishedIds(ws.journal())).toEqual([]);
  });

  it('stops like one Ctrl-C when the reader of its output goes away (tunekit tune | head)', async () => {
    const ws = workspace('closed-pipe');
    const file = ws.writeTuningFile({
      static: { steps: '4', sleep_ms: '1500' },
      limits: { maxTrials: 3, maxParallel: 2 },
    });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(() => startedIds(ws.journal()).length === 2, 20_000, 'two running trials');
    tuner.child.stdout?.destroy(); // like `head` exiting: the tuner's next progress line fails with EPIPE
    const stopped = await tuner.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toBe('');
    const events = ws.journal();
    // Noticed at the next line of progress (a trial ending): the trials running then are interrupted.
    const interrupted = events
      .filter((event) => event.type === 'trialInterrupted')
      .map((event) => event.trialId);
    expect(interrupted.length).toBeGreaterThan(0);
    expect(finishedIds(events)).not.toEqual([1, 2, 3]);
    expect(events.some((event) => event.type === 'jobFinished')).toBe(false);
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    expect(finishedIds(ws.journal())).toEqual([1, 2, 3]);
  });
});

describe('a torn last journal line (power cut while writing)', () => {
  it('is dropped with a warning by status and by the resuming tuner, never a crash', async () => {
    const ws = workspace('torn');
    const file = ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 2 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const journalPath = join(ws.dir, '.tunekit', 'jobs', 'torn', 'journal.jsonl');
    appendFileSync(journalPath, '{"type":"trialAsked","t":17955,"trialId":3,"configIn');

    const status = await runCliProcess(['status', 'torn', '--json'], ws.dir);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ counts: { total: 2, completed: 2 } });

    ws.writeTuningFile({ limits: { maxTrials: 3, maxParallel: 2 } });
    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.code).toBe(0);
    expect(`${resumed.stdout}${resumed.stderr}`).toMatch(/warning: the journal's last line was incomplete/);
    expect(resumed.stderr).not.toMatch(/\n\s+at /);
    expect(finishedIds(ws.journal())).toEqual([1, 2, 3]);
    // The torn bytes are gone: every line of the journal is whole JSON again.
    for (const line of readFileSync(journalPath, 'utf8').trimEnd().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();
  });
});
