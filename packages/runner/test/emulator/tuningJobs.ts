/**
 * The emulator's hyperparameter tuning jobs. This is an emulator, not SageMaker's tuner: whatever the Strategy,
 * it samples each trial's hyperparameters at random within the ranges (Logarithmic ranges on a log scale), seeded
 * by RandomSeed, runs up to MaxParallelTrainingJobs training jobs at once until MaxNumberOfTrainingJobs (or
 * until one reaches TargetObjectiveMetricValue), and keeps the best by the objective's final value. StopHyperParameterTuningJob stops every running training job.
 */
import { AwsError, epochSeconds, objectField, page, requireString } from './awsProtocol.ts';
import type { TrainingJobs } from './trainingJobs.ts';

interface TuningJob {
  readonly name: string;
  readonly request: Record<string, unknown>;
  readonly createdAt: number;
  status: 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  endedAt?: number;
  readonly trainingJobs: { name: string; tuned: Record<string, string> }[];
  readonly random: () => number;
}

const TUNING_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;

/** The tuning jobs of one emulator. */
export class TuningJobs {
  private readonly jobs = new Map<string, TuningJob>();

  constructor(private readonly training: TrainingJobs) {}

  /** Names and statuses, for assertions. */
  statuses(): Record<string, string> {
    return Object.fromEntries([...this.jobs.values()].map((job) => [job.name, job.status]));
  }

  handle(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'CreateHyperParameterTuningJob':
        return this.create(body);
      case 'DescribeHyperParameterTuningJob':
        return this.describe(this.get(requireString(body, 'HyperParameterTuningJobName')));
      case 'ListTrainingJobsForHyperParameterTuningJob':
        return this.listTrainingJobs(this.get(requireString(body, 'HyperParameterTuningJobName')), body);
      case 'StopHyperParameterTuningJob': {
        const job = this.get(requireString(body, 'HyperParameterTuningJobName'));
        if (job.status !== 'InProgress')
          throw new AwsError('ValidationException', `The tuning job is in status ${job.status}.`);
        job.status = 'Stopping';
        for (const trial of job.trainingJobs) this.training.stop(this.training.get(trial.name), 'Stopping');
        this.settle(job);
        return {};
      }
      default:
        throw new AwsError(
          'UnknownOperationException',
          `the emulator does not implement SageMaker.${operation}`,
        );
    }
  }

  private get(name: string): TuningJob {
    const job = this.jobs.get(name);
    if (job === undefined)
      throw new AwsError('ResourceNotFound', `Amazon SageMaker can't find a tuning job with name ${name}`);
    return job;
  }

  private create(body: Record<string, unknown>): unknown {
    const name = requireString(body, 'HyperParameterTuningJobName');
    if (!TUNING_NAME_PATTERN.test(name)) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${name}' at 'hyperParameterTuningJobName' failed to satisfy constraint: Member must have length less than or equal to 32`,
      );
    }
    if (this.jobs.has(name)) throw new AwsError('ResourceInUse', `Tuning job ${name} already exists.`);
    const config = objectField(body, 'HyperParameterTuningJobConfig');
    const definition = objectField(body, 'TrainingJobDefinition');
    if (config === undefined || definition === undefined) {
      throw new AwsError(
        'ValidationException',
        'HyperParameterTuningJobConfig and TrainingJobDefinition are required.',
      );
    }
    const parallel = Number(objectField(config, 'ResourceLimits')?.MaxParallelTrainingJobs ?? 1);
    this.training.validateDefinition(definition, parallel);
    const seed = typeof config.RandomSeed === 'number' ? config.RandomSeed : 1;
    const job: TuningJob = {
      name,
      request: body,
      createdAt: Date.now(),
      status: 'InProgress',
      trainingJobs: [],
      random: mulberry32(seed),
    };
    this.jobs.set(name, job);
    setTimeout(() => this.fill(job), 0);
    return {
      HyperParameterTuningJobArn: `arn:aws:sagemaker:us-east-1:000000000000:hyper-parameter-tuning-job/${name}`,
    };
  }

  private limits(job: TuningJob): { max: number; parallel: number } {
    const limits =
      objectField(objectField(job.request, 'HyperParameterTuningJobConfig')!, 'ResourceLimits') ?? {};
    return {
      max: Number(limits.MaxNumberOfTrainingJobs ?? 1),
      parallel: Number(limits.MaxParallelTrainingJobs ?? 1),
    };
  }

  /** Starts training jobs while there is room, then settles the job's status. */
  private fill(job: TuningJob): void {
    if (job.status !== 'InProgress') {
      this.settle(job);
      return;
    }
    if (this.targetReached(job)) {
      // As SageMaker: once a training job reaches TargetObjectiveMetricValue, the others stop and none start.
      for (const trial of job.trainingJobs) this.training.stop(this.training.get(trial.name), 'Stopping');
      this.settle(job);
      return;
    }
    const { max, parallel } = this.limits(job);
    const definition = objectField(job.request, 'TrainingJobDefinition')!;
    while (job.trainingJobs.length < max && this.running(job) < parallel) {
      const tuned = this.sample(job);
      const index = job.trainingJobs.length + 1;
      const suffix = Math.floor(job.random() * 0xffffffff)
        .toString(16)
        .padStart(8, '0');
      const name = `${job.name}-${String(index).padStart(3, '0')}-${suffix}`;
      const algorithm = objectField(definition, 'AlgorithmSpecification') ?? {};
      try {
        this.training.create(
          {
            ...definition,
            TrainingJobName: name,
            TuningJobArn: `arn:aws:sagemaker:us-east-1:000000000000:hyper-parameter-tuning-job/${job.name}`,
            HyperParameters: { ...((definition.StaticHyperParameters ?? {}) as object), ...tuned },
            AlgorithmSpecification: { ...algorithm, MetricDefinitions: algorithm.MetricDefinitions ?? [] },
          },
          () => this.fill(job),
        );
      } catch (error) {
        job.status = 'Failed';
        job.endedAt = Date.now();
        (job as { failureReason?: string }).failureReason = (error as Error).message;
        return;
      }
      job.trainingJobs.push({ name, tuned });
    }
    this.settle(job);
  }

  private running(job: TuningJob): number {
    return job.trainingJobs.filter((t) => {
      const status = this.training.get(t.name).status;
      return status === 'InProgress' || status === 'Stopping';
    }).length;
  }

  private settle(job: TuningJob): void {
    if (this.running(job) > 0) return;
    const { max } = this.limits(job);
    if (job.status === 'Stopping') {
      job.status = 'Stopped';
      job.endedAt = Date.now();
    } else if (job.status === 'InProgress' && (job.trainingJobs.length >= max || this.targetReached(job))) {
      job.status = 'Completed';
      job.endedAt = Date.now();
    }
  }

  private targetReached(job: TuningJob): boolean {
    const config = objectField(job.request, 'HyperParameterTuningJobConfig')!;
    const target = objectField(config, 'TuningJobCompletionCriteria')?.TargetObjectiveMetricValue;
    if (typeof target !== 'number') return false;
    const { name, type } = this.objective(job);
    return job.trainingJobs.some((trial) => {
      const training = this.training.get(trial.name);
      const value = training.status === 'Completed' ? training.finalMetrics.get(name)?.value : undefined;
      return value !== undefined && (type === 'Maximize' ? value >= target : value <= target);
    });
  }

  private sample(job: TuningJob): Record<string, string> {
    const ranges =
      objectField(objectField(job.request, 'HyperParameterTuningJobConfig')!, 'ParameterRanges') ?? {};
    const out: Record<string, string> = {};
    for (const range of (ranges.ContinuousParameterRanges ?? []) as Record<string, string>[]) {
      const min = Number(range.MinValue);
      const max = Number(range.MaxValue);
      const u = job.random();
      const value =
        range.ScalingType === 'Logarithmic'
          ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
          : min + u * (max - min);
      out[range.Name!] = String(value);
    }
    for (const range of (ranges.IntegerParameterRanges ?? []) as Record<string, string>[]) {
      const min = Number(range.MinValue);
      const max = Number(range.MaxValue);
      out[range.Name!] = String(min + Math.floor(job.random() * (max - min + 1)));
    }
    for (const range of (ranges.CategoricalParameterRanges ?? []) as { Name: string; Values: string[] }[]) {
      out[range.Name] = range.Values[Math.floor(job.random() * range.Values.length)]!;
    }
    return out;
  }

  private objective(job: TuningJob): { name: string; type: string } {
    const objective =
      objectField(
        objectField(job.request, 'HyperParameterTuningJobConfig')!,
        'HyperParameterTuningJobObjective',
      ) ?? {};
    return { name: String(objective.MetricName), type: String(objective.Type ?? 'Minimize') };
  }

  private trainingSummary(
    job: TuningJob,
    trial: { name: string; tuned: Record<string, string> },
  ): Record<string, unknown> {
    const training = this.training.get(trial.name);
    const { name, type } = this.objective(job);
    const final = training.finalMetrics.get(name);
    return {
      TrainingJobName: training.name,
      TrainingJobArn: `arn:aws:sagemaker:us-east-1:000000000000:training-job/${training.name}`,
      TuningJobName: job.name,
      CreationTime: epochSeconds(training.createdAt),
      ...(training.startedAt === undefined ? {} : { TrainingStartTime: epochSeconds(training.startedAt) }),
      ...(training.endedAt === undefined ? {} : { TrainingEndTime: epochSeconds(training.endedAt) }),
      TrainingJobStatus: training.status,
      TunedHyperParameters: trial.tuned,
      ...(training.failureReason === undefined ? {} : { FailureReason: training.failureReason }),
      ...(final === undefined || training.status !== 'Completed'
        ? {}
        : {
            FinalHyperParameterTuningJobObjectiveMetric: { Type: type, MetricName: name, Value: final.value },
          }),
      ObjectiveStatus:
        training.status === 'Completed' ? (final === undefined ? 'Failed' : 'Succeeded') : 'Pending',
    };
  }

  private describe(job: TuningJob): unknown {
    const summaries = job.trainingJobs.map((trial) => this.trainingSummary(job, trial));
    const count = (status: string): number => summaries.filter((s) => s.TrainingJobStatus === status).length;
    const { type } = this.objective(job);
    const sign = type === 'Maximize' ? -1 : 1;
    const scored = summaries.filter((s) => s.FinalHyperParameterTuningJobObjectiveMetric !== undefined);
    const value = (s: Record<string, unknown>): number =>
      (s.FinalHyperParameterTuningJobObjectiveMetric as { Value: number }).Value;
    const best = scored.reduce<Record<string, unknown> | undefined>(
      (acc, s) => (acc === undefined || sign * value(s) < sign * value(acc) ? s : acc),
      undefined,
    );
    return {
      HyperParameterTuningJobName: job.name,
      HyperParameterTuningJobArn: `arn:aws:sagemaker:us-east-1:000000000000:hyper-parameter-tuning-job/${job.name}`,
      HyperParameterTuningJobConfig: job.request.HyperParameterTuningJobConfig,
      TrainingJobDefinition: job.request.TrainingJobDefinition,
      ...(job.request.WarmStartConfig === undefined ? {} : { WarmStartConfig: job.request.WarmStartConfig }),
      HyperParameterTuningJobStatus: job.status,
      CreationTime: epochSeconds(job.createdAt),
      ...(job.endedAt === undefined ? {} : { HyperParameterTuningEndTime: epochSeconds(job.endedAt) }),
      LastModifiedTime: epochSeconds(Date.now()),
      TrainingJobStatusCounters: {
        Completed: count('Completed'),
        InProgress: count('InProgress') + count('Stopping'),
        RetryableError: 0,
        NonRetryableError: count('Failed'),
        Stopped: count('Stopped'),
      },
      ObjectiveStatusCounters: {
        Succeeded: scored.length,
        Pending: summaries.length - count('Completed') - count('Failed') - count('Stopped'),
        Failed: count('Completed') - scored.length + count('Failed'),
      },
      ...(best === undefined ? {} : { BestTrainingJob: best }),
      ...((job as { failureReason?: string }).failureReason === undefined
        ? {}
        : { FailureReason: (job as { failureReason?: string }).failureReason }),
    };
  }

  private listTrainingJobs(job: TuningJob, body: Record<string, unknown>): unknown {
    const summaries = job.trainingJobs.map((trial) => this.trainingSummary(job, trial));
    const status = typeof body.StatusEquals === 'string' ? body.StatusEquals : undefined;
    const filtered = summaries.filter((s) => status === undefined || s.TrainingJobStatus === status);
    if (body.SortOrder === 'Descending') filtered.reverse();
    const { items, nextToken } = page(filtered, body);
    return { TrainingJobSummaries: items, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
  }
}

/** mulberry32: a small seeded generator for the emulator's sampling (the emulator only, not tunekit's search). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
