/**
 * @internal Shape readers shared by the tuning-file and SageMaker-request parsers.
 *
 * Each reader checks one field, records a problem (with its path and what to change) in the `Issues` it is
 * given, and returns the value or undefined. Nothing throws: every problem of a file is collected.
 */
import type { Issue } from '../errors.ts';
import { didYouMean } from './editDistance.ts';

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

/** Records an error for every key of `record` that is not in `allowed`, suggesting the nearest one. */
export function checkKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  path: Path,
  issues: Issues,
): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed);
    issues.add(
      'spec.unknownKey',
      [...path, key],
      hint === ''
        ? `unknown key "${key}": remove it (known keys here: ${allowed.join(', ')})`
        : `unknown key "${key}"${hint}`,
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
  if (typeof value === 'string') return value;
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

/** Reads a mapping of names to string-like values (static hyperparameters, env, channels). */
export function readStringMap(
  value: unknown,
  path: Path,
  issues: Issues,
  what: string,
): Record<string, string> | undefined {
  const record = readRecord(value, path, issues, what);
  if (record === undefined) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const [key, entry] of Object.entries(record)) {
    const text = readStringLike(entry, [...path, key], issues);
    if (text === undefined) ok = false;
    else out[key] = text;
  }
  return ok ? out : undefined;
}
