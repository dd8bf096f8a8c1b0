/**
 * @internal Reading SageMaker's `ParameterRanges` (Integer, Continuous and Categorical ranges, values as
 * strings) into tunekit's ranges, and writing them back.
 */
import type { Parameter, ScalingType } from '../space/types.ts';
import { SPEC_DEFAULTS } from './limits.ts';
import {
  checkKeys,
  describeValue,
  type Issues,
  missing,
  type Path,
  readEnum,
  readRecord,
  readString,
  readStringLike,
} from './reader.ts';

const GROUPS = {
  IntegerParameterRanges: 'integer',
  ContinuousParameterRanges: 'continuous',
  CategoricalParameterRanges: 'categorical',
} as const;
type Group = keyof typeof GROUPS;
const SCALINGS: readonly ScalingType[] = ['Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic'];

/** SageMaker's field for each of tunekit's range fields. */
export const RANGE_FIELDS = {
  name: 'Name',
  min: 'MinValue',
  max: 'MaxValue',
  scaling: 'ScalingType',
  values: 'Values',
} as const;

export interface ReadRanges {
  readonly parameters: Parameter[];
  /** Path of each range in the request, in `parameters` order. */
  readonly paths: Path[];
  readonly complete: boolean;
}

/**
 * Reads `ParameterRanges`, keeping the order of its groups as written and of the ranges within each group.
 *
 * @param value - The raw `ParameterRanges`.
 * @param path - Its path in the request.
 * @param issues - Where problems go.
 * @returns The ranges with their paths.
 */
export function readSageMakerRanges(value: unknown, path: Path, issues: Issues): ReadRanges {
  const parameters: Parameter[] = [];
  const paths: Path[] = [];
  let complete = true;
  const record = readRecord(
    value,
    path,
    issues,
    'IntegerParameterRanges, ContinuousParameterRanges, CategoricalParameterRanges',
  );
  if (record === undefined) return { parameters, paths, complete: false };
  if ('AutoParameters' in record) {
    issues.add(
      'sagemaker.autoParameters',
      [...path, 'AutoParameters'],
      'tunekit needs explicit ranges: replace AutoParameters with Integer, Continuous or Categorical ranges',
    );
    complete = false;
  }
  checkKeys(record, [...Object.keys(GROUPS), 'AutoParameters'], path, issues);
  for (const [key, list] of Object.entries(record)) {
    if (!(key in GROUPS)) continue;
    const group = key as Group;
    const at = [...path, group];
    if (!Array.isArray(list)) {
      issues.add('spec.notAList', at, `must be a list of ranges, not ${describeValue(list)}`);
      complete = false;
      continue;
    }
    list.forEach((entry, index) => {
      const parameter = readRange(entry, GROUPS[group], [...at, index], issues);
      if (parameter === undefined) complete = false;
      else {
        parameters.push(parameter);
        paths.push([...at, index]);
      }
    });
  }
  return { parameters, paths, complete };
}

function readRange(entry: unknown, type: Parameter['type'], at: Path, issues: Issues): Parameter | undefined {
  const record = readRecord(entry, at, issues, 'range fields');
  if (record === undefined) return undefined;
  const before = issues.errors.length;
  const name =
    record.Name === undefined
      ? missing([...at, 'Name'], 'the hyperparameter name, Name', issues)
      : readString(record.Name, [...at, 'Name'], issues);
  if (type === 'categorical') {
    checkKeys(record, ['Name', 'Values'], at, issues);
    const values = readValues(record.Values, [...at, 'Values'], issues);
    if (issues.errors.length > before || name === undefined || values === undefined) return undefined;
    return { type, name, values };
  }
  checkKeys(record, ['Name', 'MinValue', 'MaxValue', 'ScalingType'], at, issues);
  const min = readNumberString(record.MinValue, [...at, 'MinValue'], issues);
  const max = readNumberString(record.MaxValue, [...at, 'MaxValue'], issues);
  const scaling =
    record.ScalingType === undefined
      ? SPEC_DEFAULTS.scaling
      : readEnum(record.ScalingType, SCALINGS, [...at, 'ScalingType'], issues);
  if (type === 'integer' && scaling === 'ReverseLogarithmic') {
    issues.add(
      'range.reverseLogarithmicInteger',
      [...at, 'ScalingType'],
      'ReverseLogarithmic applies to continuous ranges only: use Linear, Logarithmic or Auto',
    );
  }
  if (
    issues.errors.length > before ||
    name === undefined ||
    min === undefined ||
    max === undefined ||
    scaling === undefined
  ) {
    return undefined;
  }
  if (type === 'integer')
    return { type, name, min, max, scaling: scaling as Exclude<ScalingType, 'ReverseLogarithmic'> };
  return { type: 'continuous', name, min, max, scaling };
}

/** SageMaker writes range bounds as strings ("0.001"); numbers are accepted too. */
function readNumberString(value: unknown, path: Path, issues: Issues): number | undefined {
  if (value === undefined)
    return missing(path, `${path[path.length - 1]} as a string, for example "0.001"`, issues);
  const number =
    typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : typeof value === 'number'
        ? value
        : Number.NaN;
  if (Number.isFinite(number)) return number;
  issues.add(
    'spec.notANumber',
    path,
    `must be a number written as a string ("0.001"), not ${describeValue(value)}`,
  );
  return undefined;
}

function readValues(value: unknown, path: Path, issues: Issues): string[] | undefined {
  if (value === undefined) return missing(path, 'the list of values, Values: ["a", "b"]', issues);
  if (!Array.isArray(value)) {
    issues.add('spec.notAList', path, `must be a list of strings, not ${describeValue(value)}`);
    return undefined;
  }
  const out = value.map((entry, index) => readStringLike(entry, [...path, index], issues));
  return out.every((entry) => entry !== undefined) ? (out as string[]) : undefined;
}

/**
 * Writes ranges as SageMaker's `ParameterRanges`, grouped by type (Integer, Continuous, Categorical).
 *
 * @param parameters - The ranges.
 * @param gridIntegersAsCategorical - Write integer ranges as categorical values (SageMaker's Grid takes no others).
 * @returns The `ParameterRanges` object; empty groups are left out.
 */
export function writeSageMakerRanges(
  parameters: readonly Parameter[],
  gridIntegersAsCategorical: boolean,
): Record<string, unknown[]> {
  const integer: unknown[] = [];
  const continuous: unknown[] = [];
  const categorical: unknown[] = [];
  for (const parameter of parameters) {
    if (parameter.type === 'categorical')
      categorical.push({ Name: parameter.name, Values: [...parameter.values] });
    else if (parameter.type === 'integer' && gridIntegersAsCategorical) {
      const values: string[] = [];
      for (let value = Math.ceil(parameter.min); value <= parameter.max; value++) values.push(String(value));
      categorical.push({ Name: parameter.name, Values: values });
    } else {
      const range = {
        Name: parameter.name,
        MinValue: String(parameter.min),
        MaxValue: String(parameter.max),
        ScalingType: parameter.scaling,
      };
      (parameter.type === 'integer' ? integer : continuous).push(range);
    }
  }
  const out: Record<string, unknown[]> = {};
  if (integer.length > 0) out.IntegerParameterRanges = integer;
  if (continuous.length > 0) out.ContinuousParameterRanges = continuous;
  if (categorical.length > 0) out.CategoricalParameterRanges = categorical;
  return out;
}
