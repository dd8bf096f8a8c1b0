/**
 * The AWS SDK clients of a SageMaker executor: region, endpoint and profile from the tuning file when given,
 * otherwise the SDK's standard chains (AWS_REGION, shared config, instance metadata; credentials from the
 * environment, shared files, SSO, container or instance roles). Credentials are never read from or written to
 * the tuning file, the journal or a log.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SageMakerSettings } from './settings.ts';

/** Credentials given in code (tests, embedding programs); the CLI leaves them to the SDK's chain. */
export type CredentialsOverride = NonNullable<
  ConstructorParameters<typeof SageMakerClient>[0]
>['credentials'];

export interface AwsClients {
  readonly sagemaker: SageMakerClient;
  readonly logs: CloudWatchLogsClient;
  destroy(): void;
}

/**
 * Creates the clients.
 *
 * @param settings - Region, endpoint, profile and SDK attempts.
 * @param credentials - Credentials given in code, if any.
 * @returns Both clients.
 */
export function createAwsClients(
  settings: Pick<SageMakerSettings, 'region' | 'endpoint' | 'profile' | 'maxAttempts'>,
  credentials?: CredentialsOverride,
): AwsClients {
  const config = {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts: settings.maxAttempts,
  };
  const sagemaker = new SageMakerClient(config);
  const logs = new CloudWatchLogsClient(config);
  return {
    sagemaker,
    logs,
    destroy() {
      sagemaker.destroy();
      logs.destroy();
    },
  };
}
