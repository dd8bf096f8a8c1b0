/**
 * Asynchronous successive halving in Hyperband's brackets (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020, Algorithm 2 "ASHA"), used as a stopping rule: every trial is started to run
 * to maxResource, and is stopped at a rung unless it is promoted there (as Ray Tune's ASHA scheduler and Optuna's
 * SuccessiveHalvingPruner and HyperbandPruner do). No trial ever waits for a rung to fill.
 *
 * - A trial's bracket s is `bracketOf(configIndex)` (schedule.ts); its rungs are at resources r·η^(s_max - s + k),
 *   k = 0..s-1 (rung s is maxResource, where the trial completes).
 * - The resource a trial has used is the number of values of the objective metric it has printed (step + 1), or
 *   the last value of `resourceMetric` printed before the objective value.
 * - When a trial's resource first reaches (or passes) a rung's resource, its current objective value is recorded
 *   in that rung (in every rung it passed, lowest first) and decided: with n values recorded there, this one
 *   included, it is promoted when n < η (too few to judge: a rung needs η results before it stops anyone; ASHA
 *   itself would make the trial wait, which a stopping rule cannot), or when it is among the best floor(n / η)
 *   values (ties promote); otherwise it is stopped.
 * - Decisions depend only on the values recorded, as a multiset: rebuilding the rungs from the journaled decisions,
 *   in any order, gives the same future decisions. A trial that runs again after a resume keeps the decisions it
 *   had: reaching a rung where it was stopped stops it again, and a rung where it was promoted is not decided twice.
 *
 * Values here are oriented (smaller is better) inside; decisions carry the user's values (sign * oriented).
 */
import type { MetricObservation, RungDecision, RungReport } from '../types.ts';
import { bracketOf, type HyperbandResources, rungResources } from './schedule.ts';

/** Settings of {@link AsyncSuccessiveHalving}. */
export interface AsyncSuccessiveHalvingOptions extends HyperbandResources {
  readonly objectiveMetric: string;
  readonly resourceMetric?: string;
  /** +1 to minimise, -1 to maximise. */
  readonly sign: number;
}

const NOTHING: RungReport = { decisions: [], reachedMaxResource: false };

/** The rungs of every bracket and the decisions made in them (the tuner holds one with strategy Hyperband). */
export class AsyncSuccessiveHalving {
  /** Oriented values recorded at each rung, sorted ascending; key `${bracket}/${rung}`. */
  private readonly rungs = new Map<string, number[]>();
  /** Decisions by trial, rung order. */
  private readonly byTrial = new Map<number, RungDecision[]>();
  /** The last value of resourceMetric of running trials. */
  private readonly resourceSeen = new Map<number, number>();

  constructor(private readonly options: AsyncSuccessiveHalvingOptions) {}

  /**
   * Feeds a value read from a running trial's output.
   *
   * @param trialId - The trial.
   * @param configIndex - Its configuration's index (which decides its bracket).
   * @param observation - The value.
   * @returns The decisions made, the stop to act on, and whether the trial used its whole budget.
   */
  observe(trialId: number, configIndex: number, observation: MetricObservation): RungReport {
    const { options } = this;
    if (observation.invalid !== undefined || !Number.isFinite(observation.value)) return NOTHING;
    if (options.resourceMetric !== undefined && observation.metric === options.resourceMetric) {
      this.resourceSeen.set(trialId, observation.value);
      if (options.resourceMetric !== options.objectiveMetric) return NOTHING;
    }
    if (observation.metric !== options.objectiveMetric) return NOTHING;
    const resource =
      options.resourceMetric === undefined ? observation.step + 1 : (this.resourceSeen.get(trialId) ?? 0);
    const bracket = bracketOf(options, configIndex);
    const resources = rungResources(options, bracket);
    const decided = this.byTrial.get(trialId) ?? [];
    const decisions: RungDecision[] = [];
    for (let rung = 0; rung < resources.length - 1 && resources[rung]! <= resource; rung++) {
      const before = decided.find((decision) => decision.rung === rung);
      if (before !== undefined) {
        if (before.decision === 'stop') return { decisions, stop: before, reachedMaxResource: false };
        continue;
      }
      const decision = this.decide(trialId, bracket, rung, resources[rung]!, observation.value);
      decisions.push(decision);
      if (decision.decision === 'stop') return { decisions, stop: decision, reachedMaxResource: false };
    }
    return { decisions, reachedMaxResource: resource >= options.maxResource };
  }

  /** Records a decision made before (from the journal) as if it had just been made. */
  restore(decision: RungDecision): void {
    this.record(decision);
  }

  /** Forgets a finished trial's running state (its decisions stay). */
  finish(trialId: number): void {
    this.resourceSeen.delete(trialId);
  }

  /** Every decision, by trial id then rung. */
  decisions(): RungDecision[] {
    return [...this.byTrial.keys()].sort((a, b) => a - b).flatMap((id) => this.byTrial.get(id)!);
  }

  /** The decisions at each resource level, for a model of the objective at that level (BOHB). */
  valuesByResource(): Map<number, RungDecision[]> {
    const out = new Map<number, RungDecision[]>();
    for (const decisions of this.byTrial.values()) {
      for (const decision of decisions) {
        const level = out.get(decision.resource);
        if (level === undefined) out.set(decision.resource, [decision]);
        else level.push(decision);
      }
    }
    return out;
  }

  private decide(
    trialId: number,
    bracket: number,
    rung: number,
    resource: number,
    value: number,
  ): RungDecision {
    const { eta, sign } = this.options;
    const values = this.rungs.get(`${bracket}/${rung}`) ?? [];
    const oriented = sign * value;
    const count = values.length + 1;
    let decision: RungDecision;
    if (count < eta) {
      decision = { trialId, bracket, rung, resource, value, decision: 'promote', count };
    } else {
      const keep = Math.floor(count / eta);
      const sorted = [...values];
      sorted.splice(lowerBound(sorted, oriented), 0, oriented);
      const threshold = sorted[keep - 1]!;
      decision = {
        trialId,
        bracket,
        rung,
        resource,
        value,
        decision: oriented <= threshold ? 'promote' : 'stop',
        threshold: sign * threshold,
        count,
      };
    }
    this.record(decision);
    return decision;
  }

  private record(decision: RungDecision): void {
    const key = `${decision.bracket}/${decision.rung}`;
    let values = this.rungs.get(key);
    if (values === undefined) {
      values = [];
      this.rungs.set(key, values);
    }
    const oriented = this.options.sign * decision.value;
    values.splice(lowerBound(values, oriented), 0, oriented);
    const decided = this.byTrial.get(decision.trialId);
    if (decided === undefined) this.byTrial.set(decision.trialId, [decision]);
    else {
      decided.push(decision);
      decided.sort((a, b) => a.rung - b.rung);
    }
  }
}

/**
 * A decision as a user reads it: `Hyperband: stopped at rung 1 (resource 9): 0.82 not in the top 1/3 of 7 values
 * (threshold 0.61)`.
 *
 * @param decision - A decision.
 * @param eta - The reduction factor.
 * @returns One line.
 */
export function describeRungDecision(decision: RungDecision, eta: number): string {
  const where = `rung ${decision.rung} (resource ${decision.resource})`;
  const value = formatValue(decision.value);
  if (decision.threshold === undefined) {
    return `Hyperband: promoted at ${where}: ${value} is value ${decision.count} there, and a rung needs ${eta} before it stops a trial`;
  }
  const verb = decision.decision === 'stop' ? 'stopped' : 'promoted';
  const relation = decision.decision === 'stop' ? 'not in' : 'in';
  return `Hyperband: ${verb} at ${where}: ${value} ${relation} the top 1/${eta} of ${decision.count} values (threshold ${formatValue(decision.threshold)})`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** First position whose value is > value (equal values stay in arrival order; the position is what matters). */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
