/**
 * @internal Rules across fields, written once for both sources of a spec (a tuning file and a SageMaker
 * request): a `SpecLocator` says where each field sits in the source, so problems carry the source's paths.
 */
import { MAX_CATEGORICAL_VALUES, type Parameter } from '../space/types.ts';
import type { StrategyName } from '../strategy.ts';
import { hasCustomGracePeriod } from './earlyStopping.ts';
import {
  JOB_NAME_PATTERN,
  MANAGED_JOB_NAME_MAX_LENGTH,
  MANAGED_STRATEGIES,
  SPEC_LIMITS,
  STATIC_LIMITS,
} from './limits.ts';
import type { Issues, Path } from './reader.ts';
import type { TuningJobSpec } from './types.ts';

/** Where the fields of a spec sit in its source document. */
export interface SpecLocator {
  readonly name: Path;
  readonly strategy: Path;
  readonly maxTrials: Path;
  readonly maxRuntimeSeconds: Path;
  readonly earlyStopping: Path;
  readonly static: Path;
  /** Where a SageMaker tuning-job name other than `name` is given (`executor.sagemaker-managed.tuningJobName`). */
  readonly tuningJobName?: Path;
  /** Path of parameter `index` (in spec order), or of one of its fields (`type`, `min`, `values`...). */
  parameter(index: number, field?: 'name' | 'type' | 'min' | 'max' | 'scaling' | 'values'): Path;
}

/** The fields the rules look at; undefined where the field had a problem of its own. */
export interface SpecDraft {
  readonly name?: string | undefined;
  readonly strategy?: StrategyName | undefined;
  readonly parameters: readonly Parameter[];
  readonly static?: Readonly<Record<string, string>> | undefined;
  readonly maxTrials?: number | undefined;
  readonly maxRuntimeSeconds?: number | undefined;
  readonly earlyStopping?: TuningJobSpec['earlyStopping'] | undefined;
  readonly executorKind?: 'local' | 'remote' | 'sagemaker' | 'sagemaker-managed' | undefined;
  /**
   * The raw `executor.sagemaker-managed.tuningJobName`: the name SageMaker receives instead of `name` when it is a
   * string. Undefined when not given; any other value is the runner's to refuse, and then no name is checked here.
   */
  readonly tuningJobName?: unknown;
  /** False when some ranges had problems of their own: rules over the whole space are then skipped. */
  readonly parametersComplete?: boolean;
}

/** Number of grid points of discrete ranges (categorical values times integer widths). */
export function gridSize(parameters: readonly Parameter[]): number {
  let size = 1;
  for (const parameter of parameters) {
    if (parameter.type === 'categorical') size *= parameter.values.length;
    else if (parameter.type === 'integer') size *= Math.floor(parameter.max) - Math.ceil(parameter.min) + 1;
  }
  return size;
}

/**
 * Checks the rules every job obeys: name pattern, Grid ranges and budget, Hyperband's early stopping, static names.
 *
 * @param draft - The parsed fields.
 * @param at - Where they sit in the source.
 * @param issues - Where problems go.
 * @returns maxTrials to use when the source omits it (a Grid's size), or undefined.
 */
export function checkJobRules(draft: SpecDraft, at: SpecLocator, issues: Issues): number | undefined {
  if (draft.name !== undefined && !JOB_NAME_PATTERN.test(draft.name)) {
    issues.add(
      'spec.jobName',
      at.name,
      `"${draft.name}" is not a valid job name: use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  }
  if (draft.static !== undefined) {
    const tuned = new Set(draft.parameters.map((parameter) => parameter.name));
    for (const key of Object.keys(draft.static)) {
      if (tuned.has(key)) {
        issues.add(
          'spec.staticIsTuned',
          [...at.static, key],
          `"${key}" is also a tuned parameter: remove it from static or from parameters`,
        );
      }
    }
  }
  if (draft.strategy === 'Hyperband' && draft.earlyStopping !== undefined && draft.earlyStopping !== 'Off') {
    issues.add(
      'spec.hyperbandEarlyStopping',
      at.earlyStopping,
      'must be Off with Hyperband, which stops trials early itself (as SageMaker requires): remove earlyStopping or set it to Off',
    );
  }
  if (draft.strategy !== 'Grid' || draft.parametersComplete === false) return undefined;
  return checkGrid(draft, at, issues);
}

function checkGrid(draft: SpecDraft, at: SpecLocator, issues: Issues): number | undefined {
  let enumerable = true;
  draft.parameters.forEach((parameter, index) => {
    if (parameter.type !== 'continuous') return;
    enumerable = false;
    issues.add(
      'spec.gridContinuous',
      at.parameter(index, 'type'),
      `Grid search cannot enumerate the continuous range "${parameter.name}": make it categorical (values: [...]) or integer, or choose another strategy`,
    );
  });
  if (!enumerable) return undefined;
  const size = gridSize(draft.parameters);
  const limits = SPEC_LIMITS.maxTrials;
  if (draft.maxTrials === undefined) {
    if (size <= limits.max) return size;
    issues.add(
      'spec.gridTooLarge',
      at.maxTrials,
      `the grid has ${size} combinations, more than ${limits.max} trials: drop values or ranges, or choose another strategy`,
    );
    return undefined;
  }
  if (draft.maxTrials < size) {
    issues.add(
      'spec.gridTooLarge',
      at.maxTrials,
      `${draft.maxTrials} trials cannot cover the grid's ${size} combinations: raise maxTrials to ${size} (or leave it out), or drop values`,
    );
  }
  return undefined;
}

/**
 * Checks what SageMaker's own tuning (`CreateHyperParameterTuningJob`) cannot do.
 *
 * @param draft - The parsed fields.
 * @param at - Where they sit in the source.
 * @param issues - Where problems go; integer ranges of a Grid become a warning (sent as categorical values).
 */
export function checkManagedRules(draft: SpecDraft, at: SpecLocator, issues: Issues): void {
  checkSentName(draft, at, issues);
  if (draft.strategy !== undefined && !MANAGED_STRATEGIES.includes(draft.strategy)) {
    issues.add(
      'sagemaker.strategy',
      at.strategy,
      `SageMaker's tuning has no ${draft.strategy} strategy: use ${MANAGED_STRATEGIES.join(', ')}, or run ${draft.strategy} with the local or sagemaker executor`,
    );
  }
  const runtime = SPEC_LIMITS.maxRuntimeSeconds;
  if (draft.maxRuntimeSeconds !== undefined && draft.maxRuntimeSeconds < runtime.managedMin) {
    issues.add(
      'sagemaker.maxRuntime',
      at.maxRuntimeSeconds,
      `must be at least ${runtime.managedMin} seconds for SageMaker's tuning (MaxRuntimeInSeconds), not ${draft.maxRuntimeSeconds}`,
    );
  }
  if (draft.maxRuntimeSeconds !== undefined && !Number.isInteger(draft.maxRuntimeSeconds)) {
    issues.add(
      'sagemaker.maxRuntime',
      at.maxRuntimeSeconds,
      `must be a whole number of seconds for SageMaker, not ${draft.maxRuntimeSeconds}`,
    );
  }
  if (draft.strategy === 'Grid') {
    draft.parameters.forEach((parameter, index) => {
      if (parameter.type !== 'integer') return;
      const count = Math.floor(parameter.max) - Math.ceil(parameter.min) + 1;
      if (count > MAX_CATEGORICAL_VALUES) {
        issues.add(
          'sagemaker.gridIntegerTooWide',
          at.parameter(index, 'type'),
          `SageMaker's Grid takes categorical ranges of at most ${MAX_CATEGORICAL_VALUES} values, and "${parameter.name}" has ${count} integers: narrow it or list fewer values`,
        );
        return;
      }
      issues.warn(
        'sagemaker.gridInteger',
        at.parameter(index, 'type'),
        `SageMaker's Grid takes categorical ranges only: "${parameter.name}" is sent as the categorical values ${parameter.min}..${parameter.max}`,
      );
    });
  }
  if (draft.static !== undefined) checkStaticLimits(draft.static, at.static, issues);
  // Refused, not warned: SageMaker's rule (TrainingJobEarlyStoppingType Auto) has no grace period to set, and a
  // job that silently ran without the one its file asks for could stop the configuration it was meant to protect.
  if (hasCustomGracePeriod(draft.earlyStopping)) {
    issues.add(
      'sagemaker.earlyStoppingGrace',
      at.earlyStopping,
      "SageMaker's own tuning has only Off and Auto, with no grace period: write earlyStopping: Auto, or use executor sagemaker to have tunekit's median rule apply minSteps and minTrials",
    );
  }
}

/** Checks the tuning-job name SageMaker will receive: `tuningJobName` when the source gives one, else `name`. */
function checkSentName(draft: SpecDraft, at: SpecLocator, issues: Issues): void {
  const renamedAt = draft.tuningJobName === undefined ? undefined : at.tuningJobName;
  const sent = renamedAt === undefined ? draft.name : draft.tuningJobName;
  if (typeof sent !== 'string' || sent.length <= MANAGED_JOB_NAME_MAX_LENGTH) return;
  // Only a source that can rename the job (a tuning file) is told how to keep its long name.
  const hint =
    renamedAt === undefined && at.tuningJobName !== undefined
      ? ', or set executor.sagemaker-managed.tuningJobName'
      : '';
  issues.add(
    'sagemaker.jobNameTooLong',
    renamedAt ?? at.name,
    `SageMaker's tuning-job names have at most ${MANAGED_JOB_NAME_MAX_LENGTH} characters and "${sent}" has ${sent.length}: shorten it${hint}`,
  );
}

function checkStaticLimits(values: Readonly<Record<string, string>>, path: Path, issues: Issues): void {
  const entries = Object.entries(values);
  if (entries.length > STATIC_LIMITS.maxEntries) {
    issues.add(
      'sagemaker.staticCount',
      path,
      `SageMaker takes at most ${STATIC_LIMITS.maxEntries} static hyperparameters, not ${entries.length}: drop some`,
    );
  }
  for (const [key, value] of entries) {
    if (key.length > STATIC_LIMITS.maxKeyLength) {
      issues.add(
        'sagemaker.staticKey',
        [...path, key],
        `SageMaker takes names of at most ${STATIC_LIMITS.maxKeyLength} characters: shorten it`,
      );
    }
    if (value.length > STATIC_LIMITS.maxValueLength) {
      issues.add(
        'sagemaker.staticValue',
        [...path, key],
        `SageMaker takes values of at most ${STATIC_LIMITS.maxValueLength} characters, not ${value.length}: shorten it`,
      );
    }
  }
}
