/**
 * Point sets of the Bayesian strategy, all in the model's coordinates [0, 1]^d: the scrambled-Sobol
 * candidate set scored by the acquisition, Gaussian perturbations of the best observations (local
 * exploitation that a global set of a few thousand points resolves poorly), and the categorical snap.
 *
 * Shapes: m × d row-major. `categoryCounts[j]` is k_j > 0 for a categorical coordinate (cells [i/k, (i+1)/k),
 * centre (i + ½)/k) and 0 for a numeric one.
 * @internal
 */
import { createRng, deriveSeed } from '../../rng.ts';
import { createSobolSequence } from '../../sobol/sobolSequence.ts';

const CANDIDATE_STREAM = 0x63616e64;
const PERTURBATION_STREAM = 0x70657274;

/** History size beyond which the candidate set shrinks (scoring one costs O(n²), the triangular solve). */
const FULL_CANDIDATES_UP_TO = 256;

/**
 * Number of scored candidates: 256 a dimension, between 1536 and 8192; beyond 256 observations scaled by
 * 256/n (at least 1024), so that scoring, O(n²) a candidate, stays near its cost at n = 256. The L-BFGS
 * refinement of the best ones does the fine work: over 30 seeds of the quality benchmark, 384 a dimension
 * (at least 2048) gave the same medians within their noise and cost 2-3 ms more a suggestion at d = 6,
 * n = 50 (512 a dimension cost 4 ms more again).
 *
 * @param dimension - d.
 * @param observations - n, the number of observations the model conditions on.
 * @returns the candidate count.
 */
export function candidateCount(dimension: number, observations = 0): number {
  const full = Math.min(8192, Math.max(1536, 256 * dimension));
  if (observations <= FULL_CANDIDATES_UP_TO) return full;
  return Math.max(1024, Math.round((full * FULL_CANDIDATES_UP_TO) / observations));
}

/** Dimensions above which the global set shrinks once the model holds more than 2d observations. */
const SHRINK_GLOBAL_ABOVE = 10;
/** The shrunk global set's size. */
const SHRUNK_GLOBAL = 1024;

/**
 * Number of global (Sobol) candidates: {@link candidateCount}, except above 10 dimensions once the model holds
 * more than 2d observations, where it is at most 1,024. There, a global point of a few thousand in 20-30
 * dimensions lies far from every observation and the perturbations of the best observations win: over 10 seeds
 * of rosenbrock20, ellipsoid25 and hartmann6_in_30 (100 evaluations each), a global candidate was the
 * suggestion only at the first model-based ask (d + 1 observations), and from 40 observations on it was among
 * the 8 refined starts in 2 of 1,800 asks and never the suggestion. Scoring the 7,680 it replaced was most of a
 * 30-D ask.
 *
 * @param dimension - d.
 * @param observations - n, the number of observations the model conditions on.
 * @returns the global candidate count.
 */
export function globalCandidateCount(dimension: number, observations: number): number {
  const full = candidateCount(dimension, observations);
  return dimension > SHRINK_GLOBAL_ABOVE && observations > 2 * dimension
    ? Math.min(full, SHRUNK_GLOBAL)
    : full;
}

/**
 * The global candidate set of suggestion k: a scrambled Sobol sequence with its own seed.
 *
 * @param dimension - d.
 * @param count - m.
 * @param seed - the strategy's seed.
 * @param index - the suggestion's index k.
 * @returns m × d points in [0, 1).
 */
export function sobolCandidates(dimension: number, count: number, seed: number, index: number): Float64Array {
  return createSobolSequence({ dimension, seed: deriveSeed(seed, CANDIDATE_STREAM, index) }).fill(0, count);
}

/**
 * Gaussian perturbations of anchor points at two scales (0.1 and 0.02 of the box), clipped into the box;
 * categorical coordinates are redrawn uniformly with probability ½ instead.
 *
 * @param anchors - a × d points.
 * @param count - perturbations in total (spread evenly over the anchors).
 * @param categoryCounts - k_j per coordinate.
 * @param seed - the strategy's seed.
 * @param index - the suggestion's index k.
 * @returns count × d points.
 */
export function perturbations(
  anchors: Float64Array,
  count: number,
  categoryCounts: readonly number[],
  seed: number,
  index: number,
): Float64Array {
  const d = categoryCounts.length;
  const anchorCount = anchors.length / d;
  const out = new Float64Array(count * d);
  if (anchorCount === 0) return out.subarray(0, 0);
  const rng = createRng(deriveSeed(seed, PERTURBATION_STREAM, index));
  for (let p = 0; p < count; p++) {
    const anchor = p % anchorCount;
    const scale = p % 2 === 0 ? 0.1 : 0.02;
    for (let j = 0; j < d; j++) {
      const centre = anchors[anchor * d + j]!;
      const categories = categoryCounts[j]!;
      if (categories > 0) {
        out[p * d + j] =
          rng.nextFloat() < 0.5 ? centre : (Math.floor(rng.nextFloat() * categories) + 0.5) / categories;
      } else {
        out[p * d + j] = Math.min(1, Math.max(0, centre + scale * rng.normal()));
      }
    }
  }
  return out;
}

/**
 * Moves categorical coordinates to their cell's centre, in place.
 *
 * @param points - m × d points.
 * @param categoryCounts - k_j per coordinate.
 * @returns `points`.
 */
export function snapCategorical(points: Float64Array, categoryCounts: readonly number[]): Float64Array {
  const d = categoryCounts.length;
  for (let j = 0; j < d; j++) {
    const categories = categoryCounts[j]!;
    if (categories === 0) continue;
    for (let i = j; i < points.length; i += d) {
      const cell = Math.min(categories - 1, Math.max(0, Math.floor(points[i]! * categories)));
      points[i] = (cell + 0.5) / categories;
    }
  }
  return points;
}
