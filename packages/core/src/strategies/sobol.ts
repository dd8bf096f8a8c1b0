/**
 * The Sobol strategy: suggestion k is point k of a scrambled Sobol sequence (Joe–Kuo directions, linear matrix
 * scramble plus digital shift seeded by the job's seed), mapped from the unit cube. Low-discrepancy points cover
 * the space more evenly than random ones for the same budget, and a resumed job continues the same sequence
 * because each point is computed from its index.
 *
 * When every range is discrete, points whose configuration was observed, is pending, failed, or was suggested
 * earlier in the batch are skipped: the sequence is scanned from index 0 in order (so the choice depends only on
 * the history), and past {@link SCAN_FACTOR} times the space's size the unused configurations are enumerated.
 * The keys of the scanned points and of the history's units are remembered, so after N trials a suggestion costs
 * about N set look-ups rather than N Sobol points and N key computations.
 */
import { TunekitError } from '../errors.ts';
import { createSobolSequence, SOBOL_MAX_POINTS, type SobolSequence } from '../sobol/sobolSequence.ts';
import type { SearchSpace } from '../space/searchSpace.ts';
import type { Strategy, StrategyOptions, Suggestion, SuggestRequest } from '../strategy.ts';
import { createDiscreteGrid, type DiscreteGrid } from './discreteGrid.ts';

/** Sobol points scanned per configuration of a discrete space before enumerating the unused ones. */
const SCAN_FACTOR = 4;
/** Largest discrete space enumerated; beyond it, the scan continues through the sequence. */
const ENUMERATION_LIMIT = 1 << 20;
/** Sobol indices whose snapped point and key are remembered (later ones are recomputed when scanned). */
const SCAN_CACHE_LIMIT = 1 << 16;

/**
 * Creates the Sobol strategy.
 *
 * @param options - The space and the seed of the scramble.
 * @returns The strategy; its capacity is the space's cardinality (Infinity when a range is continuous).
 * @example
 * const sobol = createSobolStrategy({ space, seed: 42 });
 * const batch = await sobol.suggest({ count: 4, startIndex: 0, observations: [], pending: [], failed: [] });
 */
export function createSobolStrategy(options: StrategyOptions): Strategy {
  const { space, seed } = options;
  const sequence = createSobolSequence({ dimension: space.dimension, seed });
  const discrete = Number.isFinite(space.cardinality);
  const historyKeys = new WeakMap<Float64Array, string>();
  const keyOf = (unit: Float64Array): string => {
    let key = historyKeys.get(unit);
    if (key === undefined) {
      key = space.key(space.fromUnit(unit));
      historyKeys.set(unit, key);
    }
    return key;
  };
  const scanned = createScanCache(space, sequence);
  let grid: DiscreteGrid | undefined;

  return {
    name: 'Sobol',
    capacity: space.cardinality,
    suggest(request: SuggestRequest): Promise<Suggestion[]> {
      const suggestions: Suggestion[] = [];
      if (!discrete) {
        if (request.startIndex + request.count > SOBOL_MAX_POINTS) {
          return Promise.reject(
            new TunekitError(
              'unsupported',
              `the Sobol strategy has ${SOBOL_MAX_POINTS} points (2^30), and suggestions ${request.startIndex}..${request.startIndex + request.count - 1} were asked; lower limits.maxTrials or use the Random strategy`,
            ),
          );
        }
        for (let i = 0; i < request.count; i++)
          suggestions.push({ unit: sequence.point(request.startIndex + i) });
        return Promise.resolve(suggestions);
      }
      const used = new Set<string>();
      for (const observation of request.observations) used.add(keyOf(observation.unit));
      for (const unit of request.pending) used.add(keyOf(unit));
      for (const unit of request.failed) used.add(keyOf(unit));
      for (let i = 0; i < request.count && used.size < space.cardinality; i++) {
        const unit = nextUnused(space, scanned, used, () => {
          grid ??= createDiscreteGrid(space.parameters);
          return grid;
        });
        if (unit === undefined) break;
        used.add(space.key(space.fromUnit(unit)));
        suggestions.push({ unit });
      }
      return Promise.resolve(suggestions);
    },
  };
}

interface ScanCache {
  /** The snapped unit point of Sobol index `index` and its configuration's key. */
  at(index: number): { readonly unit: Float64Array; readonly key: string };
}

/** Remembers the first SCAN_CACHE_LIMIT snapped Sobol points and their keys: every scan starts at index 0. */
function createScanCache(space: SearchSpace, sequence: SobolSequence): ScanCache {
  const entries: { readonly unit: Float64Array; readonly key: string }[] = [];
  const point = new Float64Array(space.dimension);
  const compute = (index: number) => {
    const unit = space.snapUnit(sequence.point(index, point));
    return { unit, key: space.key(space.fromUnit(unit)) };
  };
  return {
    at(index) {
      if (index >= SCAN_CACHE_LIMIT) return compute(index);
      while (entries.length <= index) entries.push(compute(entries.length));
      return entries[index]!;
    },
  };
}

function nextUnused(
  space: SearchSpace,
  scanned: ScanCache,
  used: Set<string>,
  gridOf: () => DiscreteGrid,
): Float64Array | undefined {
  const scan = Math.min(SCAN_FACTOR * space.cardinality + 64, 2 ** 30);
  for (let index = 0; index < scan; index++) {
    const { unit, key } = scanned.at(index);
    // A copy: the caller owns what it is given, the cache keeps its own.
    if (!used.has(key)) return unit.slice();
  }
  if (space.cardinality > ENUMERATION_LIMIT) return undefined;
  const grid = gridOf();
  for (let i = 0; i < grid.size; i++) {
    const unit = grid.point(i);
    if (!used.has(space.key(space.fromUnit(unit)))) return unit;
  }
  return undefined;
}
