/**
 * The local executor: each trial is a child process, started from the tuning file's `executor.local` (a command
 * as an argument array, a working folder relative to the tuning file's folder, environment, timeout, channels),
 * receiving its hyperparameters the way SageMaker passes them (see trialEnvironment.ts).
 *
 * Each trial leads its own process group. Stopping a trial (stop(), its timeout) sends SIGTERM to the group, then
 * SIGKILL after `killGraceSeconds`; processes a script leaves behind when it exits are cleared the same way; and
 * if the tuner process exits while trials run, their groups are killed at once. A tuner killed with SIGKILL
 * cannot do that: a watchdog process stops its trials then (orphanWatchdog.ts), and the handle journaled with
 * `trialStarted` lets the resumed tuner kill whatever is left (killStaleTrial).
 */
import type { TrialOutcome } from '@tunekit/core';
import { type LiveGroups, LocalTrial } from './localTrial.ts';
import { createOrphanWatchdog } from './orphanWatchdog.ts';
import { signalGroup } from './processGroup.ts';
import { ReusableProcessPool } from './reusableProcesses.ts';
import type { BaseEnvironment } from './trialEnvironment.ts';
import type { Executor, RunningTrial, TrialLaunch } from './types.ts';

/** Options of the local executor. */
export interface LocalExecutorOptions {
  /** How often each trial's metrics file is read while it runs, in ms (default 200; 0 reads it only at the end). */
  readonly metricsPollMs?: number;
  /**
   * The environment trials start from (before the tuning file's `env` and the SageMaker variables); `process.env`
   * by default. An embedder holding secrets in its own environment passes a copy without them.
   */
  readonly environment?: BaseEnvironment;
}

/**
 * Creates the local executor.
 *
 * @param options - How often metrics files are read, and the environment trials start from.
 * @returns The executor; `close` kills any trial still running.
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): Executor {
  const groups = new Set<number>();
  const watchdog = createOrphanWatchdog();
  const liveGroups: LiveGroups = {
    add(pgid, graceSeconds) {
      groups.add(pgid);
      watchdog.add(pgid, graceSeconds);
    },
    delete(pgid) {
      if (groups.delete(pgid)) watchdog.remove(pgid);
    },
  };
  const settings = {
    metricsPollMs: options.metricsPollMs ?? 200,
    environment: options.environment ?? process.env,
  };
  const running = new Set<LocalTrial>();
  // No orphans when the tuner exits without stopping its trials (an uncaught error, process.exit).
  const killAll = (): void => {
    for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  };
  let listening = false;
  let reusable: ReusableProcessPool | undefined;
  return {
    kind: 'local',
    start(launch: TrialLaunch): RunningTrial {
      const { executor } = launch.spec;
      if (executor.kind !== 'local') {
        const outcome: TrialOutcome = {
          status: 'Failed',
          reason: `the local executor cannot run a ${executor.kind} trial`,
        };
        return { done: Promise.resolve(outcome), stop: async () => {} };
      }
      if (!listening) {
        process.on('exit', killAll);
        listening = true;
      }
      if (executor.reuse === true) {
        reusable ??= new ReusableProcessPool(settings, liveGroups);
        return reusable.start(launch, executor);
      }
      const trial = new LocalTrial(launch, executor, settings, liveGroups);
      running.add(trial);
      void trial.done.then(() => running.delete(trial));
      return trial;
    },
    async close() {
      await Promise.all([...running].map((trial) => trial.stop('executor closed')));
      await reusable?.close();
      reusable = undefined;
      if (listening) process.off('exit', killAll);
      listening = false;
      watchdog.close();
    },
  };
}
