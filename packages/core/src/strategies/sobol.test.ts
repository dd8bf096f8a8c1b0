import { describe, expect, it } from 'vitest';
import { createSearchSpace } from '../space/searchSpace.ts';
import type { Parameter } from '../space/types.ts';
import type { SuggestRequest } from '../strategy.ts';
import { createRandomStrategy } from './random.ts';
import { createSobolStrategy } from './sobol.ts';

const mixed: Parameter[] = [
  { type: 'continuous', name: 'eta', min: 1e-4, max: 1, scaling: 'Logarithmic' },
  { type: 'integer', name: 'depth', min: 1, max: 4, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
];
const small: Parameter[] = [
  { type: 'integer', name: 'depth', min: 1, max: 3, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear', 'dart'] },
];
const square: Parameter[] = [
  { type: 'continuous', name: 'x', min: 0, max: 8, scaling: 'Linear' },
  { type: 'continuous', name: 'y', min: 0, max: 8, scaling: 'Linear' },
];

function request(overrides: Partial<SuggestRequest> = {}): SuggestRequest {
  return { count: 1, startIndex: 0, observations: [], pending: [], failed: [], ...overrides };
}

describe('createSobolStrategy', () => {
  it('gives the same suggestions for the same seed and history, and others for another seed', async () => {
    const space = createSearchSpace(mixed);
    const a = await createSobolStrategy({ space, seed: 1 }).suggest(request({ count: 8 }));
    const b = await createSobolStrategy({ space, seed: 1 }).suggest(request({ count: 8 }));
    const c = await createSobolStrategy({ space, seed: 2 }).suggest(request({ count: 8 }));
    expect(a).toHaveLength(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(createSobolStrategy({ space, seed: 1 }).capacity).toBe(Number.POSITIVE_INFINITY);
  });

  it('continues the same sequence after a resume: suggestion k is point k', async () => {
    const space = createSearchSpace(mixed);
    const all = await createSobolStrategy({ space, seed: 3 }).suggest(request({ count: 10 }));
    const resumed = await createSobolStrategy({ space, seed: 3 }).suggest(
      request({
        count: 4,
        startIndex: 6,
        observations: all.slice(0, 5).map(({ unit }) => ({ unit, value: 1 })),
        pending: [all[5]!.unit],
      }),
    );
    expect(resumed).toEqual(all.slice(6));
  });

  it('maps through the search space: 64 points split evenly over decades, integers and categories', async () => {
    const space = createSearchSpace(mixed);
    for (const seed of [4, 5]) {
      const suggestions = await createSobolStrategy({ space, seed }).suggest(request({ count: 64 }));
      const decades = [0, 0, 0, 0];
      const depths = [0, 0, 0, 0];
      const boosters: Record<string, number> = {};
      for (const { unit } of suggestions) {
        const values = space.fromUnit(space.snapUnit(unit));
        const eta = values.eta as number;
        expect(eta).toBeGreaterThanOrEqual(1e-4);
        expect(eta).toBeLessThanOrEqual(1);
        decades[Math.min(3, Math.floor(Math.log10(eta) + 4))]!++;
        depths[(values.depth as number) - 1]!++;
        boosters[values.booster as string] = (boosters[values.booster as string] ?? 0) + 1;
      }
      // A scrambled net: each quarter of every axis of the unit cube holds exactly 16 of the first 64 points.
      expect(decades).toEqual([16, 16, 16, 16]);
      expect(depths).toEqual([16, 16, 16, 16]);
      expect(boosters).toEqual({ gbtree: 32, dart: 32 });
    }
  });

  it('covers a square better than Random: 64 points hit every cell of an 8 x 8 grid', async () => {
    const space = createSearchSpace(square);
    const cellsHit = async (strategy: ReturnType<typeof createSobolStrategy>): Promise<number> => {
      const cells = new Set<number>();
      for (const { unit } of await strategy.suggest(request({ count: 64 }))) {
        const { x, y } = space.fromUnit(unit) as { x: number; y: number };
        cells.add(Math.floor(x) * 8 + Math.floor(y));
      }
      return cells.size;
    };
    let randomHits = 0;
    for (let seed = 1; seed <= 5; seed++) {
      expect(await cellsHit(createSobolStrategy({ space, seed }))).toBe(64);
      randomHits += await cellsHit(createRandomStrategy({ space, seed }));
    }
    // Random hits 64 (1 - (63/64)^64) ≈ 40.7 cells on average.
    expect(randomHits / 5).toBeLessThan(48);
  });

  it('never repeats a configuration of a discrete space that was observed, is pending or failed', async () => {
    const space = createSearchSpace(small);
    const strategy = createSobolStrategy({ space, seed: 11 });
    expect(strategy.capacity).toBe(9);
    const observed = space.toUnit({ depth: 1, booster: 'gbtree' });
    const pending = space.toUnit({ depth: 2, booster: 'dart' });
    const failed = space.toUnit({ depth: 3, booster: 'gblinear' });
    const suggestions = await strategy.suggest(
      request({
        count: 6,
        observations: [{ unit: observed, value: 1 }],
        pending: [pending],
        failed: [failed],
      }),
    );
    const keys = suggestions.map(({ unit }) => space.key(space.fromUnit(unit)));
    expect(new Set(keys).size).toBe(6);
    for (const used of [observed, pending, failed]) {
      expect(keys).not.toContain(space.key(space.fromUnit(used)));
    }
    for (const { unit } of suggestions) expect(space.snapUnit(unit)).toEqual(unit);
  });

  it('returns fewer suggestions once a discrete space is exhausted, then none', async () => {
    const space = createSearchSpace(small);
    const strategy = createSobolStrategy({ space, seed: 2 });
    const first = await strategy.suggest(request({ count: 20 }));
    expect(first).toHaveLength(9);
    expect(new Set(first.map(({ unit }) => space.key(space.fromUnit(unit)))).size).toBe(9);
    const rest = await strategy.suggest(
      request({ count: 3, startIndex: 9, observations: first.map(({ unit }) => ({ unit, value: 0 })) }),
    );
    expect(rest).toEqual([]);
  });

  it('makes the same discrete suggestions after a resume as in one batch', async () => {
    const space = createSearchSpace([
      { type: 'integer', name: 'n', min: 1, max: 50, scaling: 'Linear' },
      { type: 'categorical', name: 'c', values: ['a', 'b', 'c'] },
    ]);
    const all = await createSobolStrategy({ space, seed: 8 }).suggest(request({ count: 40 }));
    expect(new Set(all.map(({ unit }) => space.key(space.fromUnit(unit)))).size).toBe(40);
    const resumed = await createSobolStrategy({ space, seed: 8 }).suggest(
      request({
        count: 10,
        startIndex: 30,
        observations: all.slice(0, 25).map(({ unit }) => ({ unit, value: 0 })),
        failed: all.slice(25, 30).map(({ unit }) => unit),
      }),
    );
    expect(resumed).toEqual(all.slice(30));
  });

  it('finds the last unused configuration of a discrete space', async () => {
    const space = createSearchSpace([{ type: 'integer', name: 'n', min: 1, max: 300, scaling: 'Linear' }]);
    const observations = [];
    for (let n = 1; n <= 300; n++) if (n !== 217) observations.push({ unit: space.toUnit({ n }), value: n });
    const [only, ...none] = await createSobolStrategy({ space, seed: 9 }).suggest(
      request({ count: 2, startIndex: 299, observations }),
    );
    expect(none).toEqual([]);
    expect(space.fromUnit(only!.unit)).toEqual({ n: 217 });
  });

  it('hands out suggestions that the caller may change without changing later ones', async () => {
    const space = createSearchSpace(small);
    const strategy = createSobolStrategy({ space, seed: 4 });
    const [first] = await strategy.suggest(request());
    const expected = first!.unit.slice();
    first!.unit.fill(0);
    const [again] = await strategy.suggest(request());
    expect(again!.unit).toEqual(expected);
  });

  it('serves suggestions up to index 2^30 - 1 and then refuses with what to change', async () => {
    const space = createSearchSpace(square);
    const strategy = createSobolStrategy({ space, seed: 6 });
    const last = await strategy.suggest(request({ count: 2, startIndex: 2 ** 30 - 2 }));
    expect(last).toHaveLength(2);
    expect(last[0]!.unit).not.toEqual(last[1]!.unit);
    await expect(strategy.suggest(request({ count: 3, startIndex: 2 ** 30 - 2 }))).rejects.toThrow(
      /2\^30.*maxTrials/,
    );
  });
});
