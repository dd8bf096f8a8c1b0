/**
 * `tunekit dashboard`'s server against real journals (written by real jobs of the CLI) on 127.0.0.1: every route of
 * packages/dashboard/src/api.ts, the event stream's framing and offsets, the log tail, refused paths, a torn last
 * line, a replaced journal, a job followed live while `tunekit tune` runs it, and the command itself.
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEventMessage, ApiJobDetail, ApiJobSummary, ApiTrialDetail } from '@tunekit/dashboard/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboardServer } from '../src/dashboard/dashboardServer.ts';
import { runCliProcess, startCli, useWorkspaces, type Workspace, waitFor } from './helpers/cli.ts';
import { openSse, type SseClient, type SseFrame } from './helpers/sse.ts';

const workspace = useWorkspaces();
const SECRET = 's3cret-token-value';

const servers: DashboardServer[] = [];
const streams: SseClient[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  for (const server of servers.splice(0)) await server.close();
});

async function serve(dir: string, distDir = join(dir, 'no-dist')): Promise<DashboardServer> {
  const server = await startDashboardServer({
    rootDir: dir,
    port: 0,
    host: '127.0.0.1',
    distDir,
    pollMs: 50,
  });
  servers.push(server);
  return server;
}

async function sse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await openSse(url, headers);
  streams.push(client);
  return client;
}

/** A GET with the path sent exactly as written (fetch would resolve `..` and decode some escapes first). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const journalPath = (dir: string, name: string): string =>
  join(dir, '.tunekit', 'jobs', name, 'journal.jsonl');
const journalMessages = (frames: SseFrame[]): ApiEventMessage[] =>
  frames
    .filter((frame) => frame.event === 'journal')
    .map((frame) => JSON.parse(frame.data) as ApiEventMessage);

/** Byte offsets just after each line of a journal's text. */
function lineEnds(text: string): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const line of text.split('\n').slice(0, -1)) {
    offset += Buffer.byteLength(line) + 1;
    ends.push(offset);
  }
  return ends;
}

let done: Workspace;
let doneJournal: string;

beforeAll(async () => {
  done = workspace('done');
  const file = done.writeTuningFile({
    limits: { maxTrials: 4, maxParallel: 2 },
    executor: {
      local: {
        command: ['node', join(import.meta.dirname, 'fixtures', 'train.mjs')],
        timeoutSeconds: 60,
        env: { RUN_LOG: done.runLog, API_TOKEN: SECRET },
      },
    },
  });
  const run = await runCliProcess(['tune', file], done.dir);
  expect(run.code, run.stderr).toBe(0);
  doneJournal = readFileSync(journalPath(done.dir, 'done'), 'utf8');
});

/** A workspace holding the first `count` lines of the finished job's journal, as job `done`. */
function partialCopy(count: number): { dir: string; lines: string[]; append: (text: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-dash-'));
  const lines = doneJournal
    .split('\n')
    .slice(0, -1)
    .map((line) => `${line}\n`);
  mkdirSync(join(dir, '.tunekit', 'jobs', 'done'), { recursive: true });
  writeFileSync(journalPath(dir, 'done'), lines.slice(0, count).join(''));
  copies.push(dir);
  return { dir, lines, append: (text) => appendFileSync(journalPath(dir, 'done'), text) };
}
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the JSON API', () => {
  it('lists jobs and shows a job, a trial and its log with the fields the other commands print', async () => {
    const server = await serve(done.dir);
    const jobs = (await (await fetch(`${server.url}api/jobs`)).json()) as ApiJobSummary[];
    const cliJobs = JSON.parse((await runCliProcess(['jobs', '--json'], done.dir)).stdout) as ApiJobSummary[];
    expect(jobs).toEqual(cliJobs);
    expect(jobs[0]).toMatchObject({ name: 'done', status: 'Completed', counts: { total: 4, completed: 4 } });
    expect(jobs[0]!.lastEventAt).toBe(
      new Date(JSON.parse(doneJournal.trim().split('\n').at(-1)!).t).toISOString(),
    );

    const detailResponse = await fetch(`${server.url}api/jobs/done`);
    expect(detailResponse.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const detail = (await detailResponse.json()) as ApiJobDetail;
    const status = JSON.parse((await runCliProcess(['status', 'done', '--json'], done.dir)).stdout) as object;
    expect(detail.summary).toEqual(status);
    const rows = JSON.parse(
      (await runCliProcess(['trials', 'done', '--format', 'json'], done.dir)).stdout,
    ) as object[];
    expect(detail.trials.map(({ curve: _curve, ...row }) => row)).toEqual(rows);
    expect(detail.parameters.map((parameter) => parameter.name)).toEqual(['x', 'y']);
    expect(detail.metricNames).toEqual(['loss']);
    expect(detail.offset).toBe(Buffer.byteLength(doneJournal));

    // The objective's curve: the three values the script printed, by step, the last one the objective.
    const log = readFileSync(join(done.dir, '.tunekit', 'jobs', 'done', 'trials', '2', 'output.log'), 'utf8');
    const printed = [...log.matchAll(/loss=(\S+)/g)].map((match, step) => [step, Number(match[1])]);
    const trial2 = detail.trials.find((trial) => trial.trial === 2)!;
    expect(trial2.curve).toEqual(printed);
    expect(trial2.objective).toBe(printed.at(-1)![1]);

    const trial = (await (await fetch(`${server.url}api/jobs/done/trials/2`)).json()) as ApiTrialDetail;
    expect(trial).toEqual({ trial: trial2, metricCurves: { loss: printed }, live: false });

    const whole = await fetch(`${server.url}api/jobs/done/trials/2/log`);
    expect(await whole.text()).toBe(log);
    expect(whole.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(whole.headers.get('x-log-offset')).toBe(String(Buffer.byteLength(log)));
    expect(whole.headers.get('x-trial-status')).toBe('Completed');
    const tail = await fetch(`${server.url}api/jobs/done/trials/2/log?from=5`);
    expect(await tail.text()).toBe(Buffer.from(log).subarray(5).toString());
    const atEnd = await fetch(`${server.url}api/jobs/done/trials/2/log?from=${Buffer.byteLength(log)}`);
    expect(await atEnd.text()).toBe('');
    expect(atEnd.headers.get('x-log-offset')).toBe(String(Buffer.byteLength(log)));
    // Past the end: the log started over (a rerun), so it is sent from 0.
    const past = await fetch(`${server.url}api/jobs/done/trials/2/log?from=100000`);
    expect(await past.text()).toBe(log);
    expect(past.headers.get('x-log-start')).toBe('0');
    expect((await fetch(`${server.url}api/jobs/done/trials/2/log?from=-1`)).status).toBe(400);
  });

  it("carries the model's recommendation as journaled, and sends a new one on the stream", async () => {
    // The finished job with a significant recommendation of a Completed trial that is not the best observed,
    // journaled before the job's end as a tuner journals it.
    const { dir, lines, append } = partialCopy(Number.POSITIVE_INFINITY);
    const last = JSON.parse(lines.at(-1)!) as { type: string; t: number };
    expect(last.type).toBe('jobFinished');
    writeFileSync(journalPath(dir, 'done'), lines.slice(0, -1).join(''));
    const finished = lines
      .map((line) => JSON.parse(line) as { type: string; trialId?: number; outcome?: { objective?: number } })
      .filter((event) => event.type === 'trialFinished')
      .sort((a, b) => a.outcome!.objective! - b.outcome!.objective!);
    const observed = finished[0]!.trialId!;
    const chosen = finished[1]!.trialId!;
    const recommendation = {
      type: 'recommendation',
      t: last.t - 1,
      trialId: chosen,
      estimate: finished[1]!.outcome!.objective! + 0.5,
      noiseStd: 0.25,
      noiseRatio: 0.8,
      significant: true,
      basedOn: 4,
    };
    append(`${JSON.stringify(recommendation)}\n`);
    append(lines.at(-1)!);
    const server = await serve(dir);
    const detail = (await (await fetch(`${server.url}api/jobs/done`)).json()) as ApiJobDetail;
    const { type: _type, ...fields } = recommendation;
    expect(detail.recommendation).toEqual(fields);
    expect(detail.summary.best!.trial).toBe(chosen);
    expect(detail.summary.best!.trial).not.toBe(observed);
    expect(detail.trials.find((trial) => trial.trial === observed)!.status).toBe('Completed');

    // A later recommendation reaches a page following the job as a journal event with the journal's fields.
    const from = statSync(journalPath(dir, 'done')).size;
    const stream = await sse(`${server.url}api/jobs/done/events?from=${from}`);
    const next = { ...recommendation, t: last.t + 1, significant: false };
    append(`${JSON.stringify(next)}\n`);
    await stream.until((frames) => journalMessages(frames).length === 1);
    const [message] = journalMessages(stream.frames);
    expect(message!.type).toBe('recommendation');
    expect(message!.event).toEqual(next);
    const after = (await (await fetch(`${server.url}api/jobs/done`)).json()) as ApiJobDetail;
    expect(after.recommendation).toEqual({ ...fields, t: next.t, significant: false });
    expect(after.summary.best!.trial).toBe(observed);
  });

  it('is read-only and answers unknown routes with a JSON 404', async () => {
    const server = await serve(done.dir);
    const posted = await rawGet(server.port, '/api/jobs', {}, 'POST');
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET');
    expect(JSON.parse(posted.body)).toEqual({ error: expect.stringContaining('read-only') });
    expect((await rawGet(server.port, '/api/jobs/done', {}, 'DELETE')).status).toBe(405);
    for (const path of ['/api', '/api/nothing', '/api/jobs/done/what', '/api/jobs/done/trials/1/what']) {
      const answer = await rawGet(server.port, path);
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.body), path).toEqual({ error: expect.any(String) });
    }
  });

  it('refuses with 404 every name and id that could leave .tunekit/ or names nothing', async () => {
    const server = await serve(done.dir);
    const refused = [
      '/api/jobs/..',
      '/api/jobs/%2e%2e',
      '/api/jobs/%2E%2E/done',
      '/api/jobs/..%2Fdone',
      '/api/jobs/done%2F..%2F..',
      '/api/jobs/done%00',
      '/api/jobs/%00',
      '/api/jobs/do%5Cne',
      '/api/jobs/nosuchjob',
      '/api/jobs/done/trials/..',
      '/api/jobs/done/trials/..%2F1/log',
      '/api/jobs/done/trials/%2e%2e%2f%2e%2e%2fjournal.jsonl/log',
      '/api/jobs/done/trials/1%00/log',
      '/api/jobs/done/trials/1.0',
      '/api/jobs/done/trials/-1',
      '/api/jobs/done/trials/0x1',
      '/api/jobs/done/trials/99',
      '/api/jobs/done/trials/99/log',
      '/api/jobs/done/events/..',
      '/api/jobs/%zz',
    ];
    for (const path of refused) {
      const answer = await rawGet(server.port, path);
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.body), path).toEqual({ error: expect.any(String) });
    }
    for (const path of [
      '/..%2F..%2Fetc%2Fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%5C..%5Cpackage.json',
    ]) {
      expect((await rawGet(server.port, path)).status, path).toBe(404);
    }
  });

  it('answers only loopback host names while it listens on a loopback address', async () => {
    const server = await serve(done.dir);
    const rebound = await rawGet(server.port, '/api/jobs', { Host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      expect((await rawGet(server.port, '/api/jobs', { Host: host })).status, host).toBe(200);
    }
  });

  it('serves the built page: files with their type and cache policy, the app for other paths, 503 unbuilt', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'tunekit-dist-'));
    copies.push(dist);
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>tunekit</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const server = await serve(done.dir, dist);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = await fetch(`${server.url}assets/index-abc123.js`);
    expect(await script.text()).toBe('console.log(1)');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const route = await fetch(`${server.url}jobs/done/trials/2`);
    expect(await route.text()).toBe('<!doctype html><title>tunekit</title>');
    expect((await fetch(`${server.url}assets/missing.js`)).status).toBe(404);

    const unbuilt = await serve(done.dir, join(dist, 'nothing-here'));
    const answer = await fetch(unbuilt.url);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toMatch(/not built.*run `pnpm build`/);
    expect((await fetch(`${unbuilt.url}api/jobs`)).status).toBe(200);
  });
});

describe('the event stream', () => {
  it('sends the events after `from`, framed with their offsets, the folded trial and summary on the last', async () => {
    const { dir, lines } = partialCopy(Number.POSITIVE_INFINITY);
    const ends = lineEnds(doneJournal);
    const server = await serve(dir);
    const all = await sse(`${server.url}api/jobs/done/events?from=0`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await all.until((frames) => frames.length === lines.length);
    expect(all.frames.map((frame) => [frame.event, Number(frame.id)])).toEqual(
      ends.map((end) => ['journal', end]),
    );
    const messages = journalMessages(all.frames);
    expect(messages.map((message) => message.type)).toEqual(lines.map((line) => JSON.parse(line).type));
    expect(messages.map((message) => message.offset)).toEqual(ends);
    // Read together, so the folded values ride on the last message they concern.
    expect(
      messages.filter((message) => message.summary !== undefined).map((message) => message.offset),
    ).toEqual([ends.at(-1)]);
    expect(messages.at(-1)!.summary).toMatchObject({
      status: 'Completed',
      counts: { total: 4, completed: 4 },
    });
    const withTrial = messages.filter((message) => message.trial !== undefined);
    expect(withTrial.map((message) => message.trial!.trial).sort()).toEqual([1, 2, 3, 4]);
    for (const message of withTrial) expect(message.trial!.status).toBe('Completed');
    // The trials' environment is in the journal, not on the network.
    const created = messages[0]!.event as { spec: { executor: { env: Record<string, string> } } };
    expect(created.spec.executor.env).toEqual({ RUN_LOG: '(hidden)', API_TOKEN: '(hidden)' });
    expect(all.frames.some((frame) => frame.data.includes(SECRET))).toBe(false);

    const later = await sse(`${server.url}api/jobs/done/events?from=${ends[2]}`);
    await later.until((frames) => frames.length === lines.length - 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(later.frames.map((frame) => Number(frame.id))).toEqual(ends.slice(3));

    const midLine = await fetch(`${server.url}api/jobs/done/events?from=${ends[2]! + 3}`);
    expect(midLine.status).toBe(400);
    expect(((await midLine.json()) as { error: string }).error).toMatch(/not where a journal event starts/);
    expect((await fetch(`${server.url}api/jobs/done/events?from=abc`)).status).toBe(400);
  });

  it('sends appended events live, never a torn line, and resumes from Last-Event-ID with no gap and no repeat', async () => {
    const { dir, lines, append } = partialCopy(5);
    const ends = lineEnds(doneJournal);
    const server = await serve(dir);
    const first = await sse(`${server.url}api/jobs/done/events?from=0`);
    await first.until((frames) => frames.length === 5);

    append(lines[5]!);
    await first.until((frames) => frames.length === 6, 5_000, 'an appended event');
    expect(Number(first.frames[5]!.id)).toBe(ends[5]);

    // Half a line: nothing is sent until its newline arrives.
    const torn = lines[6]!;
    append(torn.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(first.frames).toHaveLength(6);
    const detail = (await (await fetch(`${server.url}api/jobs/done`)).json()) as ApiJobDetail;
    expect(detail.offset).toBe(ends[5]);
    append(torn.slice(20));
    await first.until((frames) => frames.length === 7, 5_000, 'the completed line');
    expect(journalMessages(first.frames)[6]!.event).toEqual(JSON.parse(torn));

    // The client drops; events go on; it comes back with the last id it saw.
    const lastSeen = first.frames.at(-1)!.id!;
    first.close();
    append(lines.slice(7, 12).join(''));
    const second = await sse(`${server.url}api/jobs/done/events`, { 'Last-Event-ID': lastSeen });
    await second.until((frames) => frames.length === 5);
    append(lines.slice(12).join(''));
    await second.until((frames) => frames.length === lines.length - 7, 5_000, 'the rest of the journal');
    const seen = [...first.frames, ...second.frames].map((frame) => Number(frame.id));
    expect(seen).toEqual(ends);
    expect(journalMessages(second.frames).at(-1)!.summary).toMatchObject({ status: 'Completed' });
  });

  it('sends heartbeats, and a reset then the new events when the journal is replaced (tune --restart)', async () => {
    const ws = workspace('again');
    const file = ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 1 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const server = await startDashboardServer({
      rootDir: ws.dir,
      port: 0,
      host: '127.0.0.1',
      pollMs: 50,
      heartbeatMs: 100,
    });
    servers.push(server);
    const before = (await (await fetch(`${server.url}api/jobs/again`)).json()) as ApiJobDetail;
    const stream = await sse(`${server.url}api/jobs/again/events?from=${before.offset}`);
    await stream.until(() => stream.comments.length >= 1, 5_000, 'a heartbeat');
    expect(stream.comments[0]).toBe(': heartbeat');
    expect(stream.frames).toEqual([]);

    const restarted = await runCliProcess(
      ['tune', '--restart', ws.writeTuningFile({ limits: { maxTrials: 1, maxParallel: 1 } })],
      ws.dir,
    );
    expect(restarted.code, restarted.stderr).toBe(0);
    await stream.until(
      (frames) => journalMessages(frames).some((message) => message.type === 'jobFinished'),
      10_000,
      'the new journal',
    );
    // The new tuner takes the job's lock before it moves the old journal away, so a summary naming it may come
    // first; the journal itself starts over with a reset.
    expect(stream.frames.filter((frame) => frame.event !== 'summary')[0]).toEqual({
      id: '0',
      event: 'reset',
      data: '{"offset":0}',
    });
    const fresh = journalMessages(stream.frames);
    expect(fresh[0]).toMatchObject({
      type: 'jobCreated',
      offset: lineEnds(readFileSync(journalPath(ws.dir, 'again'), 'utf8'))[0],
    });
    const after = (await (await fetch(`${server.url}api/jobs/again`)).json()) as ApiJobDetail;
    expect(after.summary.counts.total).toBe(1);
    expect(after.offset).toBe(statSync(journalPath(ws.dir, 'again')).size);

    // An id from the old journal, past the new one's end: reset, then everything from 0.
    const stale = await sse(`${server.url}api/jobs/again/events`, { 'Last-Event-ID': String(before.offset) });
    await stale.until((frames) =>
      frames.some((frame) => frame.event === 'journal' && JSON.parse(frame.data).type === 'jobFinished'),
    );
    expect(stale.frames[0]!.event).toBe('reset');
    expect(Number(stale.frames[1]!.id)).toBe(fresh[0]!.offset);
  });

  it('follows a job while tunekit tune runs it: the trial count rises, the log grows, the tuner is named', async () => {
    const ws = workspace('live');
    const file = ws.writeTuningFile({
      static: { steps: '4', sleep_ms: '1200' },
      limits: { maxTrials: 3, maxParallel: 1 },
    });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(() => ws.journal().length > 0, 20_000, 'the journal');
    const server = await serve(ws.dir);
    const stream = await sse(`${server.url}api/jobs/live/events?from=0`);
    // A running trial's log, tailed from an offset as the page does.
    await stream.until(
      (frames) => journalMessages(frames).some((message) => message.type === 'metric'),
      20_000,
      'a metric value',
    );
    const running = journalMessages(stream.frames).find((message) => message.type === 'metric')!;
    const trialId = (running.event as { trialId: number }).trialId;
    const firstPiece = await fetch(`${server.url}api/jobs/live/trials/${trialId}/log?from=0`);
    const firstText = await firstPiece.text();
    expect(firstPiece.headers.get('x-trial-status')).toBe('Running');
    const next = firstPiece.headers.get('x-log-offset')!;
    expect(Number(next)).toBe(Buffer.byteLength(firstText));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const secondText = await (
      await fetch(`${server.url}api/jobs/live/trials/${trialId}/log?from=${next}`)
    ).text();
    expect(secondText).toMatch(/^step \d+ loss=/);
    expect(firstText + secondText).toBe(
      readFileSync(
        join(ws.dir, '.tunekit', 'jobs', 'live', 'trials', String(trialId), 'output.log'),
        'utf8',
      ).slice(0, firstText.length + secondText.length),
    );

    const result = await tuner.done;
    expect(result.code, result.stderr).toBe(0);
    await stream.until(
      (frames) => frames.some((frame) => frame.event === 'summary'),
      5_000,
      'the tuner leaving',
    );
    const summaries = journalMessages(stream.frames).flatMap((message) =>
      message.summary === undefined ? [] : [message.summary],
    );
    const totals = summaries.map((summary) => summary.counts.total);
    // Seen rising one trial at a time, live, not only at the end.
    expect([...new Set(totals)].filter((total) => total > 0)).toEqual([1, 2, 3]);
    expect(totals).toEqual([...totals].sort());
    expect(
      summaries
        .filter((summary) => summary.status === 'InProgress')
        .every((summary) => summary.tunerPid === tuner.child.pid),
    ).toBe(true);
    expect(summaries.some((summary) => summary.status === 'InProgress')).toBe(true);
    const last = JSON.parse(stream.frames.at(-1)!.data) as ApiJobSummary;
    expect(stream.frames.at(-1)!.event).toBe('summary');
    expect(last.status).toBe('Completed');
    expect(last.tunerPid).toBeUndefined();
  });
});

describe('tunekit dashboard', () => {
  it('prints its URL with the real port, serves until SIGTERM, then stops cleanly', async () => {
    const cli = startCli(['dashboard', '--port', '0'], done.dir);
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.test(cli.output().stdout), 20_000, 'the URL');
    const url = /tunekit dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(cli.output().stdout)!;
    expect(Number(url[2])).toBeGreaterThan(0);
    const jobs = (await (await fetch(`${url[1]}api/jobs`)).json()) as { name: string }[];
    expect(jobs.map((job) => job.name)).toEqual(['done']);
    const stream = await sse(`${url[1]}api/jobs/done/events?from=0`);
    await stream.until((frames) => frames.length > 0);
    cli.child.kill('SIGTERM');
    const end = await cli.done;
    expect(end.code).toBe(0);
    expect(end.stdout).toContain('tunekit dashboard: stopped');
    expect(end.stderr).toBe('');
    await waitFor(() => stream.ended(), 5_000, 'the stream to end');
  });

  it('refuses a taken port and a bad one with exit 2 and no stack trace, and warns for a non-loopback host', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const taken = await runCliProcess(['dashboard', '--port', String(port)], done.dir);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toBe(
        `tunekit: port ${port} on 127.0.0.1 is taken: pass another --port, or --port 0 for a free one\n`,
      );
    } finally {
      blocker.close();
    }
    const bad = await runCliProcess(['dashboard', '--port', '80a'], done.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tunekit: --port: must be a whole number from 0 to 65535/);

    const open = startCli(['dashboard', '--port', '0', '--host', '0.0.0.0'], done.dir);
    await waitFor(() => open.output().stdout.includes('http://'), 20_000, 'the URL');
    expect(open.output().stderr).toBe(
      'tunekit dashboard: warning: listening on 0.0.0.0: anyone who can reach 0.0.0.0 can read the jobs, logs included\n',
    );
    open.child.kill('SIGINT');
    expect((await open.done).code).toBe(0);
  });
});
