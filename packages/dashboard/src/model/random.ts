/**
 * A small seeded generator (mulberry32) for the surrogate's bootstrap samples and Monte Carlo points, so that the
 * same trials give the same importances on every render.
 */

/** Returns a function drawing uniform numbers in [0, 1) from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
