/**
 * What an AWS error means for tunekit: throttling to wait out, and SageMaker's refusals, said with its own
 * message and what to change in the tuning file.
 */

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

/** The error's AWS name (`ThrottlingException`), or undefined for errors that are not AWS's. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Whether the error says "call less often".
 *
 * @param error - What an SDK call threw.
 * @returns True for throttling errors and HTTP 429.
 */
export function isThrottling(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name !== undefined && THROTTLING.has(name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status === 429;
}

/** The message of an error, without the SDK's decoration. */
export function awsMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The reason a user reads when SageMaker refused to create a job.
 *
 * @param operation - The refused call (`CreateTrainingJob`).
 * @param error - What it threw.
 * @param context - Where the user changes things: the executor's key and the parallel limit.
 * @returns One paragraph: SageMaker's error and message, then what to change.
 */
export function describeRefusal(
  operation: string,
  error: unknown,
  context: { readonly executorKey: string; readonly maxParallel: number; readonly instanceType: string },
): string {
  const name = awsErrorName(error) ?? 'Error';
  const head = `SageMaker refused ${operation} (${name}): ${awsMessage(error)}`;
  const key = context.executorKey;
  if (name === 'ResourceLimitExceeded') {
    return `${head}\nTo change: lower limits.maxParallel (now ${context.maxParallel}) or ${key}.instanceCount, choose another ${key}.instanceType (now ${context.instanceType}), or request a higher quota in AWS Service Quotas (SageMaker, "${context.instanceType} for training job usage").`;
  }
  if (name === 'ValidationException') {
    return `${head}\nTo change: check ${key} in the tuning file (roleArn, image or algorithmName, instanceType, channels, outputPath) against this message.`;
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'UnrecognizedClientException' ||
    name === 'ExpiredTokenException'
  ) {
    return `${head}\nTo change: check the AWS credentials in use (AWS_PROFILE or ${key}.profile) and that they allow sagemaker:${operation} and iam:PassRole on ${key}.roleArn.`;
  }
  return head;
}
