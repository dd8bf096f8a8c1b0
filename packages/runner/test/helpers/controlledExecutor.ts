/**
 * @internal For tests of the drivers: an executor whose trials run in this process and end when the test says
 * (a real process cannot be timed that finely). It implements the Executor seam; nothing is mocked.
 */
import type { MetricObservation, TrialOutcome } from '@tunekit/core';
import type { Executor, RunningTrial, TrialLaunch } from '../../src/executor/types.ts';

/** An executor whose trials end when `finish` is called or when they are stopped. */
export interface ControlledExecutor extends Executor {
  /** Trial ids in the order they were started. */
  readonly started: number[];
  /** Trial ids with their stop reasons, in the order they were asked to stop. */
  readonly stops: { readonly trialId: number; readonly reason: string }[];
  /** Ends a running trial with an outcome. */
  finish(trialId: number, outcome: TrialOutcome): void;
  /** Reports a metric value of a running trial. */
  metric(trialId: number, observation: MetricObservation): void;
  /** Ids of the trials running now. */
  running(): number[];
}

/**
 * Creates the executor.
 *
 * @param onStart - Called when a trial starts (after its `onStarted`), for tests that end trials at once.
 * @returns The executor.
 */
export function createControlledExecutor(
  onStart?: (launch: TrialLaunch, executor: ControlledExecutor) => void,
): ControlledExecutor {
  const trials = new Map<number, { launch: TrialLaunch; end: (outcome: TrialOutcome) => void }>();
  const executor: ControlledExecutor = {
    kind: 'local',
    started: [],
    stops: [],
    start(launch): RunningTrial {
      executor.started.push(launch.trialId);
      const done = new Promise<TrialOutcome>((resolve) => {
        trials.set(launch.trialId, {
          launch,
          end: (outcome) => {
            trials.delete(launch.trialId);
            resolve(outcome);
          },
        });
      });
      launch.onStarted?.({ trial: launch.trialId });
      onStart?.(launch, executor);
      return {
        done,
        stop: async (reason) => {
          executor.stops.push({ trialId: launch.trialId, reason });
          trials.get(launch.trialId)?.end({ status: 'Stopped', reason });
        },
      };
    },
    finish(trialId, outcome) {
      trials.get(trialId)?.end(outcome);
    },
    metric(trialId, observation) {
      trials.get(trialId)?.launch.onMetric(observation);
    },
    running: () => [...trials.keys()],
    async close() {},
  };
  return executor;
}
