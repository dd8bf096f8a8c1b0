/**
 * Errors of @tunekit/client: one class, {@link ClientError}, with a stable string `code`. Messages name the
 * server's URL and say what to change; none ever holds the token.
 */

/**
 * The stable codes of {@link ClientError}.
 * - `unauthorized`: the server refused the token (401). Not retried.
 * - `leaseLost`: the trial is no longer this worker's (409: its lease ran out, or it was already told). Drop the
 *   trial and ask for the next one.
 * - `gaveUp`: no answer (connection refused or lost, 5xx, 503 `stopping`) for `giveUpSeconds`.
 * - `badRequest`: the server refused a request as wrong (400, 404, 405, 413); the message is the server's, and
 *   names the field.
 * - `badResponse`: the server's answer is not the protocol's (not JSON, or not the shape protocol.ts says).
 * - `trialStopped`: thrown by {@link Trial.throwIfStopped} when the server said stop; `optimize` tells the
 *   trial Stopped.
 * - `alreadyTold`: the trial was already told Completed, Failed or Stopped.
 * - `invalidArgument`: a wrong argument (no URL, a worker name outside the protocol's alphabet, a value that is
 *   not a finite number).
 * - `aborted`: the `signal` passed to `connect` was aborted.
 */
export type ClientErrorCode =
  | 'unauthorized'
  | 'leaseLost'
  | 'gaveUp'
  | 'badRequest'
  | 'badResponse'
  | 'trialStopped'
  | 'alreadyTold'
  | 'invalidArgument'
  | 'aborted';

/** The one error class of @tunekit/client. */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  /** What went wrong, stable across releases. */
  readonly code: ClientErrorCode;
  /** The HTTP status of the answer that caused it, when there was one. */
  readonly status: number | undefined;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}

/**
 * Whether a value is a {@link ClientError}, optionally of one code.
 *
 * @param value - Anything caught.
 * @param code - The code it must have.
 * @returns True for a ClientError (of that code).
 */
export function isClientError(value: unknown, code?: ClientErrorCode): value is ClientError {
  return value instanceof ClientError && (code === undefined || value.code === code);
}
