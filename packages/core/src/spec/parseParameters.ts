/**
 * @internal Shape parsing of the tuning file's `parameters`: a mapping of name to range (DESIGN.md's form,
 * paths `parameters.eta.min`) or a list of ranges with a `name` each (paths `parameters[2].min`).
 * Semantic rules (min < max, Logarithmic needs min > 0, unique values, limits) are `checkParameters`'s.
 */
import type { Parameter, ScalingType } from '../space/types.ts';
import { didYouMean } from './editDistance.ts';
import { SPEC_DEFAULTS } from './limits.ts';
import {
  describeValue,
  type Issues,
  isRecord,
  missing,
  type Path,
  readEnum,
  readNumber,
  readRecord,
  readString,
  readStringLike,
} from './reader.ts';

const TYPES = ['continuous', 'integer', 'categorical'] as const;
const SCALINGS: readonly ScalingType[] = ['Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic'];
const NUMERIC_KEYS = ['type', 'min', 'max', 'scaling'];
const CATEGORICAL_KEYS = ['type', 'values'];
const ALL_KEYS = ['name', 'type', 'min', 'max', 'scaling', 'values'];

/** The parsed ranges, and where each one sits in the file (for locating later problems). */
export interface ParsedParameters {
  readonly parameters: Parameter[];
  readonly paths: Path[];
}

/**
 * Reads `parameters` in either form; ranges with problems are left out (their problems are recorded).
 *
 * @param value - The raw `parameters` field.
 * @param path - Its path, `['parameters']`.
 * @param issues - Where problems go.
 * @returns The well-shaped ranges with their paths, and whether every range was well shaped.
 */
export function parseParameters(
  value: unknown,
  path: Path,
  issues: Issues,
): ParsedParameters & { complete: boolean } {
  const parameters: Parameter[] = [];
  const paths: Path[] = [];
  let complete = true;
  const take = (parameter: Parameter | undefined, at: Path) => {
    if (parameter === undefined) complete = false;
    else {
      parameters.push(parameter);
      paths.push(at);
    }
  };
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      const at = [...path, index];
      const record = readRecord(entry, at, issues, 'range fields (name, type, min, max, scaling, values)');
      if (record === undefined) {
        take(undefined, at);
        continue;
      }
      const name =
        'name' in record
          ? readString(record.name, [...at, 'name'], issues)
          : missing([...at, 'name'], 'the hyperparameter name', issues);
      const parameter = parseRange(record, name, at, issues, true);
      take(name === undefined ? undefined : parameter, at);
    }
  } else if (isRecord(value)) {
    for (const [name, entry] of Object.entries(value)) {
      const at = [...path, name];
      if (name.length === 0) {
        issues.add('spec.notAString', at, 'a hyperparameter name must not be empty');
        take(undefined, at);
        continue;
      }
      const record = readRecord(entry, at, issues, 'range fields (type, min, max, scaling, values)');
      take(record === undefined ? undefined : parseRange(record, name, at, issues, false), at);
    }
  } else {
    issues.add(
      'spec.notAMapping',
      path,
      `must be a mapping of hyperparameter names to ranges (eta: { type: continuous, min: 0.01, max: 0.5 }), not ${describeValue(value)}`,
    );
    complete = false;
  }
  return { parameters, paths, complete };
}

function parseRange(
  record: Record<string, unknown>,
  name: string | undefined,
  at: Path,
  issues: Issues,
  listForm: boolean,
): Parameter | undefined {
  if (!('type' in record)) {
    const guess = 'values' in record ? ' (categorical, since it lists values)' : '';
    return missing([...at, 'type'], `type: continuous, integer or categorical${guess}`, issues);
  }
  const type = readEnum(record.type, TYPES, [...at, 'type'], issues);
  if (type === undefined) return undefined;
  const allowed = [
    ...(type === 'categorical' ? CATEGORICAL_KEYS : NUMERIC_KEYS),
    ...(listForm ? ['name'] : []),
  ];
  let ok = checkRangeKeys(record, allowed, type, at, issues, listForm);
  if (type === 'categorical') {
    const values = parseValues(record.values, [...at, 'values'], issues);
    if (!ok || values === undefined || name === undefined) return undefined;
    return { type, name, values };
  }
  const min =
    'min' in record
      ? readNumber(record.min, [...at, 'min'], issues)
      : missing([...at, 'min'], 'the smallest value, min', issues);
  const max =
    'max' in record
      ? readNumber(record.max, [...at, 'max'], issues)
      : missing([...at, 'max'], 'the largest value, max', issues);
  let scaling: ScalingType | undefined = SPEC_DEFAULTS.scaling;
  if ('scaling' in record) scaling = readEnum(record.scaling, SCALINGS, [...at, 'scaling'], issues);
  if (type === 'integer' && scaling === 'ReverseLogarithmic') {
    issues.add(
      'range.reverseLogarithmicInteger',
      [...at, 'scaling'],
      'ReverseLogarithmic applies to continuous ranges only (as in SageMaker): use Linear, Logarithmic or Auto, or make the range continuous',
    );
    ok = false;
  }
  if (!ok || min === undefined || max === undefined || scaling === undefined || name === undefined)
    return undefined;
  if (type === 'integer')
    return { type, name, min, max, scaling: scaling as Exclude<ScalingType, 'ReverseLogarithmic'> };
  return { type, name, min, max, scaling };
}

function checkRangeKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  type: string,
  at: Path,
  issues: Issues,
  listForm: boolean,
): boolean {
  let ok = true;
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    ok = false;
    if (key === 'name' && !listForm) {
      issues.add('spec.unknownKey', [...at, key], 'the name is the key of this range: remove "name"');
    } else if (ALL_KEYS.includes(key)) {
      issues.add('spec.unknownKey', [...at, key], `"${key}" does not apply to a ${type} range: remove it`);
    } else {
      const hint = didYouMean(key, allowed);
      issues.add(
        'spec.unknownKey',
        [...at, key],
        hint === ''
          ? `unknown key "${key}": a ${type} range takes ${allowed.join(', ')}`
          : `unknown key "${key}"${hint}`,
      );
    }
  }
  return ok;
}

function parseValues(value: unknown, path: Path, issues: Issues): string[] | undefined {
  if (value === undefined) return missing(path, 'the list of values, values: [a, b]', issues);
  if (!Array.isArray(value)) {
    issues.add(
      'spec.notAList',
      path,
      `must be a list of values ([gbtree, dart]), not ${describeValue(value)}`,
    );
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  value.forEach((entry, index) => {
    const text = readStringLike(entry, [...path, index], issues);
    if (text === undefined) ok = false;
    else out.push(text);
  });
  return ok ? out : undefined;
}
