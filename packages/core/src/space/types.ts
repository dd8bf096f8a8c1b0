/**
 * Parameter ranges, with SageMaker's names and rules.
 *
 * A point of the space is a `ParameterValues` record (numbers for continuous and integer ranges, strings for
 * categorical ones). Strategies work in the unit cube [0, 1]^d, one coordinate per range in declaration order.
 */

/** SageMaker's `ScalingType`. */
export type ScalingType = 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';

export interface ContinuousParameter {
  readonly type: 'continuous';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly scaling: ScalingType;
}

export interface IntegerParameter {
  readonly type: 'integer';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly scaling: Exclude<ScalingType, 'ReverseLogarithmic'>;
}

export interface CategoricalParameter {
  readonly type: 'categorical';
  readonly name: string;
  readonly values: readonly string[];
}

export type Parameter = ContinuousParameter | IntegerParameter | CategoricalParameter;

/** A value of one hyperparameter: a number for continuous and integer ranges, a string for categorical ones. */
export type ParameterValue = number | string;

/** A point of the search space, keyed by parameter name. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/** SageMaker's limits on a tuning job's ranges. */
export const MAX_TUNABLE_PARAMETERS = 30;
export const MAX_CATEGORICAL_VALUES = 30;
