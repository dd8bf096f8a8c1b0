import { describe, expect, it } from 'vitest';
import { bracketOf, hyperbandBrackets, maxBracket, rungResources } from './schedule.ts';

const table = (minResource: number, maxResource: number, eta: number) =>
  hyperbandBrackets({ minResource, maxResource, eta }).map((bracket) => [
    bracket.s,
    bracket.rungs.map((rung) => [rung.configurations, rung.resource]),
  ]);

describe("Hyperband's brackets", () => {
  it('reproduce Li et al. (JMLR 2018), Table 1: R = 81, eta = 3', () => {
    expect(table(1, 81, 3)).toEqual([
      [
        4,
        [
          [81, 1],
          [27, 3],
          [9, 9],
          [3, 27],
          [1, 81],
        ],
      ],
      [
        3,
        [
          [34, 3],
          [11, 9],
          [3, 27],
          [1, 81],
        ],
      ],
      [
        2,
        [
          [15, 9],
          [5, 27],
          [1, 81],
        ],
      ],
      [
        1,
        [
          [8, 27],
          [2, 81],
        ],
      ],
      [0, [[5, 81]]],
    ]);
  });

  it('count s_max in integers, where a floating-point log would round down (243 = 3^5)', () => {
    expect(maxBracket({ minResource: 1, maxResource: 243, eta: 3 })).toBe(5);
    expect(maxBracket({ minResource: 1, maxResource: 1000, eta: 10 })).toBe(3);
    expect(maxBracket({ minResource: 2, maxResource: 5, eta: 3 })).toBe(0);
  });

  it('keep the rungs on r * eta^k and end at maxResource when R / r is not a power of eta', () => {
    expect(rungResources({ minResource: 1, maxResource: 120, eta: 3 }, 4)).toEqual([1, 3, 9, 27, 120]);
    expect(rungResources({ minResource: 1, maxResource: 120, eta: 3 }, 1)).toEqual([27, 120]);
    expect(rungResources({ minResource: 5, maxResource: 100, eta: 2 }, 2)).toEqual([20, 40, 100]);
  });

  it("give new configurations brackets in Hyperband's proportions, every bracket early", () => {
    const resources = { minResource: 1, maxResource: 81, eta: 3 };
    const counts = [0, 0, 0, 0, 0];
    for (let k = 0; k < 143; k++) counts[bracketOf(resources, k)]! += 1;
    expect(counts).toEqual([5, 8, 15, 34, 81]);
    const firstSeen = new Set(Array.from({ length: 30 }, (_, k) => bracketOf(resources, k)));
    expect([...firstSeen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(bracketOf(resources, 143 + 7)).toBe(bracketOf(resources, 7));
  });
});
