/**
 * Parameter ranges, with SageMaker's names and rules.
 *
 * A point of the space is a `ParameterValues` record (numbers for continuous and integer ranges, strings for
 * categorical ones). Strategies work in the unit cube [0, 1]^d, one coordinate per range in declaration order.
 */

/** SageMaker's `ScalingType`. */
export type ScalingType = 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';

/** A real-valued range [min, max]. */
export interface ContinuousParameter {
  readonly type: 'continuous';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly scaling: ScalingType;
}

/** A range of whole numbers [min, max]. */
export interface IntegerParameter {
  readonly type: 'integer';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly scaling: Exclude<ScalingType, 'ReverseLogarithmic'>;
}

/** A choice among unique string values (up to {@link MAX_CATEGORICAL_VALUES}). */
export interface CategoricalParameter {
  readonly type: 'categorical';
  readonly name: string;
  readonly values: readonly string[];
}

/** One tunable range of a search space. */
export type Parameter = ContinuousParameter | IntegerParameter | CategoricalParameter;

/** A value of one hyperparameter: a number for continuous and integer ranges, a string for categorical ones. */
export type ParameterValue = number | string;

/** A point of the search space, keyed by parameter name. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/** SageMaker's limit on the tunable ranges of a tuning job. */
export const MAX_TUNABLE_PARAMETERS = 30;
/** SageMaker's limit on the values of a categorical range. */
export const MAX_CATEGORICAL_VALUES = 30;
