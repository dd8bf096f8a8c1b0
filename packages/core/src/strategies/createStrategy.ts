/**
 * Maps a spec's `strategy` name to the strategy that implements it.
 */
import type { AcquisitionEvaluator } from '../acquisition/evaluator.ts';
import { TunekitError } from '../errors.ts';
import { createSearchSpace, type SearchSpace } from '../space/searchSpace.ts';
import type { TuningJobSpec } from '../spec/types.ts';
import type { Strategy } from '../strategy.ts';
import { createBayesianStrategy } from './bayesian.ts';
import { createGridStrategy } from './grid.ts';
import { createRandomStrategy } from './random.ts';
import { createSobolStrategy } from './sobol.ts';

/** Options of {@link createStrategy}. */
export interface CreateStrategyOptions {
  /** The spec's search space, when already built (default: built from `spec.parameters`). */
  readonly space?: SearchSpace;
  /** The Bayesian strategy's acquisition evaluator (e.g. a worker pool); others ignore it. */
  readonly evaluator?: AcquisitionEvaluator;
}

/**
 * Creates the strategy a spec names, seeded with `spec.seed`.
 *
 * @param spec - The validated job.
 * @param options - The search space if already built, and the Bayesian strategy's evaluator.
 * @returns The strategy.
 * @throws TunekitError('gridTooLarge') from Grid.
 */
export function createStrategy(spec: TuningJobSpec, options: CreateStrategyOptions = {}): Strategy {
  const space = options.space ?? createSearchSpace(spec.parameters);
  const strategyOptions = { space, seed: spec.seed };
  switch (spec.strategy) {
    case 'Random':
      return createRandomStrategy(strategyOptions);
    case 'Sobol':
      return createSobolStrategy(strategyOptions);
    case 'Grid':
      return createGridStrategy({ ...strategyOptions, maxTrials: spec.limits.maxTrials });
    case 'Bayesian':
      return createBayesianStrategy({
        ...strategyOptions,
        ...(options.evaluator === undefined ? {} : { evaluator: options.evaluator }),
      });
    case 'Hyperband':
      // New configurations for Hyperband's brackets: the tuner feeds the model BOHB's level until a trial completes,
      // then the completed trials with the stopped ones as a discounted prior (tuner/hyperband/modelObservations.ts),
      // and Sobol points until there is anything to fit.
      return spec.hyperband?.sampler === 'Random'
        ? createRandomStrategy(strategyOptions)
        : createBayesianStrategy({
            ...strategyOptions,
            ...(options.evaluator === undefined ? {} : { evaluator: options.evaluator }),
          });
    default:
      throw new TunekitError('invalidSpec', `strategy ${String(spec.strategy)} is not a known strategy`);
  }
}
