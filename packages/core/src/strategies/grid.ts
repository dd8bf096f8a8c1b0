/**
 * The Grid strategy, as SageMaker's: categorical ranges and integer ranges (every whole number enumerated),
 * every combination once, in a fixed order (the first parameter varies slowest). Suggestion k is combination
 * k, so a resumed job continues where it stopped; the number of trials is the number of combinations.
 */
import { TunekitError } from '../errors.ts';
import type { Strategy, StrategyOptions, Suggestion, SuggestRequest } from '../strategy.ts';
import { createDiscreteGrid } from './discreteGrid.ts';

/** Options of {@link createGridStrategy}. */
export interface GridStrategyOptions extends StrategyOptions {
  /** The trial budget; the grid must not have more combinations (default: no limit). */
  readonly maxTrials?: number;
}

/**
 * Creates the Grid strategy.
 *
 * @param options - The space (integer and categorical ranges only), the seed (unused: the order is fixed) and
 *   the trial budget.
 * @returns The strategy; its capacity is the number of combinations.
 * @throws TunekitError('invalidSpec') naming a continuous range; ('gridTooLarge') when the combinations
 *   exceed `maxTrials`.
 * @example
 * const grid = createGridStrategy({ space, seed: 0, maxTrials: 100 });
 * const first = await grid.suggest({ count: 4, startIndex: 0, observations: [], pending: [], failed: [] });
 */
export function createGridStrategy(options: GridStrategyOptions): Strategy {
  const { space, maxTrials } = options;
  const continuous = space.parameters.flatMap((parameter, index) =>
    parameter.type === 'continuous' ? [{ name: parameter.name, index }] : [],
  );
  if (continuous.length > 0) {
    const names = continuous.map(({ name }) => `"${name}"`).join(', ');
    throw new TunekitError(
      'invalidSpec',
      `Grid search takes categorical and integer ranges only, and ${names} ${continuous.length === 1 ? 'is' : 'are'} ` +
        'continuous: make each an integer range or a categorical list of values, or choose Random, Sobol or Bayesian',
      {
        issues: continuous.map(({ name, index }) => ({
          code: 'grid.continuousRange',
          path: ['parameters', index, 'type'],
          message: `"${name}" is continuous: Grid search takes integer or categorical ranges only`,
        })),
      },
    );
  }
  const grid = createDiscreteGrid(space.parameters);
  if (maxTrials !== undefined && grid.size > maxTrials) {
    const factors = space.parameters
      .map((parameter) =>
        parameter.type === 'categorical'
          ? parameter.values.length
          : parameter.type === 'integer'
            ? parameter.max - parameter.min + 1
            : 1,
      )
      .join(' x ');
    throw new TunekitError(
      'gridTooLarge',
      `the grid has ${grid.size} combinations (${factors}) but limits.maxTrials is ${maxTrials}: ` +
        `raise maxTrials to ${grid.size}, or narrow the integer ranges or drop categorical values`,
    );
  }
  return {
    name: 'Grid',
    capacity: grid.size,
    suggest(request: SuggestRequest): Promise<Suggestion[]> {
      const end = Math.min(grid.size, request.startIndex + request.count);
      const suggestions: Suggestion[] = [];
      for (let index = request.startIndex; index < end; index++)
        suggestions.push({ unit: grid.point(index) });
      return Promise.resolve(suggestions);
    },
  };
}
