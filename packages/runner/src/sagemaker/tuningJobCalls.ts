/**
 * The SageMaker calls that create, follow and stop a hyperparameter tuning job, each throttled and retried as
 * backoff.ts says: what the managed driver (drivers/managedJob.ts) needs from SageMaker, and nothing of the
 * driver itself.
 */
import {
  CreateHyperParameterTuningJobCommand,
  type CreateHyperParameterTuningJobRequest,
  DescribeHyperParameterTuningJobCommand,
  type DescribeHyperParameterTuningJobResponse,
  type HyperParameterTrainingJobSummary,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import type { SageMakerManagedSettings } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { awsErrorName, awsMessage, describeRefusal } from './awsErrors.ts';
import { callWithThrottling, type ThrottleOptions } from './backoff.ts';
import type { AwsClients } from './clients.ts';

/**
 * Makes sure the tuning job exists: creates it from the request, or checks that it exists when following one
 * (no request) or resuming.
 *
 * @throws RunnerError `jobNotFound` when following a tuning job that does not exist, `invalidTuningFile` when a
 *   new job's name is taken or SageMaker refuses the request.
 */
export async function ensureTuningJob(
  clients: AwsClients,
  name: string,
  request: CreateHyperParameterTuningJobRequest | undefined,
  resumed: boolean,
  throttle: ThrottleOptions,
  maxParallel: number,
  settings: SageMakerManagedSettings,
): Promise<void> {
  let exists = true;
  try {
    await describeTuningJob(clients, name, throttle);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    exists = false;
  }
  if (request === undefined) {
    if (!exists)
      throw new RunnerError(
        'jobNotFound',
        `SageMaker has no hyperparameter tuning job named ${name} in this region`,
      );
    return;
  }
  if (exists) {
    if (resumed) return;
    throw new RunnerError(
      'invalidTuningFile',
      `a SageMaker tuning job named ${name} already exists (names are unique in an account and region): follow it with tunekit attach ${name}, or set executor.sagemaker-managed.tuningJobName to a new name`,
    );
  }
  try {
    await callWithThrottling(
      () => clients.sagemaker.send(new CreateHyperParameterTuningJobCommand(request)),
      throttle,
    );
  } catch (error) {
    throw new RunnerError(
      'invalidTuningFile',
      describeRefusal('CreateHyperParameterTuningJob', error, {
        executorKey: 'executor.sagemaker-managed',
        maxParallel,
        instanceType: settings.instanceType,
      }),
      { cause: error },
    );
  }
}

/**
 * Stops the tuning job; a job that has already ended (ValidationException) is not an error.
 */
export async function stopTuningJob(
  clients: AwsClients,
  name: string,
  throttle: ThrottleOptions,
): Promise<void> {
  try {
    await callWithThrottling(
      () =>
        clients.sagemaker.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      throttle,
    );
  } catch (error) {
    if (awsErrorName(error) !== 'ValidationException') throw error;
  }
}

/** DescribeHyperParameterTuningJob. */
export function describeTuningJob(
  clients: AwsClients,
  name: string,
  throttle: ThrottleOptions,
): Promise<DescribeHyperParameterTuningJobResponse> {
  return callWithThrottling(
    () =>
      clients.sagemaker.send(
        new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }),
      ),
    throttle,
  );
}

/** Every training job of the tuning job, in creation order (all pages). */
export async function listTrainingJobs(
  clients: AwsClients,
  name: string,
  throttle: ThrottleOptions,
): Promise<HyperParameterTrainingJobSummary[]> {
  const out: HyperParameterTrainingJobSummary[] = [];
  let token: string | undefined;
  do {
    const page = await callWithThrottling(
      () =>
        clients.sagemaker.send(
          new ListTrainingJobsForHyperParameterTuningJobCommand({
            HyperParameterTuningJobName: name,
            MaxResults: 100,
            SortBy: 'CreationTime',
            SortOrder: 'Ascending',
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        ),
      throttle,
    );
    out.push(...(page.TrainingJobSummaries ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return out;
}

function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    name === 'ResourceNotFound' ||
    (name === 'ValidationException' && /not (be )?found|does not exist/i.test(awsMessage(error)))
  );
}
