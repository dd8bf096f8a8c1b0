/**
 * `tunekit serve` and its protocol, end to end: a real server process, workers speaking the protocol with fetch.
 * Auth, request checks, leases (one worker per trial, maxParallel, retried asks, a silent worker's lease running
 * out and the retry, an ask whose answer never reached a worker), early stopping through report, the server
 * killed with SIGKILL and restarted while a worker trains, and the job seen by the other commands.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newServeToken } from '../src/commands/serve.ts';
import { startDashboardServer } from '../src/dashboard/dashboardServer.ts';
import { type JournalLine, runCliProcess, useWorkspaces, waitFor } from './helpers/cli.ts';
import { call, type Served, startServe } from './helpers/serve.ts';

const workspace = useWorkspaces();
const servers: Served[] = [];
afterEach(() => {
  for (const served of servers.splice(0)) served.child.kill('SIGKILL');
});

/** A served job of `maxTrials` trials of a quadratic in x. */
function servedFile(
  ws: ReturnType<typeof workspace>,
  overrides: Record<string, unknown> = {},
  remote: Record<string, unknown> = { leaseSeconds: 2, heartbeatSeconds: 1 },
): string {
  return ws.writeTuningFile({
    metrics: [
      { name: 'loss', regex: 'loss=(\\S+)' },
      { name: 'acc', regex: 'acc=(\\S+)' },
    ],
    executor: { remote },
    static: { epochs: '3' },
    ...overrides,
  });
}

async function serve(ws: ReturnType<typeof workspace>, file: string, env: Record<string, string> = {}) {
  const served = await startServe(file, ws.dir, { env });
  servers.push(served);
  return served;
}

type Trial = { id: number; lease: string; params: Record<string, number | string>; attempt: number };
type AskAnswer = { status: string; trial?: Trial; reason?: string; retryAfterSeconds?: number };

async function ask(served: Served, worker: string, requestId: string, waitSeconds = 5): Promise<AskAnswer> {
  const answer = await call<AskAnswer>(served, '/v1/ask', { worker, requestId, waitSeconds });
  expect(answer.status).toBe(200);
  return answer.body;
}

const loss = (trial: Trial): number => ((trial.params.x as number) - 0.3) ** 2;

async function complete(served: Served, trial: Trial, value = loss(trial)): Promise<void> {
  const told = await call(served, `/v1/trials/${trial.id}/tell`, {
    lease: trial.lease,
    status: 'Completed',
    value,
  });
  expect(told).toEqual({ status: 200, body: { ok: true } });
}

const finished = (events: JournalLine[]) =>
  events.filter((event) => event.type === 'trialFinished') as (JournalLine & {
    outcome: { status: string; reason?: string; objective?: number };
  })[];

describe('tunekit serve', () => {
  it('makes tokens of letters and digits only, so a token pasted after a script name is never read as an option', () => {
    // A base64url token began with '-' one time in 64: `train_inprocess.py URL TOKEN` then failed in argparse
    // with "unrecognized arguments" (the served-python example's test failed that way in CI).
    const tokens = Array.from({ length: 2000 }, () => newServeToken());
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('needs the token on every path, and says how to send it', async () => {
    const ws = workspace();
    const served = await serve(ws, servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1 } }));
    const none = await fetch(`${served.url}/v1/job`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { message: string }).message).toContain('Authorization: Bearer');
    const wrong = await call({ url: served.url, token: `${served.token}x` }, '/v1/ask', {
      worker: 'w',
      requestId: 'r',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('unauthorized');
    const job = await call(served, '/v1/job');
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({
      protocol: 'v1',
      name: 'e2e',
      status: 'Running',
      objective: { metric: 'loss', type: 'Minimize' },
      leaseSeconds: 2,
      heartbeatSeconds: 1,
    });
    // The token never reaches the journal.
    expect(readFileSync(join(ws.dir, '.tunekit', 'jobs', 'e2e', 'journal.jsonl'), 'utf8')).not.toContain(
      served.token,
    );
    // It is kept for a restart, readable by its owner only.
    const kept = join(ws.dir, '.tunekit', 'jobs', 'e2e', 'serve.json');
    expect(JSON.parse(readFileSync(kept, 'utf8')).token).toBe(served.token);
    expect(statSync(kept).mode & 0o077).toBe(0);
  });

  it('refuses bad requests naming the field, hostile ones included', async () => {
    const ws = workspace();
    const served = await serve(ws, servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1 } }));
    const { trial } = await ask(served, 'w1', 'r1');
    const path = `/v1/trials/${trial!.id}/report`;
    const refusals: [unknown, string][] = [
      [{ lease: trial!.lease, step: -1, value: 1 }, 'body.step: must be a whole number >= 0 (got -1)'],
      [{ lease: trial!.lease, step: 0, value: 'nan' }, 'body.value: must be a finite number (got "nan")'],
      [{ lease: trial!.lease, step: 0, value: 1, extra: 1 }, 'body: unknown field "extra"'],
      [
        `{"lease":"${trial!.lease}","step":0,"metrics":{"__proto__":1}}`,
        'body.metrics.__proto__: is not a metric of this job; its metrics are loss, acc',
      ],
      [`{"lease":"${trial!.lease}","step":0,"value":1,"value":2}`, 'body.value: written twice: keep one'],
      [`{"lease":"${trial!.lease}","step":0,"value":1}\u0000`, 'body: holds a NUL byte'],
      ['[1]', 'body: must be a JSON object, not a list'],
      [{ lease: '../../etc', step: 0, value: 1 }, 'body.lease: must be the lease the ask gave'],
    ];
    for (const [body, message] of refusals) {
      const answer = await call(served, path, body);
      expect(answer.status, message).toBe(400);
      expect(answer.body.message).toContain(message);
    }
    const huge = await call(served, path, {
      lease: trial!.lease,
      step: 0,
      value: 1,
      pad: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
    expect((await call(served, '/v1/nothing', {})).status).toBe(404);
    expect(
      (await fetch(`${served.url}/v1/ask`, { headers: { authorization: `Bearer ${served.token}` } })).status,
    ).toBe(405);
    // None of it reached the job: the trial completes normally.
    await complete(served, trial!);
    expect((await served.done).code).toBe(0);
    expect(finished(ws.journal()).map((event) => event.outcome.status)).toEqual(['Completed']);
  });

  it('gives each trial to one worker, at most maxParallel at once, and the same trial to a retried ask', async () => {
    const ws = workspace();
    const served = await serve(ws, servedFile(ws, { limits: { maxTrials: 4, maxParallel: 2 } }));
    const [a, b, c] = await Promise.all([
      ask(served, 'a', 'a1'),
      ask(served, 'b', 'b1'),
      ask(served, 'c', 'c1', 1),
    ]);
    const given = [a, b, c].filter((answer) => answer.status === 'trial');
    expect(given).toHaveLength(2);
    expect(new Set(given.map((answer) => answer.trial!.id)).size).toBe(2);
    const waiting = [a, b, c].find((answer) => answer.status === 'wait')!;
    expect(waiting.reason).toContain('maxParallel');
    // The answer to a's ask was lost: a asks again with the same id and gets the same trial, not a third.
    const again = await ask(served, 'a', 'a1');
    expect(again.trial).toEqual(a.trial);
    // Another worker cannot use a's lease on b's trial.
    const stolen = await call(served, `/v1/trials/${b.trial!.id}/report`, {
      lease: a.trial!.lease,
      step: 0,
      value: 1,
    });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error).toBe('leaseLost');
    // A tell sent twice (the first answer lost) is answered the same, and counted once.
    await complete(served, a.trial!);
    await complete(served, a.trial!);
    await complete(served, b.trial!);
    for (let round = 0; round < 2; round += 1) {
      const next = await ask(served, 'c', `c${round + 2}`);
      await complete(served, next.trial!);
    }
    expect((await ask(served, 'c', 'c9')).status).toBe('done');
    expect((await served.done).code).toBe(0);
    const events = ws.journal();
    expect(finished(events)).toHaveLength(4);
    // Never more than two out: count leases (trialStarted) against ends in journal order.
    let out = 0;
    let most = 0;
    for (const event of events) {
      if (event.type === 'trialStarted') most = Math.max(most, ++out);
      if (event.type === 'trialFinished') out -= 1;
    }
    expect(most).toBe(2);
  });

  it('fails the trial of a worker that went silent when its lease runs out, and retries it', async () => {
    const ws = workspace();
    const served = await serve(
      ws,
      servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1, maxRetries: 1 } }),
    );
    const first = (await ask(served, 'doomed', 'd1')).trial!;
    expect(
      (await call(served, `/v1/trials/${first.id}/report`, { lease: first.lease, step: 0, value: 5 })).body,
    ).toEqual({
      action: 'continue',
    });
    // The worker dies here: no heartbeat. After 2 s the trial is Failed and its configuration asked again.
    const retry = (await ask(served, 'healthy', 'h1', 10)).trial!;
    expect(retry.id).not.toBe(first.id);
    expect(retry.attempt).toBe(1);
    expect(retry.params).toEqual(first.params);
    const late = await call(served, `/v1/trials/${first.id}/heartbeat`, { lease: first.lease });
    expect(late.status).toBe(409);
    await complete(served, retry);
    const run = await served.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('worker doomed sent nothing for 2 s');
    const outcomes = finished(ws.journal());
    expect(outcomes.map((event) => [event.trialId, event.outcome.status])).toEqual([
      [first.id, 'Failed'],
      [retry.id, 'Completed'],
    ]);
    expect(outcomes[0]!.outcome.reason).toContain('worker doomed sent nothing for 2 s: its lease ran out');
    // The trial's log says what happened to it.
    const log = readFileSync(
      join(ws.dir, '.tunekit', 'jobs', 'e2e', 'trials', String(first.id), 'output.log'),
      'utf8',
    );
    expect(log).toContain('leased to worker doomed');
    expect(log).toContain('step 0: loss=5');
  });

  it('gives a trial whose ask answer reached no worker to the next one, not failing it', async () => {
    const ws = workspace();
    const served = await serve(ws, servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1 } }));
    const lost = (await ask(served, 'gone', 'g1')).trial!;
    const taken = (await ask(served, 'next', 'n1', 10)).trial!;
    expect(taken.id).toBe(lost.id);
    expect(taken.lease).not.toBe(lost.lease);
    await complete(served, taken);
    expect((await served.done).code).toBe(0);
    expect(finished(ws.journal()).map((event) => event.outcome.status)).toEqual(['Completed']);
  });

  it("answers a report with the median rule's stop, and journals the trial Stopped with the rule's reason", async () => {
    const ws = workspace();
    const served = await serve(
      ws,
      servedFile(ws, {
        limits: { maxTrials: 3, maxParallel: 1 },
        earlyStopping: { type: 'Auto', minSteps: 1, minTrials: 2, minFraction: 0 },
      }),
    );
    // Two good trials set the medians: 1, 0.5, 0.25.
    for (let index = 0; index < 2; index += 1) {
      const trial = (await ask(served, 'w', `w${index}`)).trial!;
      for (const [step, value] of [1, 0.5, 0.25].entries()) {
        const answer = await call(served, `/v1/trials/${trial.id}/report`, {
          lease: trial.lease,
          step,
          value,
        });
        expect(answer.body).toEqual({ action: 'continue' });
      }
      await complete(served, trial, 0.25);
    }
    const bad = (await ask(served, 'w', 'w2')).trial!;
    expect(
      (await call(served, `/v1/trials/${bad.id}/report`, { lease: bad.lease, step: 0, value: 9 })).body,
    ).toEqual({
      action: 'continue',
    });
    const stop = await call<{ action: string; reason: string }>(served, `/v1/trials/${bad.id}/report`, {
      lease: bad.lease,
      step: 1,
      value: 8,
    });
    expect(stop.body.action).toBe('stop');
    expect(stop.body.reason).toContain('median rule');
    // The heartbeat says it too, until the worker tells.
    expect((await call(served, `/v1/trials/${bad.id}/heartbeat`, { lease: bad.lease })).body).toMatchObject({
      action: 'stop',
    });
    await call(served, `/v1/trials/${bad.id}/tell`, { lease: bad.lease, status: 'Stopped' });
    expect((await served.done).code).toBe(0);
    const last = finished(ws.journal()).at(-1)!;
    expect(last.outcome).toMatchObject({ status: 'Stopped', objective: 8 });
    expect(last.outcome.reason).toContain('median rule: stopped at step 1');
  });

  it("runs Hyperband's decisions through report answers, with the brackets in the trial's context", async () => {
    const ws = workspace();
    const served = await serve(
      ws,
      servedFile(ws, {
        strategy: 'Hyperband',
        hyperband: { minResource: 1, maxResource: 9, eta: 3, sampler: 'Random' },
        limits: { maxTrials: 9, maxParallel: 1 },
      }),
    );
    const stops: string[] = [];
    for (let index = 0; index < 9; index += 1) {
      const trial = (await ask(served, 'w', `w${index}`)).trial!;
      expect(trial.params).toMatchObject({ epochs: '3' });
      const context = (trial as unknown as { context: unknown }).context;
      expect(context).toEqual({
        earlyStopping: 'Off',
        hyperband: { minResource: 1, maxResource: 9, eta: 3 },
      });
      let stopped = false;
      for (let step = 0; step < 9 && !stopped; step += 1) {
        const answer = await call<{ action: string; reason?: string }>(
          served,
          `/v1/trials/${trial.id}/report`,
          {
            lease: trial.lease,
            step,
            value: loss(trial) + 1 / (step + 1),
          },
        );
        if (answer.body.action === 'stop') {
          stops.push(answer.body.reason!);
          stopped = true;
        }
      }
      const tell = stopped
        ? { lease: trial.lease, status: 'Stopped' }
        : { lease: trial.lease, status: 'Completed' };
      expect((await call(served, `/v1/trials/${trial.id}/tell`, tell)).status).toBe(200);
    }
    expect((await served.done).code).toBe(0);
    expect(stops.length).toBeGreaterThan(0);
    for (const reason of stops) expect(reason).toMatch(/^Hyperband: stopped at rung \d+ \(resource \d+\)/);
    const events = ws.journal();
    expect(
      events.filter((event) => event.type === 'trialDecision' && event.decision === 'stop'),
    ).toHaveLength(stops.length);
    const outcomes = finished(events).map((event) => event.outcome);
    expect(outcomes.filter((outcome) => outcome.status === 'Stopped')).toHaveLength(stops.length);
    // A Completed tell without a value takes the last reported one.
    const completed = outcomes.filter((outcome) => outcome.status === 'Completed');
    expect(completed.length).toBe(9 - stops.length);
  });

  it('resumes after SIGKILL while a worker trains: the worker keeps its lease, nothing runs twice', async () => {
    const ws = workspace();
    const file = servedFile(
      ws,
      { limits: { maxTrials: 2, maxParallel: 1 } },
      { leaseSeconds: 20, heartbeatSeconds: 1 },
    );
    const first = await serve(ws, file);
    const port = Number(new URL(first.url).port);
    const trial = (await ask(first, 'w', 'w1')).trial!;
    await call(first, `/v1/trials/${trial.id}/report`, { lease: trial.lease, step: 0, value: 3 });
    first.child.kill('SIGKILL');
    await first.done;
    // Restarted on the same port; the token comes back from the job's folder.
    const second = await startServe(file, ws.dir, { port });
    servers.push(second);
    expect(second.token).toBe(first.token);
    const beat = await call(second, `/v1/trials/${trial.id}/heartbeat`, { lease: trial.lease });
    expect(beat).toEqual({ status: 200, body: { action: 'continue' } });
    await call(second, `/v1/trials/${trial.id}/report`, { lease: trial.lease, step: 1, value: 2 });
    await complete(second, trial, 1.5);
    const next = (await ask(second, 'w', 'w2')).trial!;
    expect(next.id).not.toBe(trial.id);
    await complete(second, next);
    expect((await second.done).code).toBe(0);
    const events = ws.journal();
    expect(
      finished(events).map((event) => [event.trialId, event.outcome.status, event.outcome.objective]),
    ).toEqual([
      [trial.id, 'Completed', 1.5],
      [next.id, 'Completed', loss(next)],
    ]);
    expect(events.filter((event) => event.type === 'trialAsked')).toHaveLength(2);
    // The values from both servers are in the journal, in order.
    const values = events
      .filter((event) => event.type === 'metric' && event.trialId === trial.id)
      .map((event) => (event.observation as { value: number }).value);
    expect(values).toEqual([3, 2, 1.5]);
    // Other commands and the dashboard see the served job like any other.
    const trials = await runCliProcess(['trials', 'e2e', '--format', 'json'], ws.dir);
    expect(trials.code).toBe(0);
    expect((JSON.parse(trials.stdout) as unknown[]).length).toBe(2);
    const bestValue = Math.min(1.5, loss(next));
    const status = await runCliProcess(['status', 'e2e', '--json'], ws.dir);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'Completed' });
    const best = await runCliProcess(['best', 'e2e', '--full'], ws.dir);
    expect(best.code).toBe(0);
    expect(JSON.parse(best.stdout)).toMatchObject({ objective: bestValue });
    const report = await runCliProcess(['report', 'e2e', '--format', 'markdown'], ws.dir);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('e2e');
    const dashboard = await startDashboardServer({ rootDir: ws.dir, host: '127.0.0.1', port: 0 });
    try {
      const detail = (await (await fetch(`${dashboard.url}api/jobs/e2e`)).json()) as {
        summary: { status: string; counts: { completed: number }; best?: { objective: number } };
      };
      expect(detail.summary).toMatchObject({ status: 'Completed', counts: { completed: 2 } });
      expect(detail.summary.best?.objective).toBe(bestValue);
    } finally {
      await dashboard.close();
    }
  });

  it('on Ctrl-C tells the worker to stop, keeps waiting workers asking, and reruns the trial on resume', async () => {
    const ws = workspace();
    const file = servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1 } });
    const first = await serve(ws, file);
    const trial = (await ask(first, 'a', 'a1')).trial!;
    const waiting = ask(first, 'b', 'b1', 20);
    first.child.kill('SIGINT');
    let beat: { action: string; reason?: string } = { action: 'continue' };
    await waitFor(
      () => first.output().stderr.includes('interrupting') || first.output().stdout !== '',
      5000,
      'the interrupt',
    );
    for (let tries = 0; tries < 50 && beat.action !== 'stop'; tries += 1) {
      beat = (
        await call<{ action: string; reason?: string }>(first, `/v1/trials/${trial.id}/heartbeat`, {
          lease: trial.lease,
        })
      ).body;
      if (beat.action !== 'stop') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(beat).toEqual({ action: 'stop', reason: 'interrupted' });
    await call(first, `/v1/trials/${trial.id}/tell`, { lease: trial.lease, status: 'Stopped' });
    expect((await waiting).status).toBe('wait');
    expect((await first.done).code).toBe(130);
    expect(
      ws.journal().some((event) => event.type === 'trialInterrupted' && event.trialId === trial.id),
    ).toBe(true);
    const second = await serve(ws, file);
    const again = (await ask(second, 'b', 'b2')).trial!;
    expect([again.id, again.params]).toEqual([trial.id, trial.params]);
    await complete(second, again);
    expect((await second.done).code).toBe(0);
  });

  it('tells waiting workers done when the job ends, and tune refuses a served file', async () => {
    const ws = workspace();
    const file = servedFile(ws, { limits: { maxTrials: 1, maxParallel: 1 } });
    const tune = await runCliProcess(['tune', file], ws.dir);
    expect(tune.code).toBe(2);
    expect(tune.stderr).toContain('executor.remote: workers run this job');
    expect(tune.stderr).toContain('tunekit serve');
    const served = await serve(ws, file);
    const trial = (await ask(served, 'a', 'a1')).trial!;
    const waiting = ask(served, 'b', 'b1', 20);
    await complete(served, trial);
    expect(await waiting).toMatchObject({ status: 'done', reason: 'the job ended: maxTrials' });
    const run = await served.done;
    expect(run.code).toBe(0);
    const local = ws.writeTuningFile({}, 'local.json');
    const refused = await runCliProcess(['serve', local], ws.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('executor.local: tunekit serve leases trials to workers');
  });

  it('warns when it listens beyond this machine', async () => {
    const ws = workspace();
    const served = await startServe(servedFile(ws), ws.dir, { args: ['--host', '0.0.0.0'] });
    servers.push(served);
    await waitFor(() => served.output().stderr.includes('warning: serving on 0.0.0.0'), 5000, 'the warning');
  });
});
