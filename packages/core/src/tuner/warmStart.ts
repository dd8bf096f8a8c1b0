/**
 * @internal Warm start in the tuner: the parents' Completed trials as the strategy's prior observations, and the
 * configurations handed out before the strategy's own (`initialTrials`, then, for transfer learning with the
 * Bayesian strategy, the parents' best configurations measured again).
 *
 * How the parents' trials are used (`warmStart.type`, SageMaker's two types):
 * - IdenticalDataAndAlgorithm: the same function was measured, so each parent trial is an observation of this job
 *   as it was measured. They are not trials of this job: they count toward no limit, never make this job's best,
 *   and the strategy never suggests their configurations again. With as many of them as the Bayesian design has
 *   points, the model guides this job from its first suggestion.
 * - TransferLearning: the data or the algorithm changed, so the parents' values are a prior that the model
 *   discounts, in three ways. (1) A constant shift: the parents' {@link TRANSFER_REMEASURED} best configurations
 *   run first (Bayesian only), and every parent value is moved by the median difference between this job's and
 *   the parents' values on the configurations both measured. (2) A learned discount: the parents' observations
 *   are marked `prior`, and the Bayesian strategy's Gaussian process gives them an extra noise variance fitted
 *   with its other hyperparameters (`gp/fit.ts` `priorCount`): the more the parents disagree with this job's own
 *   values, the less they weigh. (3) A local override: a parent observation within
 *   {@link TRANSFER_OVERRIDE_RADIUS} (in every unit coordinate) of one of this job's own observations is dropped,
 *   so where this job has measured, its own values decide. Measured on a shifted Branin (bench/warmStart.ts, 10
 *   seeds, median regret at 25 / 50 trials): the shift and a 0.05 override alone 3.5e-4 / 6.2e-5, with the
 *   learned discount 1.5e-4 / 2.5e-5, with the discount and a 0.025 override 2.1e-4 / 1.3e-5 (no override:
 *   6.7e-4 / 1.7e-5); a cold start 4.6e-4 / 1.8e-5.
 * - A parent trial outside this job's ranges (SageMaker lets bounds change) is dropped, not clipped: a clipped
 *   point would claim a value measured elsewhere.
 * - Random, Sobol and Grid do not model anything: they only avoid the parents' configurations.
 */
import { median } from '../math/median.ts';
import type { SearchSpace } from '../space/searchSpace.ts';
import type { ParameterValues } from '../space/types.ts';
import type { WarmStartType } from '../spec/types.ts';
import type { Observation, StrategyName } from '../strategy.ts';

/** The parents' Completed trials, as the runner read them from their journals (or SageMaker). */
export interface WarmStartPrior {
  readonly type: WarmStartType;
  /** Hyperparameters and the objective's final value, in the objective's own direction (not oriented). */
  readonly trials: readonly { readonly params: ParameterValues; readonly objective: number }[];
}

/** Parent configurations measured again first under TransferLearning (Bayesian only). */
export const TRANSFER_REMEASURED = 3;
/** A parent observation this close to one of the job's own, in every unit coordinate, is overridden by it. */
export const TRANSFER_OVERRIDE_RADIUS = 0.025;

/** A configuration handed out before the strategy's suggestions. */
export interface QueuedConfig {
  readonly params: ParameterValues;
  readonly unit: Float64Array;
}

/** The parents' observations and what is queued before the strategy. */
export class WarmStart {
  /** initialTrials, then the re-measured parent configurations; configuration k of the job is queued[k]. */
  readonly queued: QueuedConfig[] = [];
  private readonly prior: Observation[] = [];
  private readonly type: WarmStartType | undefined;
  /** Parent configurations' oriented values by unit key (the best one when several parents measured it). */
  private readonly priorByKey = new Map<string, number>();
  /** Parent trials outside this job's ranges. */
  readonly dropped: number;

  constructor(
    space: SearchSpace,
    sign: number,
    strategy: StrategyName,
    initialTrials: readonly ParameterValues[] | undefined,
    prior: WarmStartPrior | undefined,
  ) {
    for (const params of initialTrials ?? []) this.queued.push({ params, unit: space.toUnit(params) });
    this.type = prior?.type;
    let dropped = 0;
    for (const trial of prior?.trials ?? []) {
      let unit: Float64Array;
      try {
        unit = space.toUnit(trial.params);
      } catch {
        dropped += 1;
        continue;
      }
      if (!Number.isFinite(trial.objective)) continue;
      const value = sign * trial.objective;
      const key = unitKey(unit);
      const known = this.priorByKey.get(key);
      if (known !== undefined && known <= value) continue;
      if (known === undefined) this.prior.push({ unit, value });
      else this.prior[this.prior.findIndex((o) => unitKey(o.unit) === key)] = { unit, value };
      this.priorByKey.set(key, value);
    }
    this.dropped = dropped;
    if (prior?.type === 'TransferLearning' && strategy === 'Bayesian') {
      const queuedKeys = new Set(this.queued.map((q) => unitKey(q.unit)));
      const best = this.prior
        .filter((o) => !queuedKeys.has(unitKey(o.unit)))
        .sort((a, b) => a.value - b.value)
        .slice(0, TRANSFER_REMEASURED);
      for (const o of best) this.queued.push({ params: space.fromUnit(o.unit), unit: o.unit });
    }
  }

  /**
   * The strategy's observations: the parents' (as the type says) before the job's own.
   *
   * @param own - The job's observations, oriented.
   * @returns own alone when there is no parent.
   */
  observations(own: readonly Observation[]): Observation[] {
    if (this.prior.length === 0) return own.slice();
    if (this.type === 'IdenticalDataAndAlgorithm') return [...this.prior, ...own];
    const differences: number[] = [];
    for (const o of own) {
      const parent = this.priorByKey.get(unitKey(o.unit));
      if (parent !== undefined) differences.push(o.value - parent);
    }
    if (differences.length === 0) return own.slice();
    const shift = median(differences);
    const kept = this.prior
      .filter((p) => !own.some((o) => within(p.unit, o.unit, TRANSFER_OVERRIDE_RADIUS)))
      .map((p) => ({ unit: p.unit, value: p.value + shift, prior: true }));
    return [...kept, ...own];
  }
}

function unitKey(unit: ArrayLike<number>): string {
  return Array.from(unit).join(',');
}

function within(a: Float64Array, b: Float64Array, radius: number): boolean {
  for (let j = 0; j < a.length; j++) if (Math.abs(a[j]! - b[j]!) >= radius) return false;
  return true;
}
