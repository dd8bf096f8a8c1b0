import { describe, expect, it } from 'vitest';
import { backoffSeconds, FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS } from '../src/backoff.ts';

describe('backoffSeconds', () => {
  it('starts at 0.5 s and doubles to 10 s, the protocol schedule, at the top of the jitter', () => {
    const top = () => 1 - Number.EPSILON;
    const delays = Array.from({ length: 8 }, (_, attempt) => backoffSeconds(attempt, top));
    expect(delays.map((delay) => Number(delay.toFixed(6)))).toEqual([0.5, 1, 2, 4, 8, 10, 10, 10]);
  });

  it('jitters each delay to between half of it and all of it', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const base = Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** attempt);
      expect(backoffSeconds(attempt, () => 0)).toBe(base / 2);
      for (let draw = 0; draw < 50; draw++) {
        const delay = backoffSeconds(attempt);
        expect(delay).toBeGreaterThanOrEqual(base / 2);
        expect(delay).toBeLessThanOrEqual(base);
      }
    }
  });

  it('stays at 10 s however many retries came before', () => {
    expect(backoffSeconds(10_000, () => 0.5)).toBe(7.5);
  });
});
