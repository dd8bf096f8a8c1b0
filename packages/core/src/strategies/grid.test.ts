import { describe, expect, it } from 'vitest';
import { isTunekitError, type TunekitError } from '../errors.ts';
import { createSearchSpace } from '../space/searchSpace.ts';
import type { Parameter } from '../space/types.ts';
import type { SuggestRequest } from '../strategy.ts';
import { createGridStrategy } from './grid.ts';

const ranges: Parameter[] = [
  { type: 'categorical', name: 'booster', values: ['gbtree', 'dart'] },
  { type: 'integer', name: 'depth', min: 2, max: 4, scaling: 'Linear' },
  { type: 'integer', name: 'leaves', min: 1, max: 100, scaling: 'Logarithmic' },
];

function request(overrides: Partial<SuggestRequest> = {}): SuggestRequest {
  return { count: 1, startIndex: 0, observations: [], pending: [], failed: [], ...overrides };
}

function thrown(run: () => unknown): TunekitError {
  try {
    run();
  } catch (error) {
    if (isTunekitError(error)) return error;
    throw error;
  }
  throw new Error('expected a TunekitError');
}

describe('createGridStrategy', () => {
  it('enumerates every combination once, the first parameter slowest', async () => {
    const space = createSearchSpace(ranges.slice(0, 2));
    const grid = createGridStrategy({ space, seed: 0, maxTrials: 6 });
    expect(grid.capacity).toBe(6);
    const points = (await grid.suggest(request({ count: 10 }))).map(({ unit }) => space.fromUnit(unit));
    expect(points).toEqual([
      { booster: 'gbtree', depth: 2 },
      { booster: 'gbtree', depth: 3 },
      { booster: 'gbtree', depth: 4 },
      { booster: 'dart', depth: 2 },
      { booster: 'dart', depth: 3 },
      { booster: 'dart', depth: 4 },
    ]);
  });

  it('enumerates every whole number of a Logarithmic integer range, at the centres of their cells', async () => {
    const space = createSearchSpace(ranges);
    const grid = createGridStrategy({ space, seed: 0, maxTrials: 600 });
    const suggestions = await grid.suggest(request({ count: 600 }));
    expect(suggestions.slice(0, 100).map(({ unit }) => space.fromUnit(unit).leaves)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(new Set(suggestions.map(({ unit }) => space.key(space.fromUnit(unit)))).size).toBe(600);
    for (const { unit } of suggestions) expect(space.snapUnit(unit)).toEqual(unit);
  });

  it('continues from startIndex, so a resumed job picks up the next combination', async () => {
    const space = createSearchSpace(ranges.slice(0, 2));
    const all = await createGridStrategy({ space, seed: 0 }).suggest(request({ count: 6 }));
    const resumed = await createGridStrategy({ space, seed: 0 }).suggest(
      request({ count: 3, startIndex: 4 }),
    );
    expect(resumed).toEqual(all.slice(4));
  });

  it('names a continuous range and what to change', () => {
    const space = createSearchSpace([
      ranges[0]!,
      { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
    ]);
    const error = thrown(() => createGridStrategy({ space, seed: 0, maxTrials: 10 }));
    expect(error.code).toBe('invalidSpec');
    expect(error.message).toContain('"eta" is continuous');
    expect(error.message).toContain('choose Random, Sobol or Bayesian');
    expect(error.issues.map((issue) => issue.path)).toEqual([['parameters', 1, 'type']]);
  });

  it('refuses a grid larger than the trial budget, saying the count and what to change', () => {
    const space = createSearchSpace(ranges);
    const error = thrown(() => createGridStrategy({ space, seed: 0, maxTrials: 599 }));
    expect(error.code).toBe('gridTooLarge');
    expect(error.message).toBe(
      'the grid has 600 combinations (2 x 3 x 100) but limits.maxTrials is 599: raise maxTrials to 600, ' +
        'or narrow the integer ranges or drop categorical values',
    );
  });
});
