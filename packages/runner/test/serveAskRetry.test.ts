/**
 * The protocol's idempotent ask across a server restart: a worker whose ask was answered by a server that died
 * before the answer reached it sends the same ask (same requestId) to the restarted server, and must get the
 * trial that was leased for it, not wait for that lease to run out.
 */
import { describe, expect, it } from 'vitest';
import { useWorkspaces } from './helpers/cli.ts';
import { startServeForTest } from './helpers/serve.ts';

const TOKEN = 'ask-retry-token-0123456789';

async function ask(
  url: string,
  requestId: string,
): Promise<{ status: string; trial?: { id: number; lease: string } }> {
  const response = await fetch(`${url}/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ worker: 'w1', requestId, waitSeconds: 2 }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; trial?: { id: number; lease: string } };
}

describe('tunekit serve restarted after a crash', () => {
  const workspace = useWorkspaces();

  it('answers an ask retried with the same requestId with the trial leased for it before the crash', async () => {
    const ws = workspace('ask-retry');
    const file = ws.writeTuningFile({
      limits: { maxTrials: 2, maxParallel: 1 },
      executor: { remote: { leaseSeconds: 60, heartbeatSeconds: 10 } },
    });
    const first = await startServeForTest(file, ws.dir, { env: { TUNEKIT_TOKEN: TOKEN } });
    const answer = await ask(first.url, 'request-1');
    expect(answer.status).toBe('trial');
    expect(
      ws.journal().some((event) => event.type === 'trialStarted' && event.trialId === answer.trial!.id),
    ).toBe(true);
    // The server dies; the worker never saw the answer, and retries the same ask once a new server listens.
    first.child.kill('SIGKILL');
    await first.done;
    const second = await startServeForTest(file, ws.dir, {
      port: Number(new URL(first.url).port),
      env: { TUNEKIT_TOKEN: TOKEN },
    });
    const retried = await ask(second.url, 'request-1');
    expect(retried).toMatchObject({
      status: 'trial',
      trial: { id: answer.trial!.id, lease: answer.trial!.lease },
    });
    second.child.kill('SIGKILL');
    await second.done;
  });
});
