/**
 * @internal Shape readers shared by the tuning-file and SageMaker-request parsers.
 *
 * Each reader checks one field, records a problem (with its path and what to change) in the `Issues` it is
 * given, and returns the value or undefined. Nothing throws: every problem of a file is collected.
 */
import type { Issue } from '../errors.ts';
import { controlCharacterProblem, RESERVED_NAMES, reservedNameMessage } from '../userText.ts';
import { didYouMean } from './editDistance.ts';
import { misplacedKeyHint } from './misplacedKeys.ts';

export type Path = readonly (string | number)[];

/** Problems and warnings gathered while reading one document. */
export class Issues {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];

  add(code: string, path: Path, message: string): void {
    this.errors.push({ code, path: [...path], message });
  }

  warn(code: string, path: Path, message: string): void {
    this.warnings.push({ code, path: [...path], message });
  }
}

/** A short description of a JSON/YAML value's kind for messages: `a string`, `a list`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a mapping; `what` completes "must be a mapping of ...". */
export function readRecord(
  value: unknown,
  path: Path,
  issues: Issues,
  what: string,
): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  issues.add('spec.notAMapping', path, `must be a mapping of ${what}, not ${describeValue(value)}`);
  return undefined;
}

/** Unknown keys reported one by one in a mapping; the rest are counted in one more issue. */
export const MAX_UNKNOWN_KEYS_REPORTED = 10;

/**
 * Records an error for every key of `record` that is not in `allowed`, suggesting the nearest one; past
 * {@link MAX_UNKNOWN_KEYS_REPORTED} of them, one issue counts the rest (40,000 unknown keys made 8 MB of issues).
 */
export function checkKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  path: Path,
  issues: Issues,
): void {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS_REPORTED)) {
    const misplaced = misplacedKeyHint(key, path);
    if (misplaced !== undefined) {
      issues.add('spec.misplacedKey', [...path, key], misplaced);
      continue;
    }
    const hint = didYouMean(key, allowed);
    issues.add(
      'spec.unknownKey',
      [...path, key],
      hint === ''
        ? `unknown key ${JSON.stringify(key)}: remove it (known keys here: ${allowed.join(', ')})`
        : `unknown key ${JSON.stringify(key)}${hint}`,
    );
  }
  if (unknown.length > MAX_UNKNOWN_KEYS_REPORTED) {
    issues.add(
      'spec.unknownKey',
      path,
      `has ${unknown.length - MAX_UNKNOWN_KEYS_REPORTED} more unknown keys: remove them (known keys here: ${allowed.join(', ')})`,
    );
  }
}

/** Records that a required field is missing. */
export function missing(path: Path, what: string, issues: Issues): undefined {
  issues.add('spec.required', path, `is required: add ${what}`);
  return undefined;
}

/** Reads a non-empty string. */
export function readString(value: unknown, path: Path, issues: Issues): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  issues.add(
    'spec.notAString',
    path,
    typeof value === 'string' ? 'must not be empty' : `must be a string, not ${describeValue(value)}`,
  );
  return undefined;
}

/** Reads one of a fixed set of words, suggesting the nearest on a typo. */
export function readEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: Path,
  issues: Issues,
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  issues.add(
    'spec.notAllowed',
    path,
    `must be one of ${allowed.join(', ')}, not ${describeValue(value)}${hint}`,
  );
  return undefined;
}

export interface NumberBounds {
  readonly integer?: boolean;
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly greaterThan?: number;
  readonly max?: number;
  /** Appended to a bound violation, for example `(SageMaker's MaxRuntimeInSeconds minimum)`. */
  readonly why?: string;
}

/** Reads a finite number within bounds. Numeric strings are refused: quotes are a likely mistake. */
export function readNumber(
  value: unknown,
  path: Path,
  issues: Issues,
  bounds: NumberBounds = {},
): number | undefined {
  const kind = bounds.integer ? 'a whole number' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const quoted = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
    issues.add(
      'spec.notANumber',
      path,
      quoted
        ? `must be ${kind}, not the string ${JSON.stringify(value)}: remove the quotes`
        : `must be ${kind}, not ${describeValue(value)}`,
    );
    return undefined;
  }
  return checkBounds(value, path, issues, bounds);
}

/** Checks integrality and bounds of a finite number. */
export function checkBounds(
  value: number,
  path: Path,
  issues: Issues,
  bounds: NumberBounds,
): number | undefined {
  const why = bounds.why === undefined ? '' : ` ${bounds.why}`;
  if (bounds.integer && !Number.isInteger(value)) {
    issues.add('spec.notAnInteger', path, `must be a whole number, not ${value}`);
    return undefined;
  }
  if (bounds.greaterThan !== undefined && value <= bounds.greaterThan) {
    issues.add('spec.tooSmall', path, `must be greater than ${bounds.greaterThan}${why}, not ${value}`);
    return undefined;
  }
  if (bounds.min !== undefined && value < bounds.min) {
    issues.add('spec.tooSmall', path, `must be at least ${bounds.min}${why}, not ${value}`);
    return undefined;
  }
  if (bounds.max !== undefined && value > bounds.max) {
    issues.add('spec.tooLarge', path, `must be at most ${bounds.max}${why}, not ${value}`);
    return undefined;
  }
  return value;
}

/** Reads a non-empty string that reaches a process (a command word, a folder): no control character but tabs. */
export function readText(value: unknown, path: Path, issues: Issues): string | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const problem = controlCharacterProblem(text, 'value');
  if (problem === undefined) return text;
  issues.add('spec.controlCharacter', path, problem);
  return undefined;
}

/** Reads a boolean. */
export function readBoolean(value: unknown, path: Path, issues: Issues): boolean | undefined {
  if (typeof value === 'boolean') return value;
  issues.add('spec.notABoolean', path, `must be true or false, not ${describeValue(value)}`);
  return undefined;
}

/**
 * Reads a scalar that SageMaker passes as a string (a hyperparameter value, a categorical value, an environment
 * variable): strings stay, finite numbers and booleans are written as JavaScript prints them (`200`, `0.001`, `true`).
 */
export function readStringLike(value: unknown, path: Path, issues: Issues): string | undefined {
  if (typeof value === 'string') {
    const problem = controlCharacterProblem(value, 'value');
    if (problem === undefined) return value;
    issues.add('spec.controlCharacter', path, problem);
    return undefined;
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  issues.add(
    'spec.notAScalar',
    path,
    `must be a string, a number or true/false, not ${describeValue(value)}${
      isRecord(value) || Array.isArray(value) ? ': write it as a quoted string' : ''
    }`,
  );
  return undefined;
}

/** The rules of a mapping's keys, and SageMaker's size limits where it has some. */
export interface StringMapRules {
  /** What the keys are, for messages: `static hyperparameters`, `environment variables`. */
  readonly what: string;
  /** Most entries (SageMaker's limit), none when unlimited. */
  readonly maxEntries?: number;
  /** Longest value in characters (SageMaker's limit), none when unlimited. */
  readonly maxValueLength?: number;
  /** What is wrong with a key, or undefined; the code and message of its issue. */
  readonly nameProblem: (name: string) => { readonly code: string; readonly message: string } | undefined;
}

/**
 * Reads a mapping of names to string-like values (static hyperparameters, env) into a record without a prototype,
 * so that no key can reach `Object.prototype`.
 */
export function readStringMap(
  value: unknown,
  path: Path,
  issues: Issues,
  what: string,
  rules: StringMapRules,
): Record<string, string> | undefined {
  const record = readRecord(value, path, issues, what);
  if (record === undefined) return undefined;
  const entries = Object.entries(record);
  if (rules.maxEntries !== undefined && entries.length > rules.maxEntries) {
    // Counted before any entry is read: a file with 40,000 keys is refused at once, with one issue.
    issues.add(
      'spec.tooManyEntries',
      path,
      `has ${entries.length} ${rules.what}; at most ${rules.maxEntries} are allowed (SageMaker's limit): drop some`,
    );
    return undefined;
  }
  const out: Record<string, string> = Object.create(null);
  let ok = true;
  for (const [key, entry] of entries) {
    const at = [...path, key];
    const nameProblem = rules.nameProblem(key);
    if (nameProblem !== undefined) {
      issues.add(nameProblem.code, at, nameProblem.message);
      ok = false;
      continue;
    }
    const text = readStringLike(entry, at, issues);
    if (text === undefined) ok = false;
    else if (rules.maxValueLength !== undefined && text.length > rules.maxValueLength) {
      issues.add(
        'spec.valueTooLong',
        at,
        `has ${text.length} characters; at most ${rules.maxValueLength} are allowed (SageMaker's limit): shorten it`,
      );
      ok = false;
    } else out[key] = text;
  }
  return ok ? out : undefined;
}

/**
 * The problem of a key of a record built from user keys that is not a hyperparameter (an environment variable, a
 * channel): empty, a control character, or a reserved name.
 *
 * @param name - The key.
 * @param what - What it names, for the message: `an environment variable name`.
 * @returns What to change, or undefined.
 */
export function keyProblem(name: string, what: string): { code: string; message: string } | undefined {
  if (name.length === 0) return { code: 'spec.emptyName', message: `${what} must not be empty` };
  const control = controlCharacterProblem(name, 'name');
  if (control !== undefined) return { code: 'spec.controlCharacter', message: control };
  if (RESERVED_NAMES.includes(name))
    return { code: 'spec.reservedName', message: reservedNameMessage(name, what) };
  return undefined;
}
