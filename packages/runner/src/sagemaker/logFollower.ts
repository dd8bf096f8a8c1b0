/**
 * Follows a training job's CloudWatch log streams (`/aws/sagemaker/TrainingJobs`, streams `<job>/algo-N-<ts>`):
 * each `poll()` finds the job's streams and reads every new event of each, in order, handing its lines on.
 * Missing groups and streams (a job still starting) are not errors. Throttled calls wait and retry.
 */
import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorName } from './awsErrors.ts';
import { callWithThrottling, type ThrottleOptions } from './backoff.ts';

export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/** Follows one training job's log streams. */
export class LogFollower {
  /** Stream name -> the forward token after the last event read. */
  private readonly streams = new Map<string, string | undefined>();

  /**
   * @param logs - The CloudWatch Logs client.
   * @param jobName - The training job.
   * @param onLine - Receives each line (a CloudWatch event may hold several).
   * @param throttle - Waits when throttled.
   */
  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly jobName: string,
    private readonly onLine: (line: string, stream: string) => void,
    private readonly throttle: ThrottleOptions,
  ) {}

  /**
   * Reads what is new.
   *
   * @returns How many events were read (0 when nothing changed).
   */
  async poll(): Promise<number> {
    await this.discover();
    let read = 0;
    for (const stream of [...this.streams.keys()].sort()) read += await this.drain(stream);
    return read;
  }

  private async discover(): Promise<void> {
    let nextToken: string | undefined;
    try {
      do {
        const page = await callWithThrottling(
          () =>
            this.logs.send(
              new DescribeLogStreamsCommand({
                logGroupName: TRAINING_LOG_GROUP,
                logStreamNamePrefix: `${this.jobName}/`,
                ...(nextToken === undefined ? {} : { nextToken }),
              }),
            ),
          this.throttle,
        );
        for (const stream of page.logStreams ?? []) {
          const name = stream.logStreamName;
          if (name !== undefined && !this.streams.has(name)) this.streams.set(name, undefined);
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    } catch (error) {
      if (awsErrorName(error) !== 'ResourceNotFoundException') throw error;
    }
  }

  private async drain(stream: string): Promise<number> {
    let read = 0;
    for (;;) {
      const token = this.streams.get(stream);
      const page = await callWithThrottling(
        () =>
          this.logs.send(
            new GetLogEventsCommand({
              logGroupName: TRAINING_LOG_GROUP,
              logStreamName: stream,
              startFromHead: true,
              ...(token === undefined ? {} : { nextToken: token }),
            }),
          ),
        this.throttle,
      );
      const events = page.events ?? [];
      for (const event of events) {
        for (const line of (event.message ?? '').split(/\r?\n/)) {
          if (line !== '') this.onLine(line, stream);
        }
      }
      read += events.length;
      // GetLogEvents returns the token it was given when there is nothing newer.
      const next = page.nextForwardToken;
      this.streams.set(stream, next ?? token);
      if (events.length === 0 || next === undefined || next === token) return read;
    }
  }
}
