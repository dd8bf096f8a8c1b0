/**
 * The observations a model of the objective is fitted on in model-based Hyperband.
 *
 * Before any trial has a value at maxResource: BOHB's rule (Falkner, Klein, Hutter, "BOHB: Robust and Efficient
 * Hyperparameter Optimization at Scale", ICML 2018), the values recorded at the highest resource level that holds
 * at least d + 1 of them (d = the space's dimension, the fewest that let every coordinate vary); before any level
 * holds that many, none (the strategy then samples from its scrambled Sobol design).
 *
 * From the first value at maxResource on (Completed trials count there): every configuration at its highest level.
 * Those at maxResource are the job's own observations. Those stopped lower are a discountable prior, as a
 * transfer-learning warm start's parents are (`warmStart.ts`): each level's values are moved by the median
 * difference between the maxResource values and that level's values of the trials that have both (a level with
 * no such trial is not used), and the Bayesian strategy's Gaussian process gives all of them one extra noise
 * variance, fitted with its other hyperparameters. Where the low levels rank configurations as the full budget
 * does, they guide the model; where they do not (curves that cross), the fitted noise makes them weigh little. At
 * most {@link PRIOR_ROWS} of them, the best of the highest levels first: the prior's rows change at every ask, so
 * each ask refits the model on them cold (Branin at a fidelity, 10 seeds: with at most 18 rows 7 seeds reached
 * the target below, with 30 or 64 rows 9).
 *
 * Measured (bench/multiFidelity.ts, 2 trials at a time, median epochs to reach the best of full-budget Bayesian's
 * 30 trials, and in how many seeds), BOHB's rule -> this one: Branin and Hartmann6 at a fidelity (low fidelities
 * approximate the objective; 10 seeds) 1,923 (7) -> 1,657 (9) and 2,535 (10) -> 2,041 (10); crossing curves
 * (10 seeds) Branin 1,742 (9) -> 2,330 (7), Hartmann6 2,713 (9) -> 2,368 (10); the diabetes MLP (20 seeds) 5,983
 * (11) -> 6,947 (13), and to full's 20-trial best 5,315 (11) -> 3,063 (17).
 *
 * The configurations already tried that are not in the observations are returned apart: the strategy must not
 * suggest them again.
 */
import { median } from '../../math/median.ts';
import type { Observation } from '../../strategy.ts';
import type { RungDecision, Trial } from '../types.ts';

/** Most prior rows (values below maxResource) the model is given. */
export const PRIOR_ROWS = 64;

/**
 * @param levels - Rung decisions by resource (`AsyncSuccessiveHalving.valuesByResource`).
 * @param completed - Completed trials (their objective counts at maxResource).
 * @param maxResource - The resource of a full trial.
 * @param dimension - d, the space's dimension.
 * @param sign - +1 to minimise, -1 to maximise.
 * @param unitOf - A trial's unit point.
 * @param finished - Completed and Stopped trials, whose configurations were tried.
 * @returns Oriented observations (the prior's first, each part by ascending trial id; [] when there is nothing
 *   to fit yet), and the unit points of the finished trials outside them.
 */
export function modelObservations(
  levels: ReadonlyMap<number, readonly RungDecision[]>,
  completed: readonly Trial[],
  maxResource: number,
  dimension: number,
  sign: number,
  unitOf: (trialId: number) => Float64Array,
  finished: readonly Trial[],
): { observations: Observation[]; tried: Float64Array[] } {
  const byLevel = new Map<number, Map<number, number>>();
  for (const [resource, decisions] of levels) {
    byLevel.set(resource, new Map(decisions.map((decision) => [decision.trialId, sign * decision.value])));
  }
  const top = byLevel.get(maxResource) ?? new Map<number, number>();
  for (const trial of completed) if (trial.objective !== undefined) top.set(trial.id, sign * trial.objective);
  byLevel.set(maxResource, top);
  const lower = [...byLevel.keys()].filter((resource) => resource < maxResource).sort((a, b) => b - a);
  const rows: { id: number; value: number; prior: boolean }[] = [];
  if (top.size === 0) {
    // BOHB: the highest level with d + 1 values.
    const chosen = lower
      .map((resource) => byLevel.get(resource)!)
      .find((values) => values.size >= dimension + 1);
    for (const [id, value] of chosen ?? []) rows.push({ id, value, prior: false });
  } else {
    for (const [id, value] of top) rows.push({ id, value, prior: false });
    const placed = new Set(top.keys());
    let room = PRIOR_ROWS;
    for (const resource of lower) {
      const values = byLevel.get(resource)!;
      const differences: number[] = [];
      for (const [id, value] of values) if (top.has(id)) differences.push(top.get(id)! - value);
      const fresh = [...values].filter(([id]) => !placed.has(id));
      for (const [id] of fresh) placed.add(id);
      if (differences.length === 0 || room <= 0) continue;
      const shift = median(differences);
      fresh.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      for (const [id, value] of fresh.slice(0, room)) rows.push({ id, value: value + shift, prior: true });
      room -= Math.min(room, fresh.length);
    }
  }
  // The prior's rows first (the Gaussian process discounts its leading rows), each part by trial id.
  rows.sort((a, b) => Number(b.prior) - Number(a.prior) || a.id - b.id);
  const observed = new Set(rows.map((row) => row.id));
  return {
    observations: rows.map((row) => ({
      unit: unitOf(row.id),
      value: row.value,
      ...(row.prior ? { prior: true } : {}),
    })),
    tried: finished.filter((trial) => !observed.has(trial.id)).map((trial) => unitOf(trial.id)),
  };
}
