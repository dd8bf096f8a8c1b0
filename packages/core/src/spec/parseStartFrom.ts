/**
 * @internal The tuning file's "start from what you know" fields: `initialTrials` (configurations evaluated first,
 * Optuna's `enqueue_trial`) and `warmStart` (parent jobs, SageMaker's `WarmStartConfig`).
 *
 * Choices:
 * - An initial trial names every range. A missing one is refused rather than drawn by the strategy: the usual
 *   first trial is "the current defaults", and a value the user forgot would silently make it something else.
 * - Values are checked against the ranges as the strategy's own points are: numbers within [min, max], integers
 *   whole, categorical values one of `values` (a YAML number or boolean is read as the string it writes, as
 *   categorical values are). Two equal configurations are refused: the second would spend a trial to learn nothing.
 * - They count toward `limits.maxTrials`, so there can be at most that many.
 * - `warmStart.parents`: 1 to 5 (SageMaker's limit), each a job name or a job folder, no repeats; `type` defaults
 *   to IdenticalDataAndAlgorithm as in `executor.sagemaker-managed.warmStart`. Whether a parent fits this job
 *   (same objective, same ranges' names and types) is checked where the parents are read (the runner).
 */
import type { Parameter, ParameterValue, ParameterValues } from '../space/types.ts';
import { didYouMean } from './editDistance.ts';
import {
  checkKeys,
  describeValue,
  type Issues,
  isRecord,
  type Path,
  readEnum,
  readNumber,
  readRecord,
  readText,
} from './reader.ts';
import type { WarmStartSpec, WarmStartType } from './types.ts';

/** SageMaker's limit on `ParentHyperParameterTuningJobs`. */
export const MAX_WARM_START_PARENTS = 5;
const WARM_START_TYPES: readonly WarmStartType[] = ['IdenticalDataAndAlgorithm', 'TransferLearning'];

/**
 * Reads `initialTrials: [{ name: value, ... }, ...]` against the parsed ranges.
 *
 * @param value - The raw field (defined).
 * @param parameters - The ranges (only the well-shaped ones; names of broken ones are not reported missing).
 * @param rangesComplete - Whether every range parsed, so that a name may be reported unknown or missing.
 * @param path - `['initialTrials']`.
 * @param issues - Where problems go.
 * @returns The configurations, or undefined when one has a problem.
 */
export function parseInitialTrials(
  value: unknown,
  parameters: readonly Parameter[],
  rangesComplete: boolean,
  path: Path,
  issues: Issues,
): ParameterValues[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(
      'spec.notAList',
      path,
      `must be a list of configurations to evaluate first ([{ ${parameters.map((p) => `${p.name}: ...`).join(', ')} }]), not ${describeValue(value)}`,
    );
    return undefined;
  }
  const before = issues.errors.length;
  const out: ParameterValues[] = [];
  const seen = new Map<string, number>();
  value.forEach((entry, index) => {
    const at = [...path, index];
    const record = readRecord(entry, at, issues, 'range names to values');
    if (record === undefined) return;
    const names = parameters.map((p) => p.name);
    const config: Record<string, ParameterValue> = Object.create(null);
    let ok = true;
    for (const key of Object.keys(record)) {
      if (names.includes(key) || !rangesComplete) continue;
      issues.add(
        'spec.unknownRange',
        [...at, key],
        `${JSON.stringify(key)} is not a range of parameters${didYouMean(key, names) || `: remove it (the ranges are ${names.join(', ')})`}`,
      );
      ok = false;
    }
    for (const parameter of parameters) {
      const raw = record[parameter.name];
      if (raw === undefined) {
        issues.add(
          'spec.required',
          [...at, parameter.name],
          `is required: an initial trial names a value for every range (add ${parameter.name}: ${example(parameter)})`,
        );
        ok = false;
        continue;
      }
      const read = readValue(raw, parameter, [...at, parameter.name], issues);
      if (read === undefined) ok = false;
      else config[parameter.name] = read;
    }
    if (!ok) return;
    const key = JSON.stringify(parameters.map((p) => config[p.name]));
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.add(
        'spec.duplicateInitialTrial',
        at,
        `is the same configuration as initialTrials[${earlier}]: remove one (each trial would run it again)`,
      );
      return;
    }
    seen.set(key, index);
    out.push(config);
  });
  return issues.errors.length > before ? undefined : out;
}

function example(parameter: Parameter): string {
  if (parameter.type === 'categorical') return parameter.values[0] ?? '...';
  return String(parameter.min);
}

function readValue(
  raw: unknown,
  parameter: Parameter,
  path: Path,
  issues: Issues,
): ParameterValue | undefined {
  if (parameter.type === 'categorical') {
    const text =
      typeof raw === 'string'
        ? raw
        : typeof raw === 'number' || typeof raw === 'boolean'
          ? String(raw)
          : undefined;
    if (text !== undefined && parameter.values.includes(text)) return text;
    issues.add(
      'spec.notAllowed',
      path,
      `must be one of the range's values ${parameter.values.join(', ')}, not ${describeValue(raw)}${
        text === undefined ? '' : didYouMean(text, parameter.values)
      }`,
    );
    return undefined;
  }
  const number = readNumber(raw, path, issues, { integer: parameter.type === 'integer' });
  if (number === undefined) return undefined;
  if (number < parameter.min) {
    issues.add(
      'spec.outOfRange',
      path,
      `${number} is below min ${parameter.min}: use a value in [${parameter.min}, ${parameter.max}]`,
    );
    return undefined;
  }
  if (number > parameter.max) {
    issues.add(
      'spec.outOfRange',
      path,
      `${number} is above max ${parameter.max}: use a value in [${parameter.min}, ${parameter.max}]`,
    );
    return undefined;
  }
  return number;
}

/**
 * Reads `warmStart: { parents: [job name or folder, ...], type }`.
 *
 * @param value - The raw field (defined).
 * @param path - `['warmStart']`.
 * @param issues - Where problems go.
 * @returns The warm start, or undefined on a problem.
 */
export function parseWarmStart(value: unknown, path: Path, issues: Issues): WarmStartSpec | undefined {
  const record = readRecord(
    value,
    path,
    issues,
    'parents (job names or folders) and type (IdenticalDataAndAlgorithm or TransferLearning)',
  );
  if (record === undefined) return undefined;
  checkKeys(record, ['parents', 'type'], path, issues);
  const before = issues.errors.length;
  const type =
    record.type === undefined
      ? 'IdenticalDataAndAlgorithm'
      : readEnum(record.type, WARM_START_TYPES, [...path, 'type'], issues);
  const parentsPath = [...path, 'parents'];
  const parents: string[] = [];
  if (record.parents === undefined) {
    issues.add(
      'spec.required',
      parentsPath,
      'is required: add parents: [<job name or folder>] (1 to 5 jobs)',
    );
  } else if (!Array.isArray(record.parents) || record.parents.length === 0) {
    issues.add(
      'spec.notAList',
      parentsPath,
      `must be a list of 1 to ${MAX_WARM_START_PARENTS} job names or folders, not ${
        Array.isArray(record.parents) ? 'an empty list' : describeValue(record.parents)
      }`,
    );
  } else if (record.parents.length > MAX_WARM_START_PARENTS) {
    issues.add(
      'spec.tooManyParents',
      parentsPath,
      `has ${record.parents.length} parents; SageMaker takes at most ${MAX_WARM_START_PARENTS}: keep the ${MAX_WARM_START_PARENTS} closest to this job`,
    );
  } else {
    record.parents.forEach((entry, index) => {
      const parent = isRecord(entry) ? undefined : readText(entry, [...parentsPath, index], issues);
      if (isRecord(entry)) {
        issues.add(
          'spec.notAString',
          [...parentsPath, index],
          'must be a job name or a job folder, not a mapping',
        );
        return;
      }
      if (parent === undefined) return;
      const first = parents.indexOf(parent);
      if (first >= 0) {
        issues.add(
          'spec.duplicateParent',
          [...parentsPath, index],
          `repeats parents[${first}] (${parent}): list each parent once`,
        );
        return;
      }
      parents.push(parent);
    });
  }
  if (issues.errors.length > before || type === undefined) return undefined;
  return { parents, type };
}
