/**
 * What an AWS error means for tunekit: which call failed, throttling to wait out, and SageMaker's refusals, said
 * with its own message and what to change in the tuning file.
 */
import { NOT_AWS_ANSWER, redactSecrets } from './awsAnswers.ts';

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

/** The message of an error: for an AWS call's, `Operation: what went wrong (AwsErrorName)`. */
export function awsMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The call and the message without it, of each error {@link nameOperation} has named. */
const NAMED = new WeakMap<Error, { readonly operation: string; readonly detail: string }>();

/** Names that say nothing after the message: JavaScript's own, and answers that were not AWS's. */
const UNTOLD_NAMES = new Set(['Error', 'TypeError', 'SyntaxError', 'RangeError', NOT_AWS_ANSWER]);

/**
 * Makes what an AWS call threw name the call, whichever way it then travels (a trial's reason, a log line, the
 * CLI's one error line): its message becomes `Operation: what went wrong (AwsErrorName)`. The error keeps its
 * name, `$metadata` and class, so throttling and refusals are recognised as before. The SDK's failure to read an
 * answer as JSON loses its `Unexpected token` and its hint about a hidden field. What looks like a secret (a
 * secret access key, a session token) that an answer echoes is `[redacted]`: the message goes to journals and
 * pull-request comments.
 *
 * @param error - What the call threw.
 * @param operation - The call (`ListTrainingJobsForHyperParameterTuningJob`).
 * @returns The same error (a new one only for a thrown non-Error), renamed once.
 */
export function nameOperation(error: unknown, operation: string): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  if (NAMED.has(failure)) return failure;
  const detail = redactSecrets(unreadableAnswer(failure) ?? failure.message);
  const name = awsErrorName(failure);
  const message = `${operation}: ${detail}${name === undefined || UNTOLD_NAMES.has(name) ? '' : ` (${name})`}`;
  try {
    failure.message = message;
  } catch {
    // A frozen error: say it in a new one.
    return nameOperation(Object.assign(new Error(detail, { cause: failure }), { name }), operation);
  }
  NAMED.set(failure, { operation, detail });
  return failure;
}

/**
 * The message of an AWS call's error without the call's name, for a message that names the call itself.
 *
 * @param error - What the call threw.
 * @returns What went wrong.
 */
export function awsDetail(error: unknown): string {
  return (error instanceof Error ? NAMED.get(error)?.detail : undefined) ?? awsMessage(error);
}

/** The SDK could not read a JSON-typed answer as JSON: say so with the status, without its `Unexpected token`. */
function unreadableAnswer(error: Error): string | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (error.name !== 'SyntaxError' || status === undefined) return undefined;
  return `HTTP ${status} answered with a body that is not valid JSON, so not AWS's answer: check the endpoint called (endpoint in the tuning file, --endpoint, AWS_ENDPOINT_URL) and the network, or try again later`;
}

/** Whether AWS itself refused the call (an error the service sent), rather than the network or a proxy. */
function isServiceError(error: unknown): boolean {
  return typeof (error as { $fault?: unknown } | null)?.$fault === 'string';
}

/**
 * The reason a user reads when SageMaker refused to create a job.
 *
 * @param operation - The refused call (`CreateTrainingJob`).
 * @param error - What it threw.
 * @param context - Where the user changes things: the executor's key and the parallel limit.
 * @returns One paragraph: SageMaker's error and message, then what to change; for a call that SageMaker did not
 *   answer, the error's message (which names the call).
 */
export function describeRefusal(
  operation: string,
  error: unknown,
  context: { readonly executorKey: string; readonly maxParallel: number; readonly instanceType: string },
): string {
  // Not SageMaker's refusal (no answer, a proxy's page, no credentials): the error says which call failed.
  if (!isServiceError(error)) return awsMessage(error);
  const name = awsErrorName(error) ?? 'Error';
  const head = `SageMaker refused ${operation} (${name}): ${awsDetail(error)}`;
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
