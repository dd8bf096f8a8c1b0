/**
 * What a client does when the connection or the server fails, against tiny real HTTP servers on 127.0.0.1 that
 * fail on purpose (drop a connection, answer 503): the real `tunekit serve` never does either on request. The
 * end-to-end behaviour against the real server is in packages/runner/test/tsClient.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError, connect } from '../src/index.ts';
import type { JobInfo, LeasedTrial } from '../src/protocol.ts';

const TOKEN = 'tk-secret-token-1234567890';

const JOB: JobInfo = {
  protocol: 'v1',
  name: 'tiny',
  status: 'Running',
  objective: { metric: 'loss', type: 'Minimize' },
  strategy: 'Random',
  maxTrials: 1,
  maxParallel: 1,
  counts: { completed: 0, failed: 0, stopped: 0, running: 0 },
  heartbeatSeconds: 10,
  leaseSeconds: 60,
};

function leased(id: number): LeasedTrial {
  return {
    id,
    lease: `lease-${id}`,
    attempt: 0,
    params: { x: 0.5 },
    tuned: { x: 0.5 },
    objective: JOB.objective,
    context: { earlyStopping: 'Off' },
    heartbeatSeconds: 10,
    leaseSeconds: 60,
  };
}

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

type Handler = (seen: Seen, response: ServerResponse, request: IncomingMessage) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on 127.0.0.1 that records every request and lets the test answer it. */
async function tinyServer(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      const entry: Seen = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      seen.push(entry);
      handler(entry, response, request);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

describe('retries', () => {
  it('sends an ask again with the same requestId after a dropped connection, and a fresh one for the next trial', async () => {
    let asks = 0;
    const { url, seen } = await tinyServer((request, response) => {
      if (request.path === '/v1/job') return json(response, 200, JOB);
      if (request.path === '/v1/ask') {
        asks++;
        if (asks === 1) {
          response.socket?.destroy(); // the connection drops before any answer
          return;
        }
        return json(
          response,
          200,
          asks === 2 ? { status: 'trial', trial: leased(1) } : { status: 'done', reason: 'x' },
        );
      }
      if (request.path === '/v1/trials/1/tell') return json(response, 200, { ok: true });
      json(response, 404, { error: 'notFound', message: request.path });
    });
    const study = await connect(url, TOKEN, { worker: 'w-1' });
    const ids: number[] = [];
    for await (const trial of study) {
      ids.push(trial.id);
      await trial.complete(0.25);
    }
    expect(ids).toEqual([1]);
    const askIds = seen
      .filter((request) => request.path === '/v1/ask')
      .map((request) => request.body.requestId);
    expect(askIds).toHaveLength(3);
    expect(askIds[1]).toBe(askIds[0]);
    expect(askIds[2]).not.toBe(askIds[0]);
    expect(seen.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(seen.find((request) => request.path === '/v1/trials/1/tell')?.body).toEqual({
      lease: 'lease-1',
      status: 'Completed',
      value: 0.25,
    });
  });

  it('retries a 503 (the server stopping) with the same body until the server answers', async () => {
    let reports = 0;
    const { url, seen } = await tinyServer((request, response) => {
      if (request.path === '/v1/job') return json(response, 200, JOB);
      if (request.path === '/v1/ask') return json(response, 200, { status: 'trial', trial: leased(4) });
      if (request.path === '/v1/trials/4/report') {
        reports++;
        if (reports < 3) return json(response, 503, { error: 'stopping', message: 'shutting down' });
        return json(response, 200, { action: 'stop', reason: 'median rule' });
      }
      json(response, 200, { ok: true });
    });
    const study = await connect(url, TOKEN);
    const iterator = study[Symbol.asyncIterator]();
    const trial = (await iterator.next()).value!;
    const started = Date.now();
    expect(await trial.report(3, 1.5)).toBe(true);
    // Two retries: 0.25-0.5 s, then 0.5-1 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(trial.stopReason).toBe('median rule');
    const bodies = seen
      .filter((request) => request.path === '/v1/trials/4/report')
      .map((request) => request.body);
    expect(bodies).toEqual(Array(3).fill({ lease: 'lease-4', step: 3, value: 1.5 }));
    await trial.stop();
    await iterator.return();
  });

  it('gives up after giveUpSeconds without an answer, naming the URL and never the token', async () => {
    const { url } = await tinyServer(() => {});
    servers[0]!.closeAllConnections();
    await new Promise((resolve) => servers.pop()!.close(resolve)); // nothing listens on that port now
    const started = Date.now();
    const error = await connect(url, TOKEN, { giveUpSeconds: 1.2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('gaveUp');
    expect((error as ClientError).message).toContain(`no answer from ${url}`);
    expect((error as ClientError).message).toContain('ECONNREFUSED');
    expect((error as ClientError).message).not.toContain(TOKEN);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('does not retry a 401, and its message names the URL and the variable, not the token', async () => {
    const { url, seen } = await tinyServer((_request, response) =>
      json(response, 401, { error: 'unauthorized', message: 'bad token' }),
    );
    const error = await connect(url, TOKEN).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect((error as Error).message).toBe(
      `token refused by ${url}: check TUNEKIT_TOKEN (it must be the token tunekit serve printed)`,
    );
    expect(seen).toHaveLength(1);
  });

  it('keeps the token out of what inspecting a study or a trial prints', async () => {
    const { url } = await tinyServer((request, response) =>
      json(response, 200, request.path === '/v1/job' ? JOB : { status: 'trial', trial: leased(2) }),
    );
    const study = await connect(url, TOKEN);
    const iterator = study[Symbol.asyncIterator]();
    const trial = (await iterator.next()).value!;
    expect(inspect(study, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(inspect(trial, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(study)).not.toContain(TOKEN);
    trial.close();
  });
});

describe('heartbeats and the abort signal', () => {
  it('a heartbeat answered stop sets shouldStop with no report, and heartbeats end when the trial is told', async () => {
    const { url, seen } = await tinyServer((request, response) => {
      if (request.path === '/v1/job') return json(response, 200, JOB);
      if (request.path === '/v1/ask') {
        return json(response, 200, { status: 'trial', trial: { ...leased(7), heartbeatSeconds: 0.1 } });
      }
      if (request.path === '/v1/trials/7/heartbeat') {
        return json(response, 200, { action: 'stop', reason: 'the job completed' });
      }
      json(response, 200, { ok: true });
    });
    const study = await connect(url, TOKEN);
    const iterator = study[Symbol.asyncIterator]();
    const trial = (await iterator.next()).value!;
    const heartbeats = () => seen.filter((request) => request.path === '/v1/trials/7/heartbeat');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(heartbeats().length).toBeGreaterThanOrEqual(2);
    expect(heartbeats()[0]!.body).toEqual({ lease: 'lease-7' });
    expect([trial.shouldStop, trial.stopReason]).toEqual([true, 'the job completed']);
    expect(() => trial.throwIfStopped()).toThrow('trial 7 stopped: the job completed');
    await trial.stop();
    const after = heartbeats().length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heartbeats().length).toBe(after);
    await iterator.return();
  });

  it('sends no heartbeat once a tell has begun: a slow tell is not overtaken by heartbeats', async () => {
    // The tell used to stop the heartbeat timer only when its answer came, so a tell slower than the interval
    // (a loaded server) was followed by heartbeats of a trial the worker had already ended.
    const { url, seen } = await tinyServer((request, response) => {
      if (request.path === '/v1/job') return json(response, 200, JOB);
      if (request.path === '/v1/ask') {
        return json(response, 200, { status: 'trial', trial: { ...leased(7), heartbeatSeconds: 0.05 } });
      }
      if (request.path === '/v1/trials/7/tell') {
        setTimeout(() => json(response, 200, { ok: true }), 400);
        return;
      }
      json(response, 200, { action: 'continue' });
    });
    const study = await connect(url, TOKEN);
    const iterator = study[Symbol.asyncIterator]();
    const trial = (await iterator.next()).value!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await trial.complete(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const paths = seen.map((request) => request.path);
    const tell = paths.indexOf('/v1/trials/7/tell');
    expect(paths.slice(0, tell)).toContain('/v1/trials/7/heartbeat');
    expect(paths.slice(tell + 1)).not.toContain('/v1/trials/7/heartbeat');
    await iterator.return();
  });

  it('aborting the signal ends a loop waiting on a long-polled ask, at once and without an error', async () => {
    const { url } = await tinyServer((request, response) => {
      if (request.path === '/v1/job') return json(response, 200, JOB);
      // The ask is held, as the server holds it while no trial is ready.
    });
    const controller = new AbortController();
    const study = await connect(url, TOKEN, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const summary = await study.optimize(() => 1);
    expect(summary).toEqual({ completed: 0, failed: 0, stopped: 0, leaseLost: 0 });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('a server gone for good', () => {
  it('costs one giveUpSeconds, not one per request: the loop-ending tell of an open trial gives up at once', async () => {
    const { url } = await tinyServer((request, response) =>
      json(response, 200, request.path === '/v1/job' ? JOB : { status: 'trial', trial: leased(9) }),
    );
    const study = await connect(url, TOKEN, { giveUpSeconds: 1 });
    const started = Date.now();
    const error = await (async () => {
      for await (const trial of study) {
        const server = servers.pop()!;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await trial.report(0, 1); // gives up after 1 s; then the loop tells the trial Failed on its way out
      }
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'gaveUp' });
    expect((error as Error).message).toContain(`no answer from ${url} for 1 s`);
    expect(Date.now() - started).toBeLessThan(1900);
  });
});
