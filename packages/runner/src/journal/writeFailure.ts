/**
 * A disk that refuses a write (full, over quota, read-only, failing): what the job store and the executor's log
 * writer turn such an error into, so that the tuner stops its trials, says which file and what to do, and exits
 * without a stack trace. The job stays resumable: what was journaled before the failure is whole (a torn last line
 * is cut on resume), and trials that were running run again.
 */
import { RunnerError } from '../errors.ts';

/** Error codes of a write the disk refused, with what the user should do about each. */
const WRITE_FAILURES: Readonly<Record<string, { readonly cause: string; readonly fix: string }>> = {
  ENOSPC: { cause: 'no space left on the device', fix: 'free some space on it' },
  EDQUOT: { cause: 'the disk quota is exhausted', fix: 'free some space or raise the quota' },
  EROFS: { cause: 'the file system is read-only', fix: 'make it writable' },
  EIO: { cause: 'an input/output error', fix: 'check the disk' },
};

/**
 * Whether an error is a write the disk refused (ENOSPC, EDQUOT, EROFS, EIO).
 *
 * @param error - Anything caught.
 * @returns True for those errno errors.
 */
export function isWriteFailure(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && Object.hasOwn(WRITE_FAILURES, code);
}

/**
 * The error of a refused write: names the file, the cause and what to do.
 *
 * @param path - The file (or folder) that could not be written.
 * @param error - The errno error.
 * @returns RunnerError `diskWriteFailed`.
 */
export function writeFailedError(path: string, error: NodeJS.ErrnoException): RunnerError {
  const { cause, fix } = WRITE_FAILURES[error.code ?? ''] ?? { cause: error.message, fix: 'fix the disk' };
  return new RunnerError(
    'diskWriteFailed',
    `cannot write ${path}: ${cause} (${error.code}). The job stopped, with its running trials; nothing it ` +
      `finished is lost. ${fix[0]!.toUpperCase()}${fix.slice(1)}, then run \`tunekit tune <file>\` again to resume ` +
      'the job (the trials that were running run again).',
    { cause: error },
  );
}

/**
 * Runs a write, turning a refusal of the disk into {@link writeFailedError}; other errors pass through.
 *
 * @param path - Named in the error when the errno error names no path of its own.
 * @param write - The write.
 * @returns What `write` returns.
 * @throws RunnerError `diskWriteFailed` when the disk refuses it.
 */
export function guardWrite<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isWriteFailure(error)) throw writeFailedError(error.path ?? path, error);
    throw error;
  }
}
