/**
 * `tunekit attach`: reads a SageMaker tuning job started elsewhere (DescribeHyperParameterTuningJob) into a spec
 * through core's SageMaker import, so that runManagedJob can mirror it into a local job.
 */
import { DescribeHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { formatIssue, fromSageMakerRequest, type TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { awsErrorName, awsMessage } from './awsErrors.ts';
import { callWithThrottling } from './backoff.ts';
import { type CredentialsOverride, createAwsClients } from './clients.ts';

/** Where the tuning job is and how often to poll it. */
export interface AttachConnection {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly pollSeconds?: number;
  readonly credentials?: CredentialsOverride;
}

/**
 * Reads an existing SageMaker tuning job as a spec with executor `sagemaker-managed`.
 *
 * @param tuningJobName - The tuning job on SageMaker.
 * @param connection - Region, endpoint, profile, poll interval.
 * @param localName - The local job's name (default: the tuning job's).
 * @returns The spec; its settings name the tuning job and the connection (never credentials).
 * @throws RunnerError `jobNotFound` when there is no such tuning job, `invalidTuningFile` when tunekit cannot
 *   mirror it (for example several training definitions).
 */
export async function importTuningJob(
  tuningJobName: string,
  connection: AttachConnection,
  localName?: string,
): Promise<TuningJobSpec> {
  const clients = createAwsClients({ ...connection, maxAttempts: 5 }, connection.credentials);
  try {
    let described: Record<string, unknown>;
    try {
      described = (await callWithThrottling(
        () =>
          clients.sagemaker.send(
            new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: tuningJobName }),
          ),
        { initialMs: 500, maxMs: 20_000 },
      )) as unknown as Record<string, unknown>;
    } catch (error) {
      const name = awsErrorName(error);
      if (
        name === 'ResourceNotFound' ||
        (name === 'ValidationException' && /not found/i.test(awsMessage(error)))
      ) {
        throw new RunnerError(
          'jobNotFound',
          `SageMaker has no hyperparameter tuning job named ${tuningJobName}${connection.region === undefined ? '' : ` in ${connection.region}`}: check the name and --region`,
        );
      }
      throw error;
    }
    const request = JSON.parse(
      JSON.stringify({
        HyperParameterTuningJobName: tuningJobName,
        HyperParameterTuningJobConfig: described.HyperParameterTuningJobConfig,
        TrainingJobDefinition: described.TrainingJobDefinition,
        ...(described.WarmStartConfig === undefined ? {} : { WarmStartConfig: described.WarmStartConfig }),
      }),
    ) as unknown;
    // The connection goes into the settings as a tuning file's would, with the same checks (no credentials).
    const imported = fromSageMakerRequest(request, {
      tuningJobName,
      ...(connection.region === undefined ? {} : { region: connection.region }),
      ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
      ...(connection.profile === undefined ? {} : { profile: connection.profile }),
      ...(connection.pollSeconds === undefined ? {} : { pollSeconds: connection.pollSeconds }),
    });
    if (!imported.ok) {
      throw new RunnerError(
        'invalidTuningFile',
        `tunekit cannot mirror the tuning job ${tuningJobName}:\n${imported.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
      );
    }
    return { ...imported.value, name: localName ?? tuningJobName };
  } finally {
    clients.destroy();
  }
}
