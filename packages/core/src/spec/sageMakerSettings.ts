/**
 * Parsing of `executor.sagemaker` and `executor.sagemaker-managed` into typed settings
 * (`SageMakerSettings`, `SageMakerManagedSettings` in types.ts). Names are the camelCase of SageMaker's own
 * fields, so a CreateTrainingJob reader finds them:
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
 * (environment, shared config with `profile`, SSO, instance or container role) provides them, and every field
 * that would hold one is refused here.
 */
import type { ParseResult } from '../errors.ts';
import { Issues, type Path, readRecord } from './reader.ts';
import { type FieldReader, readFields } from './sageMakerFields.ts';
import type { SageMakerManagedSettings } from './types.ts';

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
 * Reads the settings of a SageMaker executor as a tuning file's `executor.sagemaker` or
 * `executor.sagemaker-managed` gives them (`parseTuningFile` does this for a whole file).
 *
 * @param kind - Which executor the settings belong to.
 * @param raw - The settings as written.
 * @returns The settings with their defaults, or every problem with its path (`executor.sagemaker.roleArn`).
 * @example
 * const result = readSageMakerSettings('sagemaker', { roleArn, image, outputPath: 's3://bucket/out/' });
 */
export function readSageMakerSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: unknown,
): ParseResult<SageMakerManagedSettings> {
  const issues = new Issues();
  const path = ['executor', kind];
  const record = readRecord(raw, path, issues, `${kind} settings`);
  const value = record === undefined ? undefined : parseSageMakerSettings(kind, record, path, issues);
  return value === undefined ? { ok: false, issues: issues.errors } : { ok: true, value };
}

/**
 * @internal Reads the settings of a SageMaker executor into `issues`.
 *
 * @param kind - Which executor the settings belong to.
 * @param raw - The settings as written in the tuning file.
 * @param base - Their path, `['executor', kind]`.
 * @param issues - Where problems go, each with its path (`executor.sagemaker.roleArn`) and what to change.
 * @returns The settings with their defaults, or undefined when they have problems.
 */
export function parseSageMakerSettings(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
  base: Path,
  issues: Issues,
): SageMakerManagedSettings | undefined {
  const before = issues.errors.length;
  for (const field of CREDENTIAL_FIELDS) {
    if (raw[field] !== undefined) {
      issues.add(
        'sagemaker.credentialsInFile',
        [...base, field],
        'credentials do not belong in a tuning file (it is copied into the job journal): remove it and use the AWS credential chain (AWS_PROFILE or profile, environment variables, SSO, or an instance role)',
      );
    }
  }
  const definition = raw.TrainingJobDefinition;
  const imported = kind === 'sagemaker-managed' && typeof definition === 'object' && definition !== null;
  checkEnvironmentCredentials(raw.environment, [...base, 'environment'], issues);
  // A URL's user name and password are credentials too, and the reader below would repeat a bad value.
  const endpointHasCredentials =
    typeof raw.endpoint === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw.endpoint);
  if (endpointHasCredentials) {
    issues.add(
      'sagemaker.credentialsInFile',
      [...base, 'endpoint'],
      'credentials do not belong in a tuning file (it is copied into the job journal): remove the user name and password from the URL',
    );
  }
  if (imported) {
    const environment = (definition as { Environment?: unknown }).Environment;
    checkEnvironmentCredentials(environment, [...base, 'TrainingJobDefinition', 'Environment'], issues);
  }
  const f: FieldReader = readFields(raw, base, issues);
  const image = f.string('image');
  const algorithmName = f.string('algorithmName');
  if (!imported && (image === undefined) === (algorithmName === undefined)) {
    issues.add(
      'sagemaker.imageOrAlgorithm',
      [...base, image === undefined ? 'image' : 'algorithmName'],
      'give exactly one of image (an ECR training image URI) and algorithmName (a SageMaker algorithm)',
    );
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
    issues.add(
      'sagemaker.maxWaitWithoutSpot',
      [...base, 'maxWaitSeconds'],
      'maxWaitSeconds only applies to spot training: set spot: true or remove it',
    );
  }
  if (maxWaitSeconds !== undefined && maxWaitSeconds < maxRuntimeSeconds) {
    issues.add(
      'sagemaker.maxWaitBelowRuntime',
      [...base, 'maxWaitSeconds'],
      `must be at least maxRuntimeSeconds (${maxRuntimeSeconds}), as SageMaker requires`,
    );
  }
  // A tuning-job name over 32 characters is the job rules' to refuse (rules.ts): they say how to keep a long name.
  const longName = typeof raw.tuningJobName === 'string' && raw.tuningJobName.length > 32;
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
            f.string(
              'tuningJobName',
              longName
                ? {}
                : {
                    pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/,
                    hint: 'at most 32 letters, digits and hyphens (SageMaker limit on tuning job names)',
                  },
            ),
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
  return issues.errors.length > before ? undefined : settings;
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
function checkEnvironmentCredentials(environment: unknown, path: Path, issues: Issues): void {
  if (typeof environment !== 'object' || environment === null) return;
  for (const key of Object.keys(environment)) {
    if (!CREDENTIAL_VARIABLES.has(key.toUpperCase())) continue;
    issues.add(
      'sagemaker.credentialsInFile',
      [...path, key],
      "credentials do not belong in a tuning file (it is copied into the job journal, and SageMaker shows a training job's environment to whoever can describe it): remove it; the training job gets AWS access from its role (roleArn)",
    );
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
