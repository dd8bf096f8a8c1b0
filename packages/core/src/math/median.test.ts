import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { median } from './median.ts';

/** The definition: sort, take the middle one or the mean of the middle two. */
function sortedMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('median', () => {
  it('is the middle of the sorted values, or the mean of the middle two', () => {
    expect(median([3])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2, 2, 2, 1])).toBe(2);
  });

  it('equals the sorted definition on random lists with many ties, and leaves the list as it was', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 5000; trial++) {
      const length = 1 + Math.floor(rng.nextFloat() * 60);
      const values = Array.from({ length }, () =>
        rng.nextFloat() < 0.4 ? Math.floor(rng.nextFloat() * 5) : rng.nextFloat() * 20 - 10,
      );
      const copy = [...values];
      expect(median(values)).toBe(sortedMedian(values));
      expect(values).toEqual(copy);
    }
  });
});
