/**
 * The CreateTrainingJob request of one trial, and the training-job definition both executors share (the
 * managed executor's TrainingJobDefinition has the same parts).
 */
import type {
  AlgorithmSpecification,
  Channel,
  CreateTrainingJobRequest,
  HyperParameterTrainingJobDefinition,
} from '@aws-sdk/client-sagemaker';
import type { ParameterValues, SageMakerSettings, TuningJobSpec } from '@tunekit/core';
import { hyperparameterStrings } from '../executor/trialEnvironment.ts';

/**
 * The infrastructure of a training job, from the settings.
 *
 * @param settings - Validated settings.
 * @returns The request's infrastructure fields.
 */
export function trainingInfrastructure(settings: SageMakerSettings) {
  const channels: Channel[] = Object.entries(settings.channels).map(([name, channel]) => ({
    ChannelName: name,
    DataSource: {
      S3DataSource: {
        S3DataType: 'S3Prefix',
        S3Uri: channel.s3Uri,
        S3DataDistributionType: channel.distribution ?? 'FullyReplicated',
      },
    },
    ...(channel.contentType === undefined ? {} : { ContentType: channel.contentType }),
    ...(channel.compression === undefined ? {} : { CompressionType: channel.compression }),
    ...(channel.inputMode === undefined ? {} : { InputMode: channel.inputMode }),
  }));
  return {
    RoleArn: settings.roleArn,
    ...(channels.length === 0 ? {} : { InputDataConfig: channels }),
    OutputDataConfig: { S3OutputPath: settings.outputPath },
    ResourceConfig: {
      InstanceType: settings.instanceType as NonNullable<
        CreateTrainingJobRequest['ResourceConfig']
      >['InstanceType'],
      InstanceCount: settings.instanceCount,
      VolumeSizeInGB: settings.volumeSizeGB,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: settings.maxRuntimeSeconds,
      ...(settings.maxWaitSeconds === undefined ? {} : { MaxWaitTimeInSeconds: settings.maxWaitSeconds }),
    },
    ...(settings.vpc === undefined
      ? {}
      : {
          VpcConfig: {
            Subnets: [...settings.vpc.subnets],
            SecurityGroupIds: [...settings.vpc.securityGroupIds],
          },
        }),
    ...(settings.spot ? { EnableManagedSpotTraining: true } : {}),
    ...(settings.checkpoint === undefined
      ? {}
      : {
          CheckpointConfig: {
            S3Uri: settings.checkpoint.s3Uri,
            ...(settings.checkpoint.localPath === undefined
              ? {}
              : { LocalPath: settings.checkpoint.localPath }),
          },
        }),
    ...(Object.keys(settings.environment).length === 0 ? {} : { Environment: { ...settings.environment } }),
  } satisfies Partial<CreateTrainingJobRequest & HyperParameterTrainingJobDefinition>;
}

/**
 * The algorithm of a training job: image or algorithm name, input mode, metric definitions.
 *
 * @param spec - The tuning job (its metric definitions).
 * @param settings - Validated settings.
 * @returns The AlgorithmSpecification.
 */
export function algorithmSpecification(
  spec: TuningJobSpec,
  settings: SageMakerSettings,
): AlgorithmSpecification {
  return {
    ...(settings.image === undefined ? {} : { TrainingImage: settings.image }),
    ...(settings.algorithmName === undefined ? {} : { AlgorithmName: settings.algorithmName }),
    TrainingInputMode: settings.inputMode,
    MetricDefinitions: spec.metrics.map((metric) => ({ Name: metric.name, Regex: metric.regex })),
  };
}

/**
 * The CreateTrainingJob request of a trial.
 *
 * @param spec - The tuning job.
 * @param settings - Validated settings.
 * @param name - The training job's name.
 * @param params - The trial's tuned hyperparameters.
 * @returns The request: static and tuned hyperparameters as strings, the metric definitions, the settings.
 */
export function createTrainingJobRequest(
  spec: TuningJobSpec,
  settings: SageMakerSettings,
  name: string,
  params: ParameterValues,
): CreateTrainingJobRequest {
  const tags = Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    TrainingJobName: name,
    AlgorithmSpecification: algorithmSpecification(spec, settings),
    HyperParameters: hyperparameterStrings(spec.static, params),
    ...trainingInfrastructure(settings),
    Tags: [...tags, { Key: 'tunekit:job', Value: spec.name }],
  };
}
