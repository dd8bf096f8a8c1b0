/**
 * What the quality benchmarks share: an ask/tell loop that records the best value after each evaluation, and
 * the summary statistics they print.
 */
import type { Observation, Parameter, Strategy, StrategyName, TuningJobSpec } from '@tunekit/core';

/**
 * Runs a strategy for `budget` evaluations, asking `batch` suggestions at a time, then closes it.
 *
 * @param strategy - The strategy.
 * @param evaluate - The objective (minimised) of a unit point.
 * @param budget - Evaluations.
 * @param batch - Suggestions asked at once (evaluated together).
 * @returns The best value so far after each evaluation (fewer when the space ran out).
 */
export async function bestSoFar(
  strategy: Strategy,
  evaluate: (unit: Float64Array) => number,
  budget: number,
  batch = 1,
): Promise<number[]> {
  const observations: Observation[] = [];
  const bests: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  while (observations.length < budget) {
    const suggestions = await strategy.suggest({
      count: Math.min(batch, budget - observations.length),
      startIndex: observations.length,
      observations,
      pending: [],
      failed: [],
    });
    if (suggestions.length === 0) break;
    for (const suggestion of suggestions) {
      const value = evaluate(suggestion.unit);
      observations.push({ unit: suggestion.unit, value });
      best = Math.min(best, value);
      bests.push(best);
    }
  }
  await strategy.close?.();
  return bests;
}

/** The median (the mean of the middle two for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The arithmetic mean. */
export const mean = (values: number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** Four significant digits, for printing. */
export const round = (value: number): number => Number(value.toPrecision(4));

/** What a benchmark's job varies; everything else is the same for every benchmark. */
export interface BenchSpecOptions {
  readonly name: string;
  readonly strategy: StrategyName;
  readonly parameters: readonly Parameter[];
  readonly seed: number;
  readonly maxTrials: number;
  readonly maxParallel?: number;
}

/**
 * The spec of a benchmark's job: minimise `f`, no retries, no convergence stop, no early stopping, a local
 * executor that is never run (the benchmarks evaluate in process).
 *
 * @param options - Name, strategy, ranges, seed, budget and parallelism (default 1).
 * @returns The spec.
 */
export function benchSpec(options: BenchSpecOptions): TuningJobSpec {
  return {
    name: options.name,
    objective: { metric: 'f', type: 'Minimize' },
    metrics: [{ name: 'f', regex: 'f=(\\S+)' }],
    strategy: options.strategy,
    parameters: [...options.parameters],
    static: {},
    limits: { maxTrials: options.maxTrials, maxParallel: options.maxParallel ?? 1, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: 'Off',
    seed: options.seed,
    executor: { kind: 'local', command: ['true'], env: {}, killGraceSeconds: 1, channels: {} },
  };
}
