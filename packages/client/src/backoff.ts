/**
 * How a client waits between retries: exponential backoff from 0.5 s, doubling to at most 10 s, with jitter
 * (protocol.ts, "Retries"). The jitter keeps workers that lost the same server from coming back all at once.
 */
import { ClientError } from './errors.ts';

/** The first delay, in seconds. */
export const FIRST_DELAY_SECONDS = 0.5;

/** The longest delay, in seconds. */
export const MAX_DELAY_SECONDS = 10;

/**
 * The delay before retry number `attempt` (0 for the first retry): 0.5 s x 2^attempt, capped at 10 s, then
 * jittered to between half of it and all of it ("equal jitter"), so a delay is never longer than the schedule says
 * and never shorter than half of it.
 *
 * @param attempt - How many retries came before this one (0, 1, 2, ...).
 * @param random - A uniform draw in [0, 1), `Math.random` by default.
 * @returns The delay in seconds.
 */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** Math.min(attempt, 30));
  return base * (0.5 + 0.5 * random());
}

/**
 * Waits, unless the signal is aborted first.
 *
 * @param seconds - How long.
 * @param signal - Aborting it ends the wait early with a `ClientError` of code `aborted`.
 * @internal
 */
export function sleep(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** @internal */
export function abortedError(signal: AbortSignal): ClientError {
  return new ClientError('aborted', 'stopped: the signal passed to connect() was aborted', {
    cause: signal.reason,
  });
}
