/**
 * The emulator's training jobs: each runs the training command its image maps to as a local process, with the
 * hyperparameters as `--name value` arguments (SageMaker script mode), its output as log events in
 * `/aws/sagemaker/TrainingJobs` stream `<job>/algo-1-<epoch seconds>`, and its MetricDefinitions read from that
 * output into FinalMetricDataList. Status: InProgress, then Completed or Failed; StopTrainingJob (or
 * MaxRuntimeInSeconds) goes through Stopping to Stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AwsError, epochSeconds, objectField, page, requireString } from './awsProtocol.ts';
import type { LogStore } from './logStore.ts';

export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export interface TrainingJobsOptions {
  /** Training image (or algorithm name) -> the command that plays it, as an argument array. */
  readonly images: Readonly<Record<string, readonly string[]>>;
  /** Extra environment of every training process (RUN_LOG for witnesses). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long a job stays in SecondaryStatus Starting before its process starts, ms (default 0). */
  readonly startDelayMs?: number;
  /** How long a job stays Stopping at least, ms (default 30). */
  readonly stoppingMs?: number;
}

/** Faults the tests turn on. */
export interface TrainingFaults {
  /** CreateTrainingJob and CreateHyperParameterTuningJob calls left that answer ResourceLimitExceeded. */
  resourceLimitExceeded: number;
  /** Training jobs left that fail at once with an emulated ClientError. */
  failJobs: number;
  /** Extra start delay (ms) of the next training jobs: a slow job. */
  slowStartMs: number;
  /** Instances the account may run at once (ResourceLimitExceeded beyond it); undefined = no limit. */
  instanceQuota?: number;
}

interface TrainingJob {
  readonly name: string;
  readonly request: Record<string, unknown>;
  readonly createdAt: number;
  status: 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  secondaryStatus: string;
  startedAt?: number;
  endedAt?: number;
  lastModified: number;
  failureReason?: string;
  process?: ChildProcess;
  stopRequested: boolean;
  readonly finalMetrics: Map<string, { value: number; t: number }>;
  readonly listeners: ((job: TrainingJob) => void)[];
}

/** The training jobs of one emulator. */
export class TrainingJobs {
  private readonly jobs = new Map<string, TrainingJob>();
  readonly faults: TrainingFaults = { resourceLimitExceeded: 0, failJobs: 0, slowStartMs: 0 };

  constructor(
    private readonly options: TrainingJobsOptions,
    private readonly logs: LogStore,
  ) {}

  /** Names and statuses of every job, for assertions. */
  statuses(): Record<string, string> {
    return Object.fromEntries([...this.jobs.values()].map((job) => [job.name, job.status]));
  }

  /**
   * Checks a training-job definition as SageMaker does before creating anything (also for a tuning job's
   * TrainingJobDefinition), and the instance quota (the resourceLimitExceeded fault).
   *
   * @param body - The definition.
   * @param parallelJobs - Jobs that would run at once (a tuning job's MaxParallelTrainingJobs).
   * @returns The training image (or algorithm name).
   */
  validateDefinition(body: Record<string, unknown>, parallelJobs: number): string {
    requireString(body, 'RoleArn');
    const algorithm = objectField(body, 'AlgorithmSpecification');
    const image = (algorithm?.TrainingImage ?? algorithm?.AlgorithmName) as string | undefined;
    if (image === undefined) {
      throw new AwsError(
        'ValidationException',
        'Either TrainingImage or AlgorithmName must be specified in AlgorithmSpecification.',
      );
    }
    if (this.options.images[image] === undefined) {
      throw new AwsError('ValidationException', `Requested image ${image} not found.`);
    }
    const resources = objectField(body, 'ResourceConfig');
    if (resources === undefined || objectField(body, 'OutputDataConfig') === undefined) {
      throw new AwsError('ValidationException', 'ResourceConfig and OutputDataConfig are required.');
    }
    const type = (resources.InstanceType as string) ?? 'ml.m5.large';
    const delta = parallelJobs * Number(resources.InstanceCount ?? 1);
    const quota = this.faults.instanceQuota;
    const inUse = this.instancesInUse();
    if (this.faults.resourceLimitExceeded > 0 || (quota !== undefined && inUse + delta > quota)) {
      if (this.faults.resourceLimitExceeded > 0) this.faults.resourceLimitExceeded -= 1;
      throw new AwsError(
        'ResourceLimitExceeded',
        `The account-level service limit '${type} for training job usage' is ${quota ?? 2} Instances, with current utilization of ${quota === undefined ? 2 : inUse} Instances and a request delta of ${delta} Instances. Please use AWS Service Quotas to request an increase for this quota.`,
      );
    }
    return image;
  }

  private instancesInUse(): number {
    let count = 0;
    for (const job of this.jobs.values()) {
      if (job.status === 'InProgress' || job.status === 'Stopping')
        count += Number(objectField(job.request, 'ResourceConfig')?.InstanceCount ?? 1);
    }
    return count;
  }

  /** Creates a job (used by CreateTrainingJob and by tuning jobs); `onEnd` hears its end. */
  create(body: Record<string, unknown>, onEnd?: (name: string) => void): TrainingJob {
    const name = requireString(body, 'TrainingJobName');
    if (!NAME_PATTERN.test(name)) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${name}' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
      );
    }
    if (this.jobs.has(name)) {
      throw new AwsError(
        'ValidationException',
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:us-east-1:000000000000:training-job/${name})`,
      );
    }
    const image = this.validateDefinition(body, 1);
    const now = Date.now();
    const job: TrainingJob = {
      name,
      request: body,
      createdAt: now,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      lastModified: now,
      stopRequested: false,
      finalMetrics: new Map(),
      listeners: onEnd === undefined ? [] : [(ended) => onEnd(ended.name)],
    };
    this.jobs.set(name, job);
    if (this.faults.failJobs > 0) {
      this.faults.failJobs -= 1;
      setTimeout(
        () => this.end(job, 'Failed', 'ClientError: emulated failure: the input channel train is empty'),
        10,
      );
      return job;
    }
    const delay = (this.options.startDelayMs ?? 0) + this.faults.slowStartMs;
    setTimeout(() => this.launch(job, image), delay);
    const stopping = objectField(body, 'StoppingCondition');
    const maxRuntime =
      typeof stopping?.MaxRuntimeInSeconds === 'number' ? stopping.MaxRuntimeInSeconds : undefined;
    if (maxRuntime !== undefined) {
      setTimeout(() => {
        if (job.status === 'InProgress') this.stop(job, 'MaxRuntimeExceeded');
      }, maxRuntime * 1000).unref();
    }
    return job;
  }

  /** Handles one training-job operation. */
  handle(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'CreateTrainingJob': {
        const job = this.create(body);
        return { TrainingJobArn: arnOf(job.name) };
      }
      case 'DescribeTrainingJob':
        return this.describe(this.get(requireString(body, 'TrainingJobName')));
      case 'StopTrainingJob': {
        const job = this.get(requireString(body, 'TrainingJobName'));
        if (job.status !== 'InProgress') {
          throw new AwsError(
            'ValidationException',
            `The request was rejected because the training job is in status ${job.status}.`,
          );
        }
        this.stop(job, 'Stopping');
        return {};
      }
      case 'ListTrainingJobs': {
        const contains = typeof body.NameContains === 'string' ? body.NameContains : '';
        const status = typeof body.StatusEquals === 'string' ? body.StatusEquals : undefined;
        const matching = [...this.jobs.values()]
          .filter((job) => job.name.includes(contains) && (status === undefined || job.status === status))
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((job) => this.summary(job));
        const { items, nextToken } = page(matching, body);
        return { TrainingJobSummaries: items, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
      }
      default:
        throw new AwsError(
          'UnknownOperationException',
          `the emulator does not implement SageMaker.${operation}`,
        );
    }
  }

  get(name: string): TrainingJob {
    const job = this.jobs.get(name);
    if (job === undefined) throw new AwsError('ValidationException', 'Requested resource not found.');
    return job;
  }

  /** Requests a stop: Stopping, SIGTERM to the process, Stopped once it is gone. */
  stop(job: TrainingJob, secondaryStatus: string): void {
    if (job.status !== 'InProgress') return;
    job.status = 'Stopping';
    job.secondaryStatus = secondaryStatus;
    job.stopRequested = true;
    job.lastModified = Date.now();
    if (job.process === undefined) this.end(job, 'Stopped');
    else job.process.kill('SIGTERM');
  }

  /** The DescribeTrainingJob answer. */
  describe(job: TrainingJob): Record<string, unknown> {
    const r = job.request;
    return {
      TrainingJobName: job.name,
      TrainingJobArn: arnOf(job.name),
      ...pick(r, [
        'TuningJobArn',
        'HyperParameters',
        'AlgorithmSpecification',
        'RoleArn',
        'InputDataConfig',
        'OutputDataConfig',
        'ResourceConfig',
        'StoppingCondition',
        'VpcConfig',
        'EnableManagedSpotTraining',
        'CheckpointConfig',
        'Environment',
      ]),
      TrainingJobStatus: job.status,
      SecondaryStatus: job.secondaryStatus,
      CreationTime: epochSeconds(job.createdAt),
      LastModifiedTime: epochSeconds(job.lastModified),
      ...(job.startedAt === undefined ? {} : { TrainingStartTime: epochSeconds(job.startedAt) }),
      ...(job.endedAt === undefined ? {} : { TrainingEndTime: epochSeconds(job.endedAt) }),
      ...(job.failureReason === undefined ? {} : { FailureReason: job.failureReason }),
      FinalMetricDataList: [...job.finalMetrics].map(([MetricName, { value, t }]) => ({
        MetricName,
        Value: value,
        Timestamp: epochSeconds(t),
      })),
      ModelArtifacts:
        job.status === 'Completed'
          ? {
              S3ModelArtifacts: `${String(objectField(r, 'OutputDataConfig')?.S3OutputPath)}/${job.name}/output/model.tar.gz`,
            }
          : undefined,
    };
  }

  summary(job: TrainingJob): Record<string, unknown> {
    return {
      TrainingJobName: job.name,
      TrainingJobArn: arnOf(job.name),
      CreationTime: epochSeconds(job.createdAt),
      LastModifiedTime: epochSeconds(job.lastModified),
      ...(job.endedAt === undefined ? {} : { TrainingEndTime: epochSeconds(job.endedAt) }),
      TrainingJobStatus: job.status,
    };
  }

  /** What a training job is, for the tuning jobs: status, start/end, failure, final metrics. */
  snapshot(name: string): TrainingJob {
    return this.get(name);
  }

  /** Kills every process at once (emulator shutdown). */
  async close(): Promise<void> {
    const exits = [...this.jobs.values()]
      .filter(
        (job) =>
          job.process !== undefined && job.process.exitCode === null && job.process.signalCode === null,
      )
      .map(
        (job) =>
          new Promise<void>((resolve) => {
            job.process!.once('close', () => resolve());
            job.process!.kill('SIGKILL');
          }),
      );
    await Promise.all(exits);
  }

  private launch(job: TrainingJob, image: string): void {
    if (job.status !== 'InProgress') return;
    const command = this.options.images[image]!;
    const args: string[] = [...command.slice(1)];
    const hyperparameters = objectField(job.request, 'HyperParameters') ?? {};
    for (const [name, value] of Object.entries(hyperparameters)) args.push(`--${name}`, String(value));
    const stream = `${job.name}/algo-1-${Math.floor(Date.now() / 1000)}`;
    this.logs.createStream(TRAINING_LOG_GROUP, stream);
    const definitions = (
      (objectField(job.request, 'AlgorithmSpecification')?.MetricDefinitions ?? []) as {
        Name: string;
        Regex: string;
      }[]
    ).map((d) => ({ name: d.Name, regex: new RegExp(d.Regex) }));
    const child = spawn(command[0]!, args, {
      env: {
        ...process.env,
        ...this.options.env,
        ...((objectField(job.request, 'Environment') ?? {}) as Record<string, string>),
        TRAINING_JOB_NAME: job.name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    job.process = child;
    job.startedAt = Date.now();
    job.secondaryStatus = 'Training';
    job.lastModified = Date.now();
    const tail: string[] = [];
    const onLine = (line: string): void => {
      this.logs.put(TRAINING_LOG_GROUP, stream, line);
      tail.push(line);
      if (tail.length > 5) tail.shift();
      for (const { name, regex } of definitions) {
        const value = Number(regex.exec(line)?.[1]);
        if (Number.isFinite(value)) job.finalMetrics.set(name, { value, t: Date.now() });
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('close', (code) => {
      if (job.stopRequested) this.end(job, 'Stopped');
      else if (code === 0) this.end(job, 'Completed');
      else {
        this.end(
          job,
          'Failed',
          `AlgorithmError: ExecuteUserScriptError:\nExitCode ${code}\nErrorMessage "${tail.at(-1) ?? ''}"`,
        );
      }
    });
  }

  private end(job: TrainingJob, status: 'Completed' | 'Failed' | 'Stopped', reason?: string): void {
    if (job.status === 'Completed' || job.status === 'Failed' || job.status === 'Stopped') return;
    const finish = (): void => {
      job.status = status;
      if (status !== 'Stopped' || job.secondaryStatus === 'Stopping') job.secondaryStatus = status;
      job.endedAt = Date.now();
      job.lastModified = job.endedAt;
      if (reason !== undefined) job.failureReason = reason;
      for (const listener of job.listeners) listener(job);
    };
    // A stop is visible as Stopping for a moment, as on SageMaker.
    if (status === 'Stopped') setTimeout(finish, this.options.stoppingMs ?? 30);
    else finish();
  }
}

function arnOf(name: string): string {
  return `arn:aws:sagemaker:us-east-1:000000000000:training-job/${name.toLowerCase()}`;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
