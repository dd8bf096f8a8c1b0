/**
 * The log of a training job that SageMaker's tuning ran: read once from CloudWatch Logs when the job has ended,
 * written into the trial's folder (so `tunekit logs <job> <trial>` shows it), read for metric values by the tuning
 * file's definitions (journaled as a local trial's are), and its last lines kept for the failure reason. Reading it is a convenience: without permission to read the logs (or without a log yet), the
 * trial is mirrored all the same, with a warning.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMetricParser, type MetricDefinition, type MetricObservation } from '@tunekit/core';
import { TRIAL_LOG_FILE } from '../executor/trialFiles.ts';
import { awsMessage } from './awsErrors.ts';
import type { ThrottleOptions } from './backoff.ts';
import type { AwsClients } from './clients.ts';
import { LogFollower } from './logFollower.ts';
import { QUOTED_LOG_LINES } from './trainingJobOutcome.ts';

/** What reading a training job's log gave. */
export interface TrainingLog {
  /** Its last lines (at most {@link QUOTED_LOG_LINES}). */
  readonly lastLines: readonly string[];
  /** Every metric value the log shows, in order. */
  readonly observations: readonly MetricObservation[];
  /** Set when the log could not be read: why, for a warning. */
  readonly problem?: string;
}

/**
 * Reads a finished training job's log into the trial's folder.
 *
 * @param clients - The AWS clients (CloudWatch Logs is used).
 * @param trainingJobName - The training job.
 * @param trialDir - The trial's folder (created when missing); the log goes to its `output.log`.
 * @param throttle - Waits when throttled.
 * @param definitions - The tuning file's metric definitions.
 * @returns The last lines and the metric values, or why there are none.
 */
export async function readTrainingLog(
  clients: AwsClients,
  trainingJobName: string,
  trialDir: string,
  throttle: ThrottleOptions,
  definitions: readonly MetricDefinition[],
): Promise<TrainingLog> {
  const lastLines: string[] = [];
  const lines: string[] = [];
  const parser = createMetricParser(definitions);
  const observations: MetricObservation[] = [];
  const follower = new LogFollower(
    clients.logs,
    trainingJobName,
    (line) => {
      lines.push(line);
      observations.push(...parser.push(`${line}\n`));
      lastLines.push(line);
      if (lastLines.length > QUOTED_LOG_LINES) lastLines.shift();
    },
    throttle,
  );
  try {
    await follower.poll();
  } catch (error) {
    return {
      lastLines: [],
      observations: [],
      problem: `could not read the CloudWatch log of training job ${trainingJobName} (${awsMessage(error)}): allow logs:DescribeLogStreams and logs:GetLogEvents on /aws/sagemaker/TrainingJobs to keep training logs`,
    };
  }
  if (lines.length > 0) {
    try {
      mkdirSync(trialDir, { recursive: true });
      writeFileSync(join(trialDir, TRIAL_LOG_FILE), `${lines.join('\n')}\n`);
    } catch {
      // The job's folder is gone (a test's temporary folder): the log is a convenience, not the record.
    }
  }
  observations.push(...parser.end());
  return { lastLines, observations };
}
