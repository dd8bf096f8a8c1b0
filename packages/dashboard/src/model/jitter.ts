/**
 * Deterministic jitter: integer and categorical values spread sideways so that points do not hide each other, the
 * same way on every render (a hash of the trial id, not Math.random, so live updates do not shake the points).
 */

/**
 * A number in [-0.5, 0.5) drawn from the trial id and a salt.
 *
 * @param trial - The trial id.
 * @param salt - Distinguishes axes, so that one trial is not shifted the same way on every chart.
 */
export function jitter(trial: number, salt = 0): number {
  // Murmur3's 32-bit finaliser: every input bit moves every output bit.
  let hash = (Math.imul(trial, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32 - 0.5;
}
