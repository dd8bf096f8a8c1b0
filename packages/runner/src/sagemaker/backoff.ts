/**
 * Waiting between AWS calls: polls start at `pollSeconds` and grow by half while nothing changes, up to
 * `maxPollSeconds`; throttling doubles the wait (with jitter) until calls go through again.
 */
import { isThrottling } from './awsErrors.ts';

/** A poll interval that grows while nothing changes. */
export class PollBackoff {
  private current: number;

  /**
   * @param initialMs - First interval.
   * @param maxMs - Longest interval.
   */
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.current = initialMs;
  }

  /** The next wait: grows by half each time, up to the maximum. */
  next(): number {
    const wait = this.current;
    this.current = Math.min(this.maxMs, this.current * 1.5);
    return wait;
  }

  /** Something changed: poll at the first interval again. */
  reset(): void {
    this.current = this.initialMs;
  }
}

/** Options of {@link callWithThrottling}. */
export interface ThrottleOptions {
  /** First wait after a throttled call, ms. */
  readonly initialMs: number;
  /** Longest wait, ms. */
  readonly maxMs: number;
  /** Gives up (throwing the last error) after this long throttled, ms (default: 15 minutes). */
  readonly giveUpAfterMs?: number;
  /** Called after each throttled call, with the wait before the next one. */
  readonly onThrottled?: (waitMs: number) => void;
}

/**
 * Calls an AWS operation, waiting out throttling with exponential backoff and full jitter.
 *
 * @param call - The call.
 * @param options - Waits.
 * @returns What the call returns.
 * @throws What the call throws, when it is not throttling or throttling lasts past `giveUpAfterMs`.
 */
export async function callWithThrottling<T>(call: () => Promise<T>, options: ThrottleOptions): Promise<T> {
  const started = Date.now();
  let ceiling = options.initialMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || Date.now() - started > (options.giveUpAfterMs ?? 900_000)) throw error;
      const wait = ceiling / 2 + Math.random() * (ceiling / 2);
      options.onThrottled?.(wait);
      await sleep(wait);
      ceiling = Math.min(options.maxMs, ceiling * 2);
    }
  }
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @param ms - The wait.
 * @returns A promise.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
