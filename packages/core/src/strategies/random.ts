/**
 * The Random strategy: points drawn uniformly in the unit cube, so uniformly in the scaled space (uniform in
 * log x for Logarithmic ranges, dense near 1 for ReverseLogarithmic, each integer and category with the
 * weight of its cell).
 *
 * Suggestion k draws from `createRng(deriveSeed(seed, RANDOM_STREAM, k))`, so it does not depend on the
 * suggestions before it and a resumed job makes the same ones. When every range is discrete, a drawn point
 * whose configuration was already observed, is pending, failed, or was suggested earlier in the batch is
 * drawn again (from the same generator); after {@link MAX_RANDOM_ATTEMPTS} misses, one of the unused points is
 * picked uniformly by enumeration. Once every point is used it returns fewer suggestions than asked.
 */
import { createRng, deriveSeed } from '../rng.ts';
import type { SearchSpace } from '../space/searchSpace.ts';
import type { Strategy, StrategyOptions, Suggestion, SuggestRequest } from '../strategy.ts';
import { createDiscreteGrid, type DiscreteGrid } from './discreteGrid.ts';

/** The stream of the Random strategy's generators ("rand"). */
const RANDOM_STREAM = 0x72616e64;
/** Draws of a discrete space before enumerating the unused points. */
const MAX_RANDOM_ATTEMPTS = 64;
/** Largest discrete space enumerated to find an unused point; beyond it, draws continue. */
const ENUMERATION_LIMIT = 1 << 20;
/** Draws in a space too large to enumerate before giving up (practically unreachable). */
const MAX_DRAWS_WITHOUT_ENUMERATION = 100_000;

/**
 * Creates the Random strategy.
 *
 * @param options - The space and the seed.
 * @returns The strategy; its capacity is the space's cardinality (Infinity when a range is continuous).
 * @example
 * const random = createRandomStrategy({ space, seed: 42 });
 * const [first] = await random.suggest({ count: 1, startIndex: 0, observations: [], pending: [], failed: [] });
 */
export function createRandomStrategy(options: StrategyOptions): Strategy {
  const { space, seed } = options;
  const dimension = space.dimension;
  const discrete = Number.isFinite(space.cardinality);
  const keys = createKeyCache(space);
  let grid: DiscreteGrid | undefined;

  const draw = (rng: ReturnType<typeof createRng>): Float64Array => {
    const unit = new Float64Array(dimension);
    for (let j = 0; j < dimension; j++) unit[j] = rng.nextFloat();
    return unit;
  };

  const unusedPoint = (index: number, used: Set<string>): Float64Array | undefined => {
    const rng = createRng(deriveSeed(seed, RANDOM_STREAM, index));
    const attempts =
      space.cardinality <= ENUMERATION_LIMIT ? MAX_RANDOM_ATTEMPTS : MAX_DRAWS_WITHOUT_ENUMERATION;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const unit = space.snapUnit(draw(rng));
      if (!used.has(keys.of(unit))) return unit;
    }
    if (space.cardinality > ENUMERATION_LIMIT) return undefined;
    grid ??= createDiscreteGrid(space.parameters);
    const unused: number[] = [];
    for (let i = 0; i < grid.size; i++) if (!used.has(keys.of(grid.point(i)))) unused.push(i);
    if (unused.length === 0) return undefined;
    return grid.point(unused[rng.nextInt(unused.length)] as number);
  };

  return {
    name: 'Random',
    capacity: space.cardinality,
    suggest(request: SuggestRequest): Promise<Suggestion[]> {
      const suggestions: Suggestion[] = [];
      if (!discrete) {
        for (let i = 0; i < request.count; i++) {
          suggestions.push({
            unit: draw(createRng(deriveSeed(seed, RANDOM_STREAM, request.startIndex + i))),
          });
        }
        return Promise.resolve(suggestions);
      }
      const used = new Set<string>();
      for (const observation of request.observations) used.add(keys.of(observation.unit));
      for (const unit of request.pending) used.add(keys.of(unit));
      for (const unit of request.failed) used.add(keys.of(unit));
      for (let i = 0; i < request.count && used.size < space.cardinality; i++) {
        const unit = unusedPoint(request.startIndex + i, used);
        if (unit === undefined) break;
        used.add(keys.of(unit));
        suggestions.push({ unit });
      }
      return Promise.resolve(suggestions);
    },
  };
}

/** Keys of unit points, remembered per array: the tuner passes the same history arrays on every call. */
function createKeyCache(space: SearchSpace): { of(unit: Float64Array): string } {
  const cache = new WeakMap<Float64Array, string>();
  return {
    of(unit) {
      let key = cache.get(unit);
      if (key === undefined) {
        key = space.key(space.fromUnit(unit));
        cache.set(unit, key);
      }
      return key;
    },
  };
}
