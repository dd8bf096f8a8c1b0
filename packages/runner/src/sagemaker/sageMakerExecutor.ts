/**
 * `executor.sagemaker`: tunekit's strategies, SageMaker's machines. Each trial is a CreateTrainingJob built from
 * the tuning file's settings; up to `limits.maxParallel` run at once (the job loop's limit). Closing the executor
 * stops every training job still running, so nothing is left that the user pays for.
 *
 * The AWS SDK takes most of a second to load: it is imported on the first trial, so that local jobs and the
 * CLI's other commands never pay for it.
 */
import type { SageMakerSettings, TrialOutcome } from '@tunekit/core';
import type { Executor, RunningTrial, TrialLaunch } from '../executor/types.ts';
import { TrainingCapacity } from './capacity.ts';
import type { AwsClients, CredentialsOverride } from './clients.ts';

/** Options given in code, not in the tuning file. */
export interface SageMakerExecutorOptions {
  /** Credentials for the SDK clients (tests, embedding programs); by default the SDK's standard chain. */
  readonly credentials?: CredentialsOverride;
}

type TrialModule = typeof import('./sageMakerTrial.ts') & typeof import('./clients.ts');

/**
 * Creates the `sagemaker` executor.
 *
 * @param options - Credentials given in code, if any.
 * @returns The executor; `close` stops the training jobs still running and releases the clients.
 */
export function createSageMakerExecutor(options: SageMakerExecutorOptions = {}): Executor {
  let loaded: Promise<TrialModule> | undefined;
  let clients: { key: string; value: AwsClients } | undefined;
  const running = new Set<RunningTrial>();
  const capacity = new TrainingCapacity();
  const clientsFor = (module: TrialModule, settings: SageMakerSettings): AwsClients => {
    const key = JSON.stringify([settings.region, settings.endpoint, settings.profile, settings.maxAttempts]);
    if (clients?.key !== key) {
      clients?.value.destroy();
      clients = { key, value: module.createAwsClients(settings, options.credentials) };
    }
    return clients.value;
  };
  return {
    kind: 'sagemaker',
    start(launch: TrialLaunch): RunningTrial {
      const { executor } = launch.spec;
      if (executor.kind !== 'sagemaker') {
        return failed(`the sagemaker executor cannot run a trial of executor.${executor.kind}`);
      }
      const { settings } = executor;
      loaded ??= Promise.all([import('./sageMakerTrial.ts'), import('./clients.ts')]).then(
        ([trial, client]) => ({
          ...trial,
          ...client,
        }),
      );
      const trial = lazyTrial(
        loaded.then(
          (module) => new module.SageMakerTrial(launch, settings, clientsFor(module, settings), capacity),
        ),
      );
      running.add(trial);
      void trial.done.then(() => running.delete(trial));
      return trial;
    },
    async close() {
      const trials = [...running];
      await Promise.allSettled(trials.map((trial) => trial.stop('executor closed')));
      await Promise.allSettled(trials.map((trial) => trial.done));
      clients?.value.destroy();
      clients = undefined;
    },
  };
}

/** A trial whose implementation is still loading: stop() waits for it. */
function lazyTrial(created: Promise<RunningTrial>): RunningTrial {
  return {
    done: created.then(
      (trial) => trial.done,
      (error: unknown): TrialOutcome => ({
        status: 'Failed',
        reason: `could not load the SageMaker executor: ${String(error)}`,
      }),
    ),
    stop: async (reason) => {
      const trial = await created.catch(() => undefined);
      await trial?.stop(reason);
    },
  };
}

function failed(reason: string): RunningTrial {
  const outcome: TrialOutcome = { status: 'Failed', reason };
  return { done: Promise.resolve(outcome), stop: async () => {} };
}
