/**
 * SageMaker's rules for a tuning job's parameter ranges, checked up front so that every problem is reported at
 * once, each with its path and what to change.
 *
 * Rules (from `CreateHyperParameterTuningJob`'s `ParameterRanges`):
 * - at least one and at most {@link MAX_TUNABLE_PARAMETERS} ranges;
 * - names unique, non-empty, at most 256 characters, no control characters (and, for tunekit, no `=` and none
 *   of `__proto__`, `constructor`, `prototype`: userText.ts);
 * - continuous and integer: min < max, both finite; integer bounds whole; Logarithmic needs min > 0;
 *   ReverseLogarithmic only for continuous ranges with 0 <= min < max < 1;
 * - categorical: 1 to {@link MAX_CATEGORICAL_VALUES} values, each non-empty, unique, at most 256 characters.
 */
import type { Issue } from '../errors.ts';
import {
  controlCharacterProblem,
  hyperparameterNameProblem,
  MAX_HYPERPARAMETER_NAME_LENGTH,
} from '../userText.ts';
import { MAX_CATEGORICAL_VALUES, MAX_TUNABLE_PARAMETERS, type Parameter } from './types.ts';

/** SageMaker's longest parameter name and categorical value. */
const MAX_NAME_LENGTH = MAX_HYPERPARAMETER_NAME_LENGTH;
const SCALINGS: readonly string[] = ['Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic'];

type Path = readonly (string | number)[];

/**
 * Checks parameter ranges against SageMaker's rules.
 *
 * @param parameters - The ranges, in declaration order.
 * @param path - Path of the ranges list in the caller's document (default `['parameters']`); issues name
 *   `[...path, index, field]`, for example `['parameters', 2, 'min']`.
 * @returns Every problem found, empty when the ranges are valid.
 */
export function checkParameters(
  parameters: readonly Parameter[],
  path: (string | number)[] = ['parameters'],
): Issue[] {
  const issues: Issue[] = [];
  const add = (code: string, at: Path, message: string): void => {
    issues.push({ code, path: at, message });
  };
  if (parameters.length === 0) {
    add('parameters.empty', path, 'give at least one hyperparameter range to tune');
  }
  if (parameters.length > MAX_TUNABLE_PARAMETERS) {
    add(
      'parameters.tooMany',
      path,
      `${parameters.length} ranges given, SageMaker allows at most ${MAX_TUNABLE_PARAMETERS}: ` +
        `move ${parameters.length - MAX_TUNABLE_PARAMETERS} of them to static`,
    );
  }
  const firstIndex = new Map<string, number>();
  parameters.forEach((parameter, index) => {
    const at = [...path, index];
    checkName(parameter.name, [...at, 'name'], add);
    const earlier = firstIndex.get(parameter.name);
    if (earlier === undefined) firstIndex.set(parameter.name, index);
    else {
      add(
        'parameters.duplicateName',
        [...at, 'name'],
        `"${parameter.name}" is already the name of range ${earlier}: give each range its own name`,
      );
    }
    if (parameter.type === 'categorical') checkCategorical(parameter.values, at, add);
    else if (parameter.type === 'continuous' || parameter.type === 'integer')
      checkNumeric(parameter, at, add);
    else {
      add(
        'parameters.unknownType',
        [...at, 'type'],
        `type ${JSON.stringify((parameter as { type: unknown }).type)} is not a range type: use continuous, integer or categorical`,
      );
    }
  });
  return issues;
}

type Add = (code: string, at: Path, message: string) => void;

function checkName(name: string, at: Path, add: Add): void {
  if (typeof name !== 'string' || name.length === 0) {
    add('parameters.emptyName', at, 'a range needs a non-empty name');
  } else if (name.length > MAX_NAME_LENGTH) {
    add(
      'parameters.nameTooLong',
      at,
      `the name has ${name.length} characters: shorten it to at most ${MAX_NAME_LENGTH}`,
    );
  } else {
    const problem = hyperparameterNameProblem(name);
    if (problem !== undefined) add('parameters.invalidName', at, problem);
  }
}

function checkCategorical(values: readonly string[], at: Path, add: Add): void {
  if (values.length === 0) {
    add('parameters.noValues', [...at, 'values'], 'a categorical range needs at least one value');
    return;
  }
  if (values.length > MAX_CATEGORICAL_VALUES) {
    add(
      'parameters.tooManyValues',
      [...at, 'values'],
      `${values.length} values given, SageMaker allows at most ${MAX_CATEGORICAL_VALUES}: ` +
        `drop ${values.length - MAX_CATEGORICAL_VALUES} of them or split the range`,
    );
  }
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const valueAt = [...at, 'values', index];
    if (typeof value !== 'string' || value.length === 0) {
      add('parameters.emptyValue', valueAt, 'a categorical value must be a non-empty string');
      return;
    }
    const control = controlCharacterProblem(value, 'value');
    if (control !== undefined) add('parameters.invalidValue', valueAt, control);
    if (value.length > MAX_NAME_LENGTH) {
      add(
        'parameters.valueTooLong',
        valueAt,
        `the value has ${value.length} characters: shorten it to at most ${MAX_NAME_LENGTH}`,
      );
    }
    const earlier = seen.get(value);
    if (earlier === undefined) seen.set(value, index);
    else
      add('parameters.duplicateValue', valueAt, `"${value}" is already value ${earlier}: remove the repeat`);
  });
}

function checkNumeric(
  parameter: { type: 'continuous' | 'integer'; min: number; max: number; scaling: string },
  at: Path,
  add: Add,
): void {
  const { type, min, max, scaling } = parameter;
  let boundsOk = true;
  for (const [field, bound] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      add('parameters.notFinite', [...at, field], `${field} must be a finite number, not ${String(bound)}`);
      boundsOk = false;
    } else if (type === 'integer' && !Number.isInteger(bound)) {
      add(
        'parameters.notWhole',
        [...at, field],
        `${field} of an integer range must be a whole number: use ${field === 'min' ? Math.ceil(bound) : Math.floor(bound)}`,
      );
      boundsOk = false;
    } else if (type === 'integer' && !Number.isSafeInteger(bound)) {
      add(
        'parameters.notSafeInteger',
        [...at, field],
        `${field} must lie within ±${Number.MAX_SAFE_INTEGER}: use a continuous range for larger numbers`,
      );
      boundsOk = false;
    }
  }
  if (boundsOk && !(min < max)) {
    add(
      'parameters.minNotBelowMax',
      [...at, 'min'],
      `min (${min}) must be below max (${max}): swap or widen them`,
    );
  }
  if (!SCALINGS.includes(scaling)) {
    add(
      'parameters.unknownScaling',
      [...at, 'scaling'],
      `scaling ${JSON.stringify(scaling)} is not known: use Auto, Linear, Logarithmic or ReverseLogarithmic`,
    );
    return;
  }
  if (scaling === 'Logarithmic' && boundsOk && !(min > 0)) {
    add(
      'parameters.logarithmicNeedsPositive',
      [...at, 'min'],
      `min must be > 0 for Logarithmic scaling (it is ${min}): raise min or use Linear scaling`,
    );
  }
  if (scaling === 'ReverseLogarithmic') {
    if (type === 'integer') {
      add(
        'parameters.reverseLogarithmicInteger',
        [...at, 'scaling'],
        'ReverseLogarithmic scaling is for continuous ranges only: use Linear or Logarithmic, or make the range continuous',
      );
    } else if (boundsOk && !(min >= 0 && max < 1)) {
      add(
        'parameters.reverseLogarithmicRange',
        [...at, min >= 0 ? 'max' : 'min'],
        `ReverseLogarithmic scaling needs 0 <= min < max < 1 (the range is [${min}, ${max}]): ` +
          'move the range inside [0, 1) or use Linear scaling',
      );
    }
  }
}
