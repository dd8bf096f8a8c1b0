/**
 * The AWS SDK clients of a SageMaker executor: region, endpoint and profile from the tuning file when given,
 * otherwise the SDK's standard chains (AWS_REGION, shared config, instance metadata; credentials from the
 * environment, shared files, SSO, container or instance roles). Credentials are never read from or written to
 * the tuning file, the journal or a log.
 *
 * Every call of either client goes through two middlewares, so no call site has to remember them: what a call
 * throws names its operation (awsErrors.ts), and an answer that is not AWS's (a proxy's HTML page) is said as such
 * (awsAnswers.ts) instead of the SDK's `Unexpected token '<'`.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SageMakerSettings } from '@tunekit/core';
import { notAwsAnswerMiddleware } from './awsAnswers.ts';
import { nameOperation } from './awsErrors.ts';

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
  explainFailures(sagemaker.middlewareStack);
  explainFailures(logs.middlewareStack);
  return {
    sagemaker,
    logs,
    destroy() {
      sagemaker.destroy();
      logs.destroy();
    },
  };
}

/** The part of an SDK client's middleware stack used here (`@smithy/types`' MiddlewareStack). */
interface Stack {
  add(middleware: never, options: { step: 'initialize'; priority: 'high'; name: string }): void;
  add(middleware: never, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
}

type Handler = (args: unknown) => Promise<{ response: unknown; output?: unknown }>;

function explainFailures(stack: Stack): void {
  // Outermost (around the SDK's retries and signing): the final error of the call, whatever threw it.
  const naming =
    (next: Handler, context: { commandName?: string }): Handler =>
    async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw nameOperation(error, (context.commandName ?? 'AWS call').replace(/Command$/, ''));
      }
    };
  stack.add(naming as never, { step: 'initialize', priority: 'high', name: 'tunekitNameOperation' });
  // Innermost (inside the SDK's deserializer): the raw answer, before it is read as JSON.
  stack.add(notAwsAnswerMiddleware as never, {
    step: 'deserialize',
    priority: 'low',
    name: 'tunekitNotAwsAnswer',
  });
}
