/**
 * Errors of @tunekit/runner that a user can cause: each has a stable `code`, a message that says what to change,
 * and the exit code the CLI ends with (2 for bad input, 1 otherwise).
 */

export type RunnerErrorCode =
  /** The tuning file does not parse or validate. */
  | 'invalidTuningFile'
  /** A file or folder named on the command line does not exist or cannot be read. */
  | 'fileNotFound'
  /** Resuming a job with a tuning file whose search differs from the journaled one. */
  | 'specChanged'
  /** Another live tuner holds the job's lock. */
  | 'jobLocked'
  /** No journal for this job name under the folder. */
  | 'jobNotFound'
  /** No such trial in the job. */
  | 'trialNotFound'
  /** A command-line option has a bad value. */
  | 'invalidOption'
  /** The job has no completed trial, so no best hyperparameters. */
  | 'noCompletedTrial'
  /** The journal cannot be read as a job (not a torn last line: those are dropped with a warning). */
  | 'journalUnreadable'
  /** The disk refused to write the journal, the lock or a trial's files (full, read-only, I/O error, quota). */
  | 'diskWriteFailed'
  /** `tunekit stop` could not stop the tuner (another host, not a tunekit tuner, or it did not stop in time). */
  | 'stopFailed'
  /** `tunekit dashboard` cannot listen on the address and port it was given (taken, or not this machine's). */
  | 'addressUnavailable';

const BAD_INPUT: ReadonlySet<RunnerErrorCode> = new Set([
  'invalidTuningFile',
  'fileNotFound',
  'specChanged',
  'jobNotFound',
  'trialNotFound',
  'invalidOption',
  'addressUnavailable',
]);

/** The one error class of @tunekit/runner for problems a user can fix. */
export class RunnerError extends Error {
  override readonly name = 'RunnerError';
  readonly code: RunnerErrorCode;

  constructor(code: RunnerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** The CLI's exit code for this error: 2 for bad input, 1 for the rest. */
  get exitCode(): number {
    return BAD_INPUT.has(this.code) ? 2 : 1;
  }
}

/**
 * Type guard for {@link RunnerError}.
 *
 * @param value - Anything caught.
 * @returns Whether it is a RunnerError.
 */
export function isRunnerError(value: unknown): value is RunnerError {
  return value instanceof RunnerError;
}
