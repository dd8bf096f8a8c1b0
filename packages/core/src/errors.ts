/**
 * Errors of @tunekit/core.
 *
 * Expected outcomes (a tuning file with problems, a matrix that is not positive definite) are values.
 * Misuse of the API throws a {@link TunekitError} with a stable string-literal `code`.
 */

/** One problem found while validating user input: where it is and what to change. */
export interface Issue {
  /** Stable machine-readable code, for example `range.minNotBelowMax`. */
  readonly code: string;
  /** Path of the offending field, for example `['parameters', 'eta', 'min']`. */
  readonly path: readonly (string | number)[];
  /** What is wrong and what to change, in one sentence. */
  readonly message: string;
}

/** A parse result in the style of zod's `safeParse`. */
export type ParseResult<T> = { ok: true; value: T; warnings?: Issue[] } | { ok: false; issues: Issue[] };

/** Formats an issue path the way users write it: `parameters.eta.min`, `metrics[2].regex`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** Formats an issue as one line: `parameters.eta.min: must be > 0 for Logarithmic scaling`. */
export function formatIssue(issue: Issue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** The stable codes of {@link TunekitError}. */
export type TunekitErrorCode =
  | 'invalidSpec'
  | 'invalidArgument'
  | 'unknownTrial'
  | 'trialNotRunning'
  | 'gridTooLarge'
  | 'unsupported'
  | 'invalidState';

/** The one error class of @tunekit/core. `issues` is set when the error wraps validation problems. */
export class TunekitError extends Error {
  override readonly name = 'TunekitError';
  readonly code: TunekitErrorCode;
  readonly issues: readonly Issue[];

  constructor(
    code: TunekitErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: readonly Issue[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues ?? [];
  }
}

/** Type guard for {@link TunekitError}. */
export function isTunekitError(value: unknown): value is TunekitError {
  return value instanceof TunekitError;
}
