import { describe, expect, it } from 'vitest';
import { selectFitSubset } from './fitSubset.ts';

describe('selectFitSubset', () => {
  it('keeps every observation when there are few enough', () => {
    expect(Array.from(selectFitSubset([3, 1, 2], 5))).toEqual([0, 1, 2]);
  });

  it('keeps the lowest targets and spreads the rest of the budget over the history', () => {
    // Targets 0..99 in reverse order: the lowest are the last rows.
    const targets = Array.from({ length: 100 }, (_, i) => 100 - i);
    const subset = Array.from(selectFitSubset(targets, 10));
    expect(subset).toHaveLength(10);
    expect(new Set(subset).size).toBe(10);
    expect(subset).toEqual([...subset].sort((a, b) => a - b));
    for (const row of [95, 96, 97, 98, 99]) expect(subset).toContain(row);
    // The other five cover the remaining 95 rows from the start to the end.
    const others = subset.filter((row) => row < 95);
    expect(others).toHaveLength(5);
    expect(others[0]).toBeLessThan(20);
    expect(others[4]).toBeGreaterThan(75);
  });
});
