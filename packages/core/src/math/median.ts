/**
 * The median of a list of numbers (the mean of the middle two for an even count); the list is not changed.
 *
 * @param values - At least one number.
 * @returns The median.
 */
export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
