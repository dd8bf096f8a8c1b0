/**
 * An executor whose module is loaded on its first trial, so that a job on the local executor does not pay for
 * loading the AWS SDK. Trials started before the module is loaded start as soon as it is; a stop() before then is
 * passed on once the trial exists.
 */
import type { TrialOutcome } from '@tunekit/core';
import type { Executor, RunningTrial, TrialLaunch } from './types.ts';

/**
 * Wraps an executor that is loaded on demand.
 *
 * @param kind - The executor's kind.
 * @param load - Loads and creates the executor (called once).
 * @returns The executor.
 */
export function createLazyExecutor(kind: Executor['kind'], load: () => Promise<Executor>): Executor {
  let loading: Promise<Executor> | undefined;
  return {
    kind,
    start(launch: TrialLaunch): RunningTrial {
      loading ??= load();
      let inner: RunningTrial | undefined;
      let pendingStop: string | undefined;
      const done = loading.then(
        (executor): Promise<TrialOutcome> => {
          inner = executor.start(launch);
          if (pendingStop !== undefined) void inner.stop(pendingStop);
          return inner.done;
        },
        (error: unknown): TrialOutcome => ({
          status: 'Failed',
          reason: `the ${kind} executor could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
      return {
        done,
        stop(reason) {
          if (inner !== undefined) return inner.stop(reason);
          pendingStop ??= reason;
          return done.then(() => undefined);
        },
      };
    },
    async close() {
      if (loading === undefined) return;
      try {
        await (await loading).close();
      } catch {
        // It never loaded: nothing to close.
      }
    },
  };
}
