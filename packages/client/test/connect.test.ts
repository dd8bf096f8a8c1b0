/**
 * `connect`'s arguments: each wrong one is refused before any request, with a message that names it and says what
 * to change. (Connecting for real is tested against `tunekit serve` in packages/runner/test/tsClient.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientError, connect } from '../src/index.ts';

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.TUNEKIT_URL;
  delete process.env.TUNEKIT_TOKEN;
  delete process.env.TUNEKIT_WORKER;
});
afterEach(() => {
  process.env = { ...saved };
});

async function refusal(...args: Parameters<typeof connect>): Promise<{ code: string; message: string }> {
  const error = (await connect(...args).then(
    () => undefined,
    (caught: unknown) => caught,
  )) as ClientError;
  return { code: error.code, message: error.message };
}

describe('connect refuses wrong arguments', () => {
  it('without a URL or a token, naming the variables that give them', async () => {
    expect(await refusal()).toEqual({
      code: 'invalidArgument',
      message: 'url: no server URL: pass it to connect() or set TUNEKIT_URL (tunekit serve prints it)',
    });
    process.env.TUNEKIT_URL = 'http://127.0.0.1:9';
    expect(await refusal()).toEqual({
      code: 'invalidArgument',
      message: 'token: no token: pass it to connect() or set TUNEKIT_TOKEN (tunekit serve prints it)',
    });
  });

  it('a URL that is not http(s), or holds credentials', async () => {
    expect(await refusal('localhost:8470', 't')).toMatchObject({
      message: 'url: must start with http:// or https:// (got localhost:)',
    });
    expect(await refusal('127.0.0.1:8470', 't')).toMatchObject({
      message:
        'url: not a URL (got "127.0.0.1:8470"): write it as tunekit serve prints it, e.g. http://127.0.0.1:8470',
    });
    expect(await refusal('http://me:secret@127.0.0.1:9', 't')).toMatchObject({
      message: 'url: must not hold a user name or password: pass the token instead',
    });
  });

  it('a worker name outside the protocol alphabet, from the option or from TUNEKIT_WORKER', async () => {
    expect(await refusal('http://127.0.0.1:9', 't', { worker: 'a b' })).toEqual({
      code: 'invalidArgument',
      message: 'worker: must be 1-100 characters of A-Z a-z 0-9 . _ : @ - (got "a b")',
    });
    process.env.TUNEKIT_WORKER = 'x'.repeat(101);
    expect((await refusal('http://127.0.0.1:9', 't')).message).toMatch(
      /^TUNEKIT_WORKER: must be 1-100 characters/,
    );
  });

  it('a token with a line break (it could forge a header) or a giveUpSeconds that is not > 0', async () => {
    expect((await refusal('http://127.0.0.1:9', 'abc\r\nX-Evil: 1')).message).toBe(
      'token: must be printable ASCII without spaces, as tunekit serve prints it',
    );
    expect((await refusal('http://127.0.0.1:9', 't', { giveUpSeconds: 0 })).message).toBe(
      'giveUpSeconds: must be a number > 0 (got 0)',
    );
  });
});

describe('optimize refuses a wrong nTrials', () => {
  it('names it, before asking for any trial', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name: 'j', status: 'Running', objective: {}, counts: {} }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const study = await connect(`http://127.0.0.1:${port}`, 't');
      for (const nTrials of [-1, 2.5, Number.NaN]) {
        await expect(study.optimize(() => 1, { nTrials })).rejects.toThrow(
          `nTrials: must be a whole number >= 0 (got ${nTrials})`,
        );
      }
      expect(await study.optimize(() => 1, { nTrials: 0 })).toEqual({
        completed: 0,
        failed: 0,
        stopped: 0,
        leaseLost: 0,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
