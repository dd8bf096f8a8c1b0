/**
 * `executor.sagemaker`: tunekit's strategies, SageMaker's machines. Each trial is a CreateTrainingJob built from
 * the tuning file's settings; up to `limits.maxParallel` run at once (the job loop's limit). Closing the executor
 * stops every training job still running, so nothing is left that the user pays for.
 */
import { formatIssue, type TrialOutcome, type TuningJobSpec } from '@tunekit/core';
import type { Executor, RunningTrial, TrialLaunch } from '../executor/types.ts';
import { type AwsClients, type CredentialsOverride, createAwsClients } from './clients.ts';
import { SageMakerTrial } from './sageMakerTrial.ts';
import { type SageMakerSettings, validateSageMakerSettings } from './settings.ts';

/** Options given in code, not in the tuning file. */
export interface SageMakerExecutorOptions {
  /** Credentials for the SDK clients (tests, embedding programs); by default the SDK's standard chain. */
  readonly credentials?: CredentialsOverride;
}

/**
 * Creates the `sagemaker` executor.
 *
 * @param options - Credentials given in code, if any.
 * @returns The executor; `close` stops the training jobs still running and releases the clients.
 */
export function createSageMakerExecutor(options: SageMakerExecutorOptions = {}): Executor {
  let clients: { key: string; value: AwsClients } | undefined;
  const running = new Set<SageMakerTrial>();
  const settingsOf = new WeakMap<TuningJobSpec, ReturnType<typeof validateSageMakerSettings>>();
  const clientsFor = (settings: SageMakerSettings): AwsClients => {
    const key = JSON.stringify([settings.region, settings.endpoint, settings.profile, settings.maxAttempts]);
    if (clients?.key !== key) {
      clients?.value.destroy();
      clients = { key, value: createAwsClients(settings, options.credentials) };
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
      let validated = settingsOf.get(launch.spec);
      if (validated === undefined) {
        validated = validateSageMakerSettings('sagemaker', executor.settings);
        settingsOf.set(launch.spec, validated);
      }
      if (!validated.ok) {
        return failed(
          `executor.sagemaker has problems:\n${validated.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
        );
      }
      const trial = new SageMakerTrial(launch, validated.value, clientsFor(validated.value));
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

function failed(reason: string): RunningTrial {
  const outcome: TrialOutcome = { status: 'Failed', reason };
  return { done: Promise.resolve(outcome), stop: async () => {} };
}
