import { describe, expect, it } from 'vitest';
import { createSearchSpace } from '../space/searchSpace.ts';
import type { Parameter } from '../space/types.ts';
import type { SuggestRequest } from '../strategy.ts';
import { createRandomStrategy } from './random.ts';

const mixed: Parameter[] = [
  { type: 'continuous', name: 'eta', min: 1e-4, max: 1, scaling: 'Logarithmic' },
  { type: 'integer', name: 'depth', min: 1, max: 10, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
];
const small: Parameter[] = [
  { type: 'integer', name: 'depth', min: 1, max: 3, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear', 'dart'] },
];

function request(overrides: Partial<SuggestRequest> = {}): SuggestRequest {
  return { count: 1, startIndex: 0, observations: [], pending: [], failed: [], ...overrides };
}

describe('createRandomStrategy', () => {
  it('gives the same suggestions for the same seed, and others for another seed', async () => {
    const space = createSearchSpace(mixed);
    const a = await createRandomStrategy({ space, seed: 1 }).suggest(request({ count: 5 }));
    const b = await createRandomStrategy({ space, seed: 1 }).suggest(request({ count: 5 }));
    const c = await createRandomStrategy({ space, seed: 2 }).suggest(request({ count: 5 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(5);
    expect(createRandomStrategy({ space, seed: 1 }).capacity).toBe(Number.POSITIVE_INFINITY);
  });

  it('makes suggestion k from (seed, k) alone: a resumed job continues with the same points', async () => {
    const space = createSearchSpace(mixed);
    const strategy = createRandomStrategy({ space, seed: 3 });
    const all = await strategy.suggest(request({ count: 6 }));
    const later = await createRandomStrategy({ space, seed: 3 }).suggest(
      request({ count: 2, startIndex: 4 }),
    );
    expect(later).toEqual(all.slice(4));
  });

  it('is uniform in the unit cube, so uniform in log(eta) for a Logarithmic range', async () => {
    const space = createSearchSpace([mixed[0]!]);
    const suggestions = await createRandomStrategy({ space, seed: 5 }).suggest(request({ count: 4000 }));
    const decades = new Uint32Array(4);
    for (const { unit } of suggestions) {
      const eta = space.fromUnit(unit).eta as number;
      decades[Math.min(3, Math.floor(Math.log10(eta) + 4))]!++;
    }
    // 1000 expected per decade; a standard deviation is about 27.
    for (const count of decades) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('does not repeat a configuration of a discrete space that was observed, is pending or failed', async () => {
    const space = createSearchSpace(small);
    const strategy = createRandomStrategy({ space, seed: 11 });
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
    for (const used of [observed, pending, failed])
      expect(keys).not.toContain(space.key(space.fromUnit(used)));
    for (const { unit } of suggestions) expect(space.snapUnit(unit)).toEqual(unit);
  });

  it('returns fewer suggestions once every configuration is used, then none', async () => {
    const space = createSearchSpace(small);
    const strategy = createRandomStrategy({ space, seed: 2 });
    const first = await strategy.suggest(request({ count: 20 }));
    expect(first).toHaveLength(9);
    expect(new Set(first.map(({ unit }) => space.key(space.fromUnit(unit)))).size).toBe(9);
    const rest = await strategy.suggest(
      request({ count: 3, startIndex: 9, observations: first.map(({ unit }) => ({ unit, value: 0 })) }),
    );
    expect(rest).toEqual([]);
  });

  it('finds the last unused point of a discrete space by enumeration when draws keep missing', async () => {
    const space = createSearchSpace([{ type: 'integer', name: 'n', min: 1, max: 1000, scaling: 'Linear' }]);
    const strategy = createRandomStrategy({ space, seed: 9 });
    const observations = [];
    for (let n = 1; n <= 1000; n++) if (n !== 617) observations.push({ unit: space.toUnit({ n }), value: n });
    const [only, ...none] = await strategy.suggest(request({ count: 2, startIndex: 999, observations }));
    expect(none).toEqual([]);
    expect(space.fromUnit(only!.unit)).toEqual({ n: 617 });
  });
});
