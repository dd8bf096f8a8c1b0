import { describe, expect, it } from 'vitest';
import { callWithThrottling, PollBackoff } from './backoff.ts';

const throttled = (): Error => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('PollBackoff', () => {
  it('waits longer while nothing changes, up to the maximum, and starts again after a change', () => {
    const backoff = new PollBackoff(1000, 5000);
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});

describe('callWithThrottling', () => {
  it('retries throttled calls with waits that double (with jitter) up to the maximum', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await callWithThrottling(
      async () => {
        calls += 1;
        if (calls <= 5) throw throttled();
        return 'done';
      },
      { initialMs: 2, maxMs: 8, onThrottled: (wait) => waits.push(wait) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(6);
    const ceilings = [2, 4, 8, 8, 8];
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(ceilings[index]! / 2);
      expect(wait).toBeLessThanOrEqual(ceilings[index]!);
    });
  });

  it('treats HTTP 429 as throttling, and passes any other error on at once', async () => {
    let calls = 0;
    await callWithThrottling(
      async () => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('slow down'), { $metadata: { httpStatusCode: 429 } });
      },
      { initialMs: 1, maxMs: 1 },
    );
    expect(calls).toBe(2);
    const refused = Object.assign(new Error('bad role'), { name: 'ValidationException' });
    let tries = 0;
    await expect(
      callWithThrottling(
        async () => {
          tries += 1;
          throw refused;
        },
        { initialMs: 1, maxMs: 1 },
      ),
    ).rejects.toBe(refused);
    expect(tries).toBe(1);
  });

  it('gives up with the throttling error once throttled for longer than giveUpAfterMs', async () => {
    let calls = 0;
    await expect(
      callWithThrottling(
        async () => {
          calls += 1;
          throw throttled();
        },
        { initialMs: 5, maxMs: 5, giveUpAfterMs: 30 },
      ),
    ).rejects.toThrow('Rate exceeded');
    expect(calls).toBeGreaterThan(1);
  });
});
