/**
 * The end of a served job as its workers see it: a worker whose ask waits when the last trial is told hears
 * `done` before the server exits, instead of a connection closed without an answer (which a client can only
 * retry until it gives up, the server being gone).
 */
import { describe, expect, it } from 'vitest';
import { useWorkspaces } from './helpers/cli.ts';
import { startServeForTest } from './helpers/serve.ts';

function post(url: string, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('tunekit serve at the end of its job', () => {
  const workspace = useWorkspaces();

  it("answers `done` to its only worker's ask that waited while the last trial was told, before it exits", async () => {
    const ws = workspace('serve-done');
    const file = ws.writeTuningFile({
      limits: { maxTrials: 2, maxParallel: 2 },
      executor: { remote: { leaseSeconds: 60, heartbeatSeconds: 10 } },
    });
    const server = await startServeForTest(file, ws.dir);
    // One worker with two threads: it holds both trials of the job, and asks for a third while they train.
    const leased: { id: number; lease: string }[] = [];
    for (const requestId of ['a-1', 'a-2']) {
      const answer = (await (
        await post(server.url, server.token, '/v1/ask', { worker: 'a', requestId, waitSeconds: 5 })
      ).json()) as { status: string; trial: { id: number; lease: string } };
      expect(answer.status).toBe('trial');
      leased.push(answer.trial);
    }
    const waiting = post(server.url, server.token, '/v1/ask', {
      worker: 'a',
      requestId: 'a-3',
      waitSeconds: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const trial of leased) {
      const told = await post(server.url, server.token, `/v1/trials/${trial.id}/tell`, {
        lease: trial.lease,
        status: 'Completed',
        value: 0.5,
      });
      expect(told.status).toBe(200);
    }
    const answer = await waiting.then(
      async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
      (error: unknown) => ({ failed: String((error as Error).cause ?? error) }),
    );
    expect(answer).toMatchObject({ status: 200, body: { status: 'done' } });
    expect((await server.done).code).toBe(0);
  });

  it('waits for a worker that trained its last trial longer than a lease to hear `done`', async () => {
    const ws = workspace('serve-done-long');
    const file = ws.writeTuningFile({
      limits: { maxTrials: 1, maxParallel: 1 },
      executor: { remote: { leaseSeconds: 2, heartbeatSeconds: 1 } },
    });
    const server = await startServeForTest(file, ws.dir);
    const first = (await (
      await post(server.url, server.token, '/v1/ask', { worker: 'a', requestId: 'a-1', waitSeconds: 5 })
    ).json()) as { status: string; trial: { id: number; lease: string } };
    // The trial trains 3 s, longer than a lease, the worker sending a heartbeat every second.
    for (let beat = 0; beat < 3; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const heartbeat = await post(server.url, server.token, `/v1/trials/${first.trial.id}/heartbeat`, {
        lease: first.trial.lease,
      });
      expect(heartbeat.status).toBe(200);
    }
    const told = await post(server.url, server.token, `/v1/trials/${first.trial.id}/tell`, {
      lease: first.trial.lease,
      status: 'Completed',
      value: 0.5,
    });
    expect(told.status).toBe(200);
    const answer = await post(server.url, server.token, '/v1/ask', {
      worker: 'a',
      requestId: 'a-2',
      waitSeconds: 5,
    }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
      (error: unknown) => ({ failed: String((error as Error).cause ?? error) }),
    );
    expect(answer).toMatchObject({ status: 200, body: { status: 'done' } });
    expect((await server.done).code).toBe(0);
  });
});
