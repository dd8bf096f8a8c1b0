/**
 * The TypeScript client (@tunekit/client) against the real `tunekit serve`: workers in this process, each a
 * `connect()`ed study, drive a served job over HTTP on 127.0.0.1. What each test checks is read back from the
 * job's journal, the record every other command reads.
 */
import { randomBytes } from 'node:crypto';
import { type ClientError, connect, type Study, type Trial } from '@tunekit/client';
import { afterAll, describe, expect, it } from 'vitest';
import { type JournalLine, useWorkspaces, waitFor } from './helpers/cli.ts';
import { killServe, type Served, startServe } from './helpers/serve.ts';

const newWorkspace = useWorkspaces();
const running: Served[] = [];
afterAll(async () => {
  for (const served of running) if (served.child.exitCode === null) await killServe(served);
});

async function serve(...args: Parameters<typeof startServe>): Promise<Served> {
  const served = await startServe(...args);
  running.push(served);
  return served;
}

/** A remote executor with short leases, so that a lost worker costs seconds. */
const REMOTE = { remote: { leaseSeconds: 3, heartbeatSeconds: 1 } };

function loss(trial: Trial, step: number): number {
  const x = Number(trial.params.x);
  const y = Number(trial.params.y);
  return (x - 0.3) ** 2 + (y - 0.6) ** 2 + 1 / (step + 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function finished(
  journal: JournalLine[],
): Map<number, { status: string; objective?: number; reason?: string }> {
  const outcomes = new Map<number, { status: string; objective?: number; reason?: string }>();
  for (const event of journal) {
    if (event.type === 'trialFinished') outcomes.set(event.trialId!, event.outcome as { status: string });
  }
  return outcomes;
}

describe('the TypeScript client against tunekit serve', () => {
  it('runs a job to its end with a for-await loop; the told values are the trials objectives', async () => {
    const ws = newWorkspace('ts-loop');
    const file = ws.writeTuningFile({ executor: REMOTE, limits: { maxTrials: 4, maxParallel: 2 } });
    const served = await serve(file, ws.dir);

    const refused = await connect(served.url, 'not-the-token', { giveUpSeconds: 5 }).catch((error) => error);
    expect((refused as ClientError).code).toBe('unauthorized');
    expect((refused as ClientError).message).toContain(`token refused by ${served.url}`);

    const study = await connect(served.url, served.token, { worker: 'loop-1' });
    expect((await study.info()).name).toBe('ts-loop');
    const told = new Map<number, number>();
    for await (const trial of study) {
      let value = 0;
      for (let step = 0; step < 3; step++) {
        value = loss(trial, step);
        await trial.report(step, value);
      }
      await trial.complete(value);
      told.set(trial.id, value);
    }
    expect(told.size).toBe(4);
    expect((await served.done).code).toBe(0);

    const journal = ws.journal();
    const outcomes = finished(journal);
    expect([...outcomes.keys()].sort()).toEqual([...told.keys()].sort());
    for (const [id, value] of told)
      expect(outcomes.get(id)).toMatchObject({ status: 'Completed', objective: value });
    // Every reported value is in the journal, for the dashboard's curves and the median rule, then the told one.
    for (const [id, value] of told) {
      const values = journal
        .filter((event) => event.type === 'metric' && event.trialId === id)
        .map((event) => (event.observation as { value: number }).value);
      expect(values).toHaveLength(4);
      expect(values.slice(2)).toEqual([value, value]);
    }
    expect(journal.at(-1)?.type).toBe('jobFinished');
  });

  it('optimize: a function that throws fails its trial with the error, and the loop goes on', async () => {
    const ws = newWorkspace('ts-optimize');
    const file = ws.writeTuningFile({ executor: REMOTE, limits: { maxTrials: 5, maxParallel: 1 } });
    const served = await serve(file, ws.dir);
    const study = await connect(served.url, served.token, { worker: 'optimizer' });
    // A loop left by `break` with its trial untold: the trial is told Failed, saying so.
    let leftOpen = -1;
    for await (const trial of study) {
      leftOpen = trial.id;
      await trial.report(0, 1);
      break;
    }
    let calls = 0;
    let thrownOn = -1;
    const summary = await study.optimize(async (trial) => {
      calls++;
      if (calls === 2) {
        thrownOn = trial.id;
        throw new RangeError('diverged: the loss is NaN\n    at train (train.ts:1:1)');
      }
      await trial.report(0, loss(trial, 0));
      return loss(trial, 1);
    });
    expect(summary).toEqual({ completed: 3, failed: 1, stopped: 0, leaseLost: 0 });
    expect((await served.done).code).toBe(0);
    const outcomes = finished(ws.journal());
    expect(outcomes.size).toBe(5);
    expect(outcomes.get(thrownOn)).toEqual({
      status: 'Failed',
      reason: 'worker optimizer: RangeError: diverged: the loss is NaN',
    });
    expect(outcomes.get(leftOpen)).toEqual({
      status: 'Failed',
      reason: `worker optimizer: the worker's loop ended (break, return or an exception) before telling trial ${leftOpen}`,
    });
    expect([...outcomes.values()].filter((outcome) => outcome.status === 'Completed')).toHaveLength(3);
  });

  it('heartbeats keep a silent trial leased past leaseSeconds; without them the lease runs out and optimize goes on', async () => {
    const ws = newWorkspace('ts-lease');
    const file = ws.writeTuningFile({ executor: REMOTE, limits: { maxTrials: 3, maxParallel: 1 } });
    const served = await serve(file, ws.dir);
    const study = await connect(served.url, served.token, { worker: 'leaseholder' });
    const errors: unknown[] = [];
    let calls = 0;
    let lostId = -1;
    const summary = await study.optimize(async (trial) => {
      calls++;
      if (calls === 2) {
        // Once the worker has started the trial (a first report), silence its heartbeats (as a hung worker's
        // would be) past its 3 s lease.
        lostId = trial.id;
        await trial.report(0, 1);
        trial.close();
        await sleep(4500);
        try {
          await trial.report(1, 1);
        } catch (error) {
          errors.push(error);
          throw error;
        }
      }
      // Nothing reported for 4.5 s: only the heartbeats keep the lease.
      if (calls === 1) await sleep(4500);
      return loss(trial, 0);
    });
    expect(summary).toEqual({ completed: 2, failed: 0, stopped: 0, leaseLost: 1 });
    expect((errors[0] as ClientError).code).toBe('leaseLost');
    expect((await served.done).code).toBe(0);
    const outcomes = finished(ws.journal());
    expect(outcomes.get(lostId)?.status).toBe('Failed');
    expect(outcomes.get(lostId)?.reason).toMatch(/leaseholder sent nothing for \d+/);
    expect([...outcomes.values()].filter((outcome) => outcome.status === 'Completed')).toHaveLength(2);
  });

  it('report answers stop from the median rule; the trial is told Stopped', async () => {
    const ws = newWorkspace('ts-stop');
    const file = ws.writeTuningFile({
      executor: REMOTE,
      limits: { maxTrials: 3, maxParallel: 1 },
      earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 1, minFraction: 0 },
    });
    const served = await serve(file, ws.dir);
    const study = await connect(served.url, served.token);
    const stoppedAt = new Map<number, number>();
    let index = 0;
    for await (const trial of study) {
      // The first trial is good (1 at every step); the others are worse (10): the median rule stops them.
      const value = index++ === 0 ? 1 : 10;
      for (let step = 0; step < 8; step++) {
        if (await trial.report(step, value)) {
          stoppedAt.set(trial.id, step);
          break;
        }
        await sleep(20);
      }
      if (trial.shouldStop) await trial.stop();
      else await trial.complete(value);
    }
    expect((await served.done).code).toBe(0);
    expect(stoppedAt.size).toBe(2);
    for (const step of stoppedAt.values()) expect(step).toBeLessThan(7);
    const outcomes = finished(ws.journal());
    expect([...outcomes.values()].map((outcome) => outcome.status)).toEqual([
      'Completed',
      'Stopped',
      'Stopped',
    ]);
    expect(ws.journal().filter((event) => event.type === 'trialDecision')).toHaveLength(2);
  });

  it('Hyperband: the trial says how far to train, and report answers stop at a rung', async () => {
    const ws = newWorkspace('ts-hyperband');
    const file = ws.writeTuningFile({
      executor: REMOTE,
      strategy: 'Hyperband',
      hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler: 'Random' },
      limits: { maxTrials: 9, maxParallel: 1 },
    });
    const served = await serve(file, ws.dir);
    const study = await connect(served.url, served.token);
    const contexts: unknown[] = [];
    const stops: { id: number; steps: number; reason: string }[] = [];
    await study.optimize(async (trial) => {
      contexts.push(trial.context);
      const epochs = trial.context.hyperband?.maxResource ?? 100;
      for (let step = 0; step < epochs; step++) {
        if (await trial.report(step, loss(trial, 0))) {
          stops.push({ id: trial.id, steps: step + 1, reason: trial.stopReason! });
          return undefined; // after a stop: told Stopped
        }
      }
      return loss(trial, 0);
    });
    expect((await served.done).code).toBe(0);
    expect(contexts[0]).toEqual({
      earlyStopping: 'Off',
      hyperband: { minResource: 1, maxResource: 9, eta: 3 },
    });
    const outcomes = finished(ws.journal());
    expect(outcomes.size).toBe(9);
    expect(stops.length).toBeGreaterThan(0);
    for (const stop of stops) {
      expect(stop.reason).toMatch(/^Hyperband: stopped at rung \d+ \(resource (1|3)\)/);
      expect([1, 3]).toContain(stop.steps);
      expect(outcomes.get(stop.id)).toMatchObject({ status: 'Stopped' });
    }
    const decisions = ws.journal().filter((event) => event.type === 'trialDecision');
    expect(decisions.every((event) => event.rule === 'hyperband')).toBe(true);
    expect(decisions.filter((event) => event.decision === 'stop')).toHaveLength(stops.length);
  });

  it('carries on when the server is SIGKILLed and restarted on the same port with the same token', async () => {
    const ws = newWorkspace('ts-restart');
    const file = ws.writeTuningFile({ executor: REMOTE, limits: { maxTrials: 6, maxParallel: 1 } });
    const env = { TUNEKIT_TOKEN: `tk${randomBytes(16).toString('hex')}` };
    const first = await serve(file, ws.dir, { env });
    expect(first.token).toBe(env.TUNEKIT_TOKEN);
    const study = await connect(first.url, env.TUNEKIT_TOKEN, { worker: 'survivor', giveUpSeconds: 60 });
    let inTrial = false;
    const optimizing = study.optimize(async (trial) => {
      inTrial = true;
      for (let step = 0; step < 4; step++) {
        await trial.report(step, loss(trial, step));
        await sleep(100);
      }
      inTrial = false;
      return loss(trial, 4);
    });
    await waitFor(
      () => finished(ws.journal()).size >= 2 && inTrial,
      20_000,
      'two trials done and one in flight',
    );
    expect((await killServe(first)).signal).toBe('SIGKILL');
    await sleep(1000); // the worker finds nobody there and backs off
    const second = await serve(file, ws.dir, { env, port: first.port });
    const summary = await optimizing;
    expect((await second.done).code).toBe(0);
    const journal = ws.journal();
    expect(journal.at(-1)?.type).toBe('jobFinished');
    // Every trial asked ended, and all six configurations completed: nothing was lost with the server.
    const asked = journal.filter((event) => event.type === 'trialAsked').map((event) => event.trialId);
    const outcomes = finished(journal);
    for (const id of asked) expect(outcomes.has(id!)).toBe(true);
    const completed = journal.filter(
      (event) =>
        event.type === 'trialFinished' && (event.outcome as { status: string }).status === 'Completed',
    );
    const configs = new Set(
      completed.map(
        (event) => journal.find((e) => e.type === 'trialAsked' && e.trialId === event.trialId)?.configIndex,
      ),
    );
    expect(configs.size).toBe(6);
    expect(summary.completed).toBeGreaterThanOrEqual(5);
  });

  it('workers waiting in a long-polled ask when the job ends hear done before the server closes their connections', async () => {
    const ws = newWorkspace('ts-done');
    // Bayesian: its tuner takes a moment to end (its acquisition pool closes), so every worker is waiting by then.
    const file = ws.writeTuningFile({
      executor: REMOTE,
      strategy: 'Bayesian',
      limits: { maxTrials: 6, maxParallel: 3 },
    });
    const served = await serve(file, ws.dir);
    // giveUpSeconds 5: a worker whose ask the server dropped would retry against a closed port, then give up.
    const studies = await Promise.all(
      [1, 2, 3].map((n) => connect(served.url, served.token, { worker: `waiter-${n}`, giveUpSeconds: 5 })),
    );
    const ends = await Promise.allSettled(
      studies.map((study) =>
        study.optimize(async (trial) => {
          for (let step = 0; step < 3; step++) {
            await trial.report(step, loss(trial, step));
            await sleep(100);
          }
          return loss(trial, 3);
        }),
      ),
    );
    expect((await served.done).code).toBe(0);
    expect(ends.map((end) => (end.status === 'rejected' ? String(end.reason) : 'done'))).toEqual([
      'done',
      'done',
      'done',
    ]);
  });

  it('maxParallel 2 with 4 workers: never more than 2 trials out at once, and no trial given to two workers', async () => {
    const ws = newWorkspace('ts-parallel');
    const file = ws.writeTuningFile({ executor: REMOTE, limits: { maxTrials: 8, maxParallel: 2 } });
    const served = await serve(file, ws.dir);
    const studies: Study[] = await Promise.all(
      [1, 2, 3, 4].map((n) => connect(served.url, served.token, { worker: `parallel-${n}` })),
    );
    const given: { worker: string; trialId: number }[] = [];
    const summaries = await Promise.all(
      studies.map((study) =>
        study.optimize(async (trial) => {
          given.push({ worker: study.worker, trialId: trial.id });
          for (let step = 0; step < 3; step++) {
            await trial.report(step, loss(trial, step));
            await sleep(80);
          }
          return loss(trial, 3);
        }),
      ),
    );
    expect((await served.done).code).toBe(0);
    expect(summaries.reduce((sum, summary) => sum + summary.completed, 0)).toBe(8);
    expect(new Set(given.map((entry) => entry.trialId)).size).toBe(given.length);
    expect(given).toHaveLength(8);

    // From the journal, in the server's own order: trials started and not yet finished.
    let out = 0;
    let most = 0;
    for (const event of ws.journal()) {
      if (event.type === 'trialStarted') most = Math.max(most, ++out);
      if (event.type === 'trialFinished') out--;
    }
    expect(most).toBe(2);
  });
});
