/**
 * The observations a model of the objective is fitted on in model-based Hyperband (the BOHB idea: Falkner, Klein,
 * Hutter, "BOHB: Robust and Efficient Hyperparameter Optimization at Scale", ICML 2018): the values recorded at
 * the highest resource level that holds at least d + 1 of them (d = the space's dimension), the fewest that let
 * every coordinate vary; Completed trials count at maxResource. Before any level holds that many, none (the
 * strategy then samples from its scrambled Sobol design). BOHB fits one model per budget on the same rule
 * (its `min_points_in_model` default is d + 1).
 *
 * The configurations already tried that are not in that level (stopped at a lower rung) are returned apart: the
 * strategy must not suggest them again (the model does not see them, and once repeated a configuration at the
 * top of the model's acquisition before this rule existed).
 */
import type { Observation } from '../../strategy.ts';
import type { RungDecision, Trial } from '../types.ts';

/**
 * @param levels - Rung decisions by resource (`AsyncSuccessiveHalving.valuesByResource`).
 * @param completed - Completed trials (their objective counts at maxResource).
 * @param maxResource - The resource of a full trial.
 * @param dimension - d, the space's dimension.
 * @param sign - +1 to minimise, -1 to maximise.
 * @param unitOf - A trial's unit point.
 * @param finished - Completed and Stopped trials, whose configurations were tried.
 * @returns Oriented observations, ascending trial id ([] when no level has d + 1 values), and the unit points of
 *   the finished trials outside them.
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
    byLevel.set(resource, new Map(decisions.map((decision) => [decision.trialId, decision.value])));
  }
  const top = byLevel.get(maxResource) ?? new Map<number, number>();
  for (const trial of completed) if (trial.objective !== undefined) top.set(trial.id, trial.objective);
  byLevel.set(maxResource, top);
  const resources = [...byLevel.keys()].sort((a, b) => b - a);
  const chosen = resources
    .map((resource) => byLevel.get(resource)!)
    .find((values) => values.size >= dimension + 1);
  const observations = [...(chosen ?? new Map<number, number>()).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([trialId, value]) => ({ unit: unitOf(trialId), value: sign * value }));
  const tried = finished.filter((trial) => chosen?.has(trial.id) !== true).map((trial) => unitOf(trial.id));
  return { observations, tried };
}
