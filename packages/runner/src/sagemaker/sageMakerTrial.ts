/**
 * One trial as a SageMaker training job: created (or, on resume, reattached from the journaled handle), polled
 * with DescribeTrainingJob under a growing interval, its CloudWatch log followed through the metric parser for
 * intermediate values, and stopped with StopTrainingJob on request.
 *
 * Resume: a handle names a training job. InProgress: follow it, never start it again. Completed or Failed: its
 * outcome is the trial's. Stopping or Stopped (the last tuner stopped it on Ctrl-C): start a new run, with a new
 * name, with the same hyperparameters. Unknown: start a new run.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import type { SageMakerSettings, TrialOutcome } from '@tunekit/core';
import { TrialMetrics } from '../executor/metricStream.ts';
import { TRIAL_LOG_FILE } from '../executor/trialFiles.ts';
import type { RunningTrial, TrialLaunch } from '../executor/types.ts';
import { awsDetail, awsErrorName, awsMessage, describeRefusal } from './awsErrors.ts';
import { callWithThrottling, PollBackoff, sleep, type ThrottleOptions } from './backoff.ts';
import type { TrainingCapacity } from './capacity.ts';
import type { AwsClients } from './clients.ts';
import { LogFollower } from './logFollower.ts';
import { newRunSuffix, trainingJobName } from './names.ts';
import { QUOTED_LOG_LINES, trainingJobOutcome } from './trainingJobOutcome.ts';
import { createTrainingJobRequest } from './trainingJobRequest.ts';

/** Describe failures in a row (other than throttling) after which the trial gives up. */
const MAX_DESCRIBE_FAILURES = 5;

/** The handle journaled with `trialStarted`: enough for a resumed tuner to find the job again. */
export interface SageMakerTrialHandle {
  readonly executor: 'sagemaker';
  readonly trainingJobName: string;
  readonly region?: string;
}

/** @internal */
export class SageMakerTrial implements RunningTrial {
  readonly done: Promise<TrialOutcome>;
  private name: string | undefined;
  private created = false;
  private finished = false;
  private stopReason: string | undefined;
  private stopping: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private markDecided!: () => void;
  /** Resolves once the job exists on SageMaker or will never exist. */
  private readonly decided = new Promise<void>((resolve) => {
    this.markDecided = resolve;
  });
  private readonly metrics: TrialMetrics;
  private readonly tail: string[] = [];
  private readonly throttle: ThrottleOptions;

  constructor(
    private readonly launch: TrialLaunch,
    private readonly settings: SageMakerSettings,
    private readonly clients: AwsClients,
    private readonly capacity?: TrainingCapacity,
  ) {
    const pollMs = settings.pollSeconds * 1000;
    this.throttle = {
      initialMs: Math.max(pollMs, 1),
      maxMs: Math.max(settings.maxPollSeconds * 1000, pollMs),
    };
    this.metrics = new TrialMetrics(launch.spec, launch.onMetric, (text) => this.writeLog(text));
    this.done = this.run().then(
      (outcome) => {
        this.finished = true;
        this.markDecided();
        this.capacity?.remove(this);
        return outcome;
      },
      (error: unknown): TrialOutcome => {
        this.finished = true;
        this.markDecided();
        this.capacity?.remove(this);
        const where = this.name === undefined ? '' : ` (training job ${this.name})`;
        return { status: 'Failed', reason: `SageMaker executor error${where}: ${awsMessage(error)}` };
      },
    );
  }

  async stop(reason: string): Promise<void> {
    this.stopReason ??= reason;
    this.wake?.();
    if (this.finished) return;
    this.stopping ??= this.requestStop();
    await this.stopping;
  }

  private async run(): Promise<TrialOutcome> {
    const start = await this.attachOrCreate();
    this.markDecided();
    if (start !== undefined) return start;
    const name = this.name!;
    if (this.stopReason !== undefined) void this.stop(this.stopReason);
    let follower: LogFollower | undefined = this.settings.followLogs
      ? new LogFollower(this.clients.logs, name, (line) => this.onLine(line), this.throttle)
      : undefined;
    const backoff = new PollBackoff(this.settings.pollSeconds * 1000, this.settings.maxPollSeconds * 1000);
    let lastState = '';
    let failures = 0;
    for (;;) {
      let job: DescribeTrainingJobResponse;
      try {
        job = await this.describe(name);
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures >= MAX_DESCRIBE_FAILURES) {
          throw new Error(
            `DescribeTrainingJob failed ${failures} times in a row (${awsDetail(error)}); the training job may still be running: check it in the SageMaker console`,
          );
        }
        await this.pause(backoff.next());
        continue;
      }
      const terminal = ['Completed', 'Failed', 'Stopped'].includes(job.TrainingJobStatus ?? '');
      let read = 0;
      if (follower !== undefined) {
        try {
          read = await follower.poll();
        } catch (error) {
          this.writeLog(`[tunekit] stopped following the CloudWatch log: ${awsMessage(error)}`);
          follower = undefined;
        }
      }
      if (terminal) {
        this.metrics.endOutput();
        return trainingJobOutcome(job, this.launch.spec, this.metrics.result([]), this.stopReason, this.tail);
      }
      const state = `${job.TrainingJobStatus}/${job.SecondaryStatus}`;
      if (state !== lastState || read > 0) backoff.reset();
      lastState = state;
      await this.pause(backoff.next());
    }
  }

  /** Reattaches to the journaled job, or creates a new one; returns an outcome when there is nothing to follow. */
  private async attachOrCreate(): Promise<TrialOutcome | undefined> {
    const previous = this.launch.resumeHandle?.trainingJobName;
    if (typeof previous === 'string') {
      let status: string | undefined;
      try {
        status = (await this.describe(previous)).TrainingJobStatus;
      } catch (error) {
        if (awsErrorName(error) !== 'ValidationException' && awsErrorName(error) !== 'ResourceNotFound')
          throw error;
      }
      if (status === 'InProgress' || status === 'Completed' || status === 'Failed') {
        this.name = previous;
        this.created = true;
        if (status === 'InProgress') this.capacity?.add(this);
        this.writeLog(`[tunekit] reattached to training job ${previous} (${status})`);
        this.started();
        return undefined;
      }
    }
    if (this.stopReason !== undefined) return { status: 'Stopped', reason: this.stopReason };
    const { spec, trialId, params } = this.launch;
    const name = trainingJobName(spec.name, trialId, newRunSuffix());
    this.name = name;
    const request = createTrainingJobRequest(spec, this.settings, name, params);
    // The name is journaled before the job is created: a tuner killed during the call leaves a handle that the
    // next one reattaches to (or, if the job was never created, replaces with a new name), never an orphan.
    this.started();
    for (;;) {
      try {
        await callWithThrottling(
          () => this.clients.sagemaker.send(new CreateTrainingJobCommand(request)),
          this.throttle,
        );
        break;
      } catch (error) {
        // An SDK retry after a lost answer meets the job its first attempt created: that job is ours.
        if (awsErrorName(error) === 'ValidationException' && awsMessage(error).includes('already exists'))
          break;
        if (awsErrorName(error) === 'ResourceLimitExceeded' && this.capacity?.othersRunning(this)) {
          this.writeLog(
            `[tunekit] SageMaker refused ${name} for now (ResourceLimitExceeded: ${awsDetail(error)}); waiting for another training job of this tuning job to end`,
          );
          await this.waitFor(this.capacity.nextEnd());
          if (this.stopReason !== undefined) return { status: 'Stopped', reason: this.stopReason };
          continue;
        }
        return {
          status: 'Failed',
          reason: describeRefusal('CreateTrainingJob', error, {
            executorKey: `executor.${spec.executor.kind}`,
            maxParallel: spec.limits.maxParallel,
            instanceType: this.settings.instanceType,
          }),
        };
      }
    }
    this.capacity?.add(this);
    this.created = true;
    this.writeLog(`[tunekit] created training job ${name}`);
    return undefined;
  }

  private started(): void {
    const handle: SageMakerTrialHandle = {
      executor: 'sagemaker',
      trainingJobName: this.name!,
      ...(this.settings.region === undefined ? {} : { region: this.settings.region }),
    };
    this.launch.onStarted?.(handle as unknown as Record<string, unknown>);
  }

  private async requestStop(): Promise<void> {
    await this.decided;
    if (!this.created || this.finished) return;
    const name = this.name!;
    try {
      await callWithThrottling(
        () => this.clients.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })),
        this.throttle,
      );
    } catch (error) {
      // ValidationException: the job is no longer InProgress (it ended, or is stopping already).
      if (awsErrorName(error) !== 'ValidationException') throw error;
    }
    const backoff = new PollBackoff(this.settings.pollSeconds * 1000, this.settings.maxPollSeconds * 1000);
    while (!this.finished && (await this.describe(name)).TrainingJobStatus === 'InProgress') {
      await sleep(backoff.next());
    }
    this.wake?.();
  }

  private describe(name: string): Promise<DescribeTrainingJobResponse> {
    return callWithThrottling(
      () => this.clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
      this.throttle,
    );
  }

  private onLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > QUOTED_LOG_LINES) this.tail.shift();
    this.writeLog(line);
    this.launch.onLine?.(line);
    this.metrics.feedOutput(`${line}\n`);
  }

  private writeLog(line: string): void {
    try {
      appendFileSync(join(this.launch.trialDir, TRIAL_LOG_FILE), `${line}\n`);
    } catch {
      // The trial's folder is gone (a test's temporary folder): the log is a convenience, not the record.
    }
  }

  /** Waits for the next poll, or less when stop() is called. */
  private pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    return this.waitFor(elapsed).finally(() => clearTimeout(timer));
  }

  /** Waits for an event, or less when stop() is called. */
  private waitFor(event: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      void event.then(done);
    });
  }
}
