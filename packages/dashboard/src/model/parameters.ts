/**
 * The ranges as the charts see them: whether an axis is logarithmic, and a value's position on a 0..1 scale (the
 * surrogate behind importance and contours works there).
 */
import type { ApiParameter, ApiParameterValue } from '../api.ts';

/** Whether the range is drawn on a log axis (Logarithmic scaling, and min > 0). */
export function isLogAxis(parameter: ApiParameter): boolean {
  return parameter.type !== 'categorical' && parameter.scaling === 'Logarithmic' && parameter.min > 0;
}

/**
 * A value's position in [0, 1]: linear or logarithmic for numbers, the index spread evenly for categories.
 *
 * @returns The position, or undefined when the value does not fit the range (a different type).
 */
export function toUnit(parameter: ApiParameter, value: ApiParameterValue | undefined): number | undefined {
  if (parameter.type === 'categorical') {
    const index = parameter.values.indexOf(String(value));
    if (index < 0) return undefined;
    return parameter.values.length === 1 ? 0.5 : index / (parameter.values.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (parameter.max === parameter.min) return 0.5;
  const unit = isLogAxis(parameter)
    ? (Math.log(value) - Math.log(parameter.min)) / (Math.log(parameter.max) - Math.log(parameter.min))
    : (value - parameter.min) / (parameter.max - parameter.min);
  return Math.min(1, Math.max(0, unit));
}

/**
 * The value at a position in [0, 1] (the inverse of {@link toUnit}; categories by nearest index).
 */
export function fromUnit(parameter: ApiParameter, unit: number): ApiParameterValue {
  if (parameter.type === 'categorical') {
    const index = Math.round(unit * (parameter.values.length - 1));
    return parameter.values[Math.min(parameter.values.length - 1, Math.max(0, index))]!;
  }
  const value = isLogAxis(parameter)
    ? Math.exp(Math.log(parameter.min) + unit * (Math.log(parameter.max) - Math.log(parameter.min)))
    : parameter.min + unit * (parameter.max - parameter.min);
  return parameter.type === 'integer' ? Math.round(value) : value;
}
