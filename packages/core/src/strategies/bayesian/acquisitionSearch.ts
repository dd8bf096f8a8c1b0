/**
 * Maximising log expected improvement over the model's box: score a large candidate set, search the
 * categorical combinations of the best candidates exhaustively when there are few, refine the best with
 * projected L-BFGS (categorical coordinates held), and rank everything found.
 *
 * Shapes: d = model dimension; candidate and anchor sets are m × d row-major in model coordinates, with
 * categorical coordinates at their cell's centre (i + ½)/k.
 * @internal
 */
import type { AcquisitionEvaluator } from '../../acquisition/evaluator.ts';
import type { GaussianProcessModel } from '../../gp/types.ts';

/**
 * Two refinement starts closer than this many length scales in every coordinate (and in the same categories)
 * climb to the same maximum of log EI: at 1000 observations in 6-D, and at 100 in 30-D, every pair of the best
 * candidates within 0.5 length scales ended at the same point, and the pairs that ended apart started 0.9 or
 * more apart. Only the first (best) of such a cluster is refined, up to DISTINCT_STARTS_UP_TO dimensions:
 * there the quality benchmark did not move (60 seeds, mean regret: Hartmann6 0.0580 against 0.0580, Ackley-5
 * 3.52 against 3.46, Rosenbrock-4 1.90 against 1.91, Branin @50 3.5e-5 against 3.3e-5) while a suggestion at
 * 1000 observations in 6-D took 5 refinements instead of 11. In 20-30 dimensions the refinement runs longer and
 * the several runs of one cluster end at different points whose best is better than one run's: ellipsoid25's
 * median went 35 -> 47 over 10 seeds, so there every start is refined.
 */
const START_SEPARATION = 0.5;
const DISTINCT_STARTS_UP_TO = 10;
/** Largest number of categorical combinations searched exhaustively around each top candidate. */
const MAX_CATEGORICAL_COMBINATIONS = 64;

/** Inputs of {@link searchAcquisition}. */
export interface AcquisitionSearch {
  readonly model: GaussianProcessModel;
  /** Best standardised value observed. */
  readonly incumbent: number;
  readonly evaluator: AcquisitionEvaluator;
  /** Candidates, m × d. */
  readonly candidates: Float64Array;
  /** Extra refinement starts (the best observations), a × d. */
  readonly anchors: Float64Array;
  /** Number of categories per coordinate (0 for numeric ones). */
  readonly categoryCounts: readonly number[];
  /** Number of top candidates refined. */
  readonly refineCount: number;
  /** L-BFGS iterations per refinement. */
  readonly maxIterations: number;
  /**
   * Scored candidates kept in the ranking besides the refined points: the fallbacks when the best points
   * snap to configurations already run (many in discrete spaces, hardly any in continuous ones). Only these
   * (and the refinement starts) need exact scores, which is what the screening by bounds saves.
   */
  readonly keptCount: number;
  /** The box searched, in model coordinates (default the unit box); the candidates and anchors lie in it. */
  readonly box?: { readonly lower: Float64Array; readonly upper: Float64Array };
}

/** Points found, best first. */
export interface RankedPoints {
  /** r × d model coordinates. */
  readonly points: Float64Array;
  /** log EI of each, descending. */
  readonly values: Float64Array;
  /** 1 where the value came from `evaluator.score` (a candidate), 0 where from the refinement. */
  readonly scored: Uint8Array;
}

/**
 * Searches the acquisition function and ranks the points found.
 *
 * @param search - model, incumbent, evaluator, candidates and budgets.
 * @returns the refined points and the best scored candidates, in descending log EI (ties by order).
 */
export async function searchAcquisition(search: AcquisitionSearch): Promise<RankedPoints> {
  const { model, incumbent, evaluator } = search;
  const d = model.dimension;
  let points = search.candidates;
  // Only the best scores are used (refinement starts, categorical expansion, the kept ranking).
  const wanted = Math.max(search.refineCount, search.keptCount);
  let scores = await evaluator.score({ model, incumbent, candidates: points, top: wanted });

  const combinations = categoricalCombinations(search.categoryCounts);
  if (combinations.length > 1 && combinations.length <= MAX_CATEGORICAL_COMBINATIONS) {
    const top = topIndices(scores, search.refineCount);
    const expanded = new Float64Array(top.length * combinations.length * d);
    let row = 0;
    for (const index of top) {
      for (const combination of combinations) {
        expanded.set(points.subarray(index * d, (index + 1) * d), row * d);
        for (const [j, centre] of combination) expanded[row * d + j] = centre;
        row++;
      }
    }
    const expandedScores = await evaluator.score({ model, incumbent, candidates: expanded, top: wanted });
    points = concatenate(points, expanded);
    scores = concatenate(scores, expandedScores);
  }

  const best = topIndices(scores, search.refineCount);
  const top = d <= DISTINCT_STARTS_UP_TO ? distinctStarts(points, best, model) : best;
  const anchorCount = search.anchors.length / d;
  const starts = new Float64Array((top.length + anchorCount) * d);
  top.forEach((index, row) => {
    starts.set(points.subarray(index * d, (index + 1) * d), row * d);
  });
  starts.set(search.anchors, top.length * d);
  const lower = search.box?.lower ?? new Float64Array(d);
  const upper = search.box?.upper ?? new Float64Array(d).fill(1);
  const refined = await evaluator.refine({
    model,
    incumbent,
    starts,
    lower,
    upper,
    maxIterations: search.maxIterations,
  });

  const kept = topIndices(scores, search.keptCount);
  const total = refined.values.length + kept.length;
  const allPoints = new Float64Array(total * d);
  const allValues = new Float64Array(total);
  allPoints.set(refined.points);
  allValues.set(refined.values);
  kept.forEach((index, k) => {
    const row = refined.values.length + k;
    allPoints.set(points.subarray(index * d, (index + 1) * d), row * d);
    allValues[row] = scores[index]!;
  });
  const order = topIndices(allValues, total);
  const rankedPoints = new Float64Array(total * d);
  const rankedValues = new Float64Array(total);
  const scored = new Uint8Array(total);
  order.forEach((index, row) => {
    rankedPoints.set(allPoints.subarray(index * d, (index + 1) * d), row * d);
    rankedValues[row] = allValues[index]!;
    scored[row] = index >= refined.values.length ? 1 : 0;
  });
  return { points: rankedPoints, values: rankedValues, scored };
}

/**
 * The candidates among `ranked` (best first) that are not within START_SEPARATION length scales of a better
 * one in every coordinate.
 */
function distinctStarts(points: Float64Array, ranked: number[], model: GaussianProcessModel): number[] {
  const d = model.dimension;
  const { lengthScales } = model.hyperparameters;
  const chosen: number[] = [];
  for (const index of ranked) {
    const near = chosen.some((other) => {
      for (let j = 0; j < d; j++) {
        const difference = Math.abs(points[index * d + j]! - points[other * d + j]!);
        if (model.categoricalMask[j] ? difference > 0 : difference >= START_SEPARATION * lengthScales[j]!)
          return false;
      }
      return true;
    });
    if (!near) chosen.push(index);
  }
  return chosen;
}

/**
 * Indices of the `count` largest values, largest first; NaN ranks last, ties keep their order.
 *
 * @param values - the values.
 * @param count - how many indices (at most values.length).
 * @returns the indices.
 */
export function topIndices(values: Float64Array, count: number): number[] {
  const k = Math.min(count, values.length);
  const key = (i: number) => (Number.isNaN(values[i]) ? Number.NEGATIVE_INFINITY : values[i]!);
  if (4 * k > values.length) {
    const indices = Array.from(values, (_, i) => i);
    indices.sort((a, b) => key(b) - key(a) || a - b);
    return indices.slice(0, k);
  }
  // Few of many (the refinement starts, the kept candidates): insertion into a sorted list of k, which a
  // value below the k-th best skips at once, instead of sorting all m indices with a closure (2 ms a
  // suggestion at m ≈ 4600). Same order as the sort: descending, ties by index.
  const chosen: number[] = [];
  if (k === 0) return chosen;
  for (let i = 0; i < values.length; i++) {
    const value = key(i);
    if (chosen.length === k && !(value > key(chosen[k - 1]!))) continue;
    let position = chosen.length;
    while (position > 0 && key(chosen[position - 1]!) < value) position--;
    chosen.splice(position, 0, i);
    if (chosen.length > k) chosen.pop();
  }
  return chosen;
}

/** Every assignment of categorical coordinates to cell centres, as [coordinate, centre] lists. */
function categoricalCombinations(categoryCounts: readonly number[]): Array<Array<[number, number]>> {
  let combinations: Array<Array<[number, number]>> = [[]];
  categoryCounts.forEach((count, j) => {
    if (count === 0) return;
    const next: Array<Array<[number, number]>> = [];
    for (const combination of combinations) {
      for (let c = 0; c < count; c++) next.push([...combination, [j, (c + 0.5) / count]]);
      if (next.length > MAX_CATEGORICAL_COMBINATIONS) return;
    }
    combinations = next;
  });
  const categorical = categoryCounts.filter((count) => count > 0).length;
  const complete = combinations.every((combination) => combination.length === categorical);
  return complete ? combinations : [];
}

function concatenate(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
