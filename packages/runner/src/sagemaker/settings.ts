/**
 * The settings of `executor.sagemaker` and `executor.sagemaker-managed` in a tuning file, validated here (core
 * keeps them raw). Names are the camelCase of SageMaker's own fields, so a CreateTrainingJob reader finds them:
 *
 * ```yaml
 * executor:
 *   sagemaker:
 *     region: eu-west-1                       # else the standard AWS region chain
 *     roleArn: arn:aws:iam::123456789012:role/SageMakerRole
 *     image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:latest   # or algorithmName
 *     instanceType: ml.m5.xlarge
 *     instanceCount: 1
 *     channels: { train: s3://bucket/train/, validation: { s3Uri: s3://bucket/val/, contentType: text/csv } }
 *     outputPath: s3://bucket/output/
 *     maxRuntimeSeconds: 3600
 *     spot: true                              # with maxWaitSeconds and checkpoint
 * ```
 *
 * Credentials never go in the tuning file (it is copied into the job's journal): the standard AWS chain
 * (environment, shared config with `profile`, SSO, instance or container role) provides them.
 */
import type { Issue } from '@tunekit/core';
import { type FieldReader, readFields } from './settingsFields.ts';

/** One input channel of a training job. */
export interface ChannelSettings {
  readonly s3Uri: string;
  readonly contentType?: string;
  readonly compression?: 'None' | 'Gzip';
  readonly inputMode?: 'File' | 'Pipe' | 'FastFile';
  readonly distribution?: 'FullyReplicated' | 'ShardedByS3Key';
}

/** Validated settings shared by both SageMaker executors. */
export interface SageMakerSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly roleArn: string;
  readonly image?: string;
  readonly algorithmName?: string;
  readonly inputMode: 'File' | 'Pipe' | 'FastFile';
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGB: number;
  readonly channels: Readonly<Record<string, ChannelSettings>>;
  readonly outputPath: string;
  readonly maxRuntimeSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly vpc?: { readonly subnets: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly spot: boolean;
  readonly maxWaitSeconds?: number;
  readonly checkpoint?: { readonly s3Uri: string; readonly localPath?: string };
  readonly tags: Readonly<Record<string, string>>;
  /** First wait between two DescribeTrainingJob calls, seconds (default 5). */
  readonly pollSeconds: number;
  /** Longest wait between two polls while nothing changes, seconds (default 60). */
  readonly maxPollSeconds: number;
  /** Follow the training jobs' CloudWatch logs for intermediate metric values (default true). */
  readonly followLogs: boolean;
  /** Attempts of each AWS call by the SDK itself (default 5). */
  readonly maxAttempts: number;
}

/** Settings of `executor.sagemaker-managed`: the training settings plus the tuning job's own. */
export interface SageMakerManagedSettings extends SageMakerSettings {
  /** The tuning job's name on SageMaker (at most 32 characters); default: the tuning file's name. */
  readonly tuningJobName?: string;
  readonly warmStart?: {
    readonly parents: readonly string[];
    readonly type: 'IdenticalDataAndAlgorithm' | 'TransferLearning';
  };
  /** Hyperband's resources (epochs or other units the script reports), sent as StrategyConfig. */
  readonly hyperband?: { readonly minResource?: number; readonly maxResource?: number };
  /**
   * Set when the spec was imported from a CreateHyperParameterTuningJob request (core's fromSageMakerRequest): its
   * TrainingJobDefinition (and WarmStartConfig, Tags, StrategyConfig) as SageMaker takes them, sent unchanged.
   */
  readonly request?: {
    readonly TrainingJobDefinition: Readonly<Record<string, unknown>>;
    readonly WarmStartConfig?: unknown;
    readonly Tags?: unknown;
    readonly StrategyConfig?: unknown;
  };
}

/** Fields of an imported request's settings (see {@link SageMakerManagedSettings.request}). */
const REQUEST_FIELDS = ['TrainingJobDefinition', 'WarmStartConfig', 'Tags', 'StrategyConfig'];

const CREDENTIAL_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'credentials', 'awsAccessKeyId'];

/** Environment variables that hold AWS credentials (compared without case). */
const CREDENTIAL_VARIABLES = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
]);

/**
 * Validates the settings of a SageMaker executor.
 *
 * @param kind - Which executor the settings belong to.
 * @param raw - The settings as written in the tuning file.
 * @returns The settings, or every problem with its path (`executor.sagemaker.roleArn`) and what to change.
 */
export function validateSageMakerSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
): { ok: true; value: SageMakerManagedSettings } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const base = ['executor', kind];
  for (const field of CREDENTIAL_FIELDS) {
    if (raw[field] !== undefined) {
      issues.push({
        code: 'sagemaker.credentialsInFile',
        path: [...base, field],
        message:
          'credentials do not belong in a tuning file (it is copied into the job journal): remove it and use the AWS credential chain (AWS_PROFILE or profile, environment variables, SSO, or an instance role)',
      });
    }
  }
  const definition = raw.TrainingJobDefinition;
  const imported = kind === 'sagemaker-managed' && typeof definition === 'object' && definition !== null;
  checkEnvironmentCredentials(raw.environment, [...base, 'environment'], issues);
  // A URL's user name and password are credentials too, and the reader below would repeat a bad value.
  const endpointHasCredentials =
    typeof raw.endpoint === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw.endpoint);
  if (endpointHasCredentials) {
    issues.push({
      code: 'sagemaker.credentialsInFile',
      path: [...base, 'endpoint'],
      message:
        'credentials do not belong in a tuning file (it is copied into the job journal): remove the user name and password from the URL',
    });
  }
  if (imported) {
    const environment = (definition as { Environment?: unknown }).Environment;
    checkEnvironmentCredentials(environment, [...base, 'TrainingJobDefinition', 'Environment'], issues);
  }
  const f: FieldReader = readFields(raw, base, issues);
  const image = f.string('image');
  const algorithmName = f.string('algorithmName');
  if (!imported && (image === undefined) === (algorithmName === undefined)) {
    issues.push({
      code: 'sagemaker.imageOrAlgorithm',
      path: [...base, image === undefined ? 'image' : 'algorithmName'],
      message:
        'give exactly one of image (an ECR training image URI) and algorithmName (a SageMaker algorithm)',
    });
  }
  const roleArn = f.string('roleArn', {
    required: !imported,
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
    hint: 'an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerRole',
  });
  const spot = f.boolean('spot') ?? false;
  const maxRuntimeSeconds = f.integer('maxRuntimeSeconds', 1) ?? 86_400;
  const maxWaitSeconds = f.integer('maxWaitSeconds', 1);
  if (maxWaitSeconds !== undefined && !spot) {
    issues.push({
      code: 'sagemaker.maxWaitWithoutSpot',
      path: [...base, 'maxWaitSeconds'],
      message: 'maxWaitSeconds only applies to spot training: set spot: true or remove it',
    });
  }
  if (maxWaitSeconds !== undefined && maxWaitSeconds < maxRuntimeSeconds) {
    issues.push({
      code: 'sagemaker.maxWaitBelowRuntime',
      path: [...base, 'maxWaitSeconds'],
      message: `must be at least maxRuntimeSeconds (${maxRuntimeSeconds}), as SageMaker requires`,
    });
  }
  const settings: SageMakerManagedSettings = {
    ...optional(
      'region',
      f.string('region', { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, hint: 'a region like eu-west-1' }),
    ),
    ...optional(
      'endpoint',
      endpointHasCredentials
        ? undefined
        : f.string('endpoint', {
            pattern: /^https?:\/\/\S+$/,
            hint: 'a URL like https://api.sagemaker.eu-west-1.amazonaws.com',
          }),
    ),
    ...optional('profile', f.string('profile')),
    roleArn: roleArn ?? '',
    ...optional('image', image),
    ...optional('algorithmName', algorithmName),
    inputMode: f.oneOf('inputMode', ['File', 'Pipe', 'FastFile'] as const) ?? 'File',
    instanceType:
      f.string('instanceType', {
        pattern: /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/,
        hint: 'a training instance type like ml.m5.xlarge',
      }) ?? 'ml.m5.large',
    instanceCount: f.integer('instanceCount', 1) ?? 1,
    volumeSizeGB: f.integer('volumeSizeGB', 1) ?? 30,
    channels: f.channels('channels'),
    outputPath:
      f.string('outputPath', {
        required: !imported,
        pattern: /^s3:\/\/[^/]+/,
        hint: 'an S3 URI like s3://bucket/output/',
      }) ?? '',
    maxRuntimeSeconds,
    environment: f.stringRecord('environment'),
    ...optional('vpc', f.vpc('vpc')),
    spot,
    ...optional('maxWaitSeconds', maxWaitSeconds ?? (spot ? maxRuntimeSeconds : undefined)),
    ...optional('checkpoint', f.checkpoint('checkpoint')),
    tags: f.stringRecord('tags'),
    pollSeconds: f.number('pollSeconds', 0.001) ?? 5,
    maxPollSeconds: f.number('maxPollSeconds', 0.001) ?? 60,
    followLogs: f.boolean('followLogs') ?? true,
    maxAttempts: f.integer('maxAttempts', 1) ?? 5,
    ...(kind === 'sagemaker-managed'
      ? {
          ...optional(
            'tuningJobName',
            f.string('tuningJobName', {
              pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/,
              hint: 'at most 32 letters, digits and hyphens (SageMaker limit on tuning job names)',
            }),
          ),
          ...optional('warmStart', f.warmStart('warmStart')),
          ...optional('hyperband', f.hyperband('hyperband')),
          ...(imported
            ? {
                request: {
                  TrainingJobDefinition: definition as Record<string, unknown>,
                  ...Object.fromEntries(
                    REQUEST_FIELDS.slice(1)
                      .filter((key) => raw[key] !== undefined)
                      .map((key) => [key, raw[key]]),
                  ),
                },
              }
            : {}),
        }
      : {}),
  };
  f.rejectUnknown(
    kind === 'sagemaker-managed'
      ? [...KNOWN, 'tuningJobName', 'warmStart', 'hyperband', ...(imported ? REQUEST_FIELDS : [])]
      : KNOWN,
    CREDENTIAL_FIELDS,
  );
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: settings };
}

const KNOWN = [
  'region',
  'endpoint',
  'profile',
  'roleArn',
  'image',
  'algorithmName',
  'inputMode',
  'instanceType',
  'instanceCount',
  'volumeSizeGB',
  'channels',
  'outputPath',
  'maxRuntimeSeconds',
  'environment',
  'vpc',
  'spot',
  'maxWaitSeconds',
  'checkpoint',
  'tags',
  'pollSeconds',
  'maxPollSeconds',
  'followLogs',
  'maxAttempts',
];

/**
 * Refuses AWS credentials in a training job's environment: the tuning file is copied into the job journal, and
 * SageMaker shows a training job's environment to anyone allowed to describe it.
 */
function checkEnvironmentCredentials(environment: unknown, path: readonly string[], issues: Issue[]): void {
  if (typeof environment !== 'object' || environment === null) return;
  for (const key of Object.keys(environment)) {
    if (!CREDENTIAL_VARIABLES.has(key.toUpperCase())) continue;
    issues.push({
      code: 'sagemaker.credentialsInFile',
      path: [...path, key],
      message:
        "credentials do not belong in a tuning file (it is copied into the job journal, and SageMaker shows a training job's environment to whoever can describe it): remove it; the training job gets AWS access from its role (roleArn)",
    });
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
