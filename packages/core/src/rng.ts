/**
 * The seeded random generator every strategy takes: xoshiro128** (Blackman & Vigna, 2018) with its four 32-bit
 * state words filled by splitmix32 from a 32-bit seed.
 *
 * All arithmetic is on 32-bit words (`Math.imul`, shifts, `>>> 0`), so a seed gives the same numbers on every
 * machine and JavaScript engine. `normal()` uses Marsaglia's polar method, which needs only a logarithm (fdlibm's,
 * `math/log.ts`, the same bits on every engine) and `Math.sqrt` (exact-rounded everywhere), no trigonometry.
 *
 * splitmix32 here is the 32-bit splitmix step: the state advances by the golden-ratio constant 0x9e3779b9 and
 * each output is the state through the finaliser of Wellons' hash prospector (xor-shift 16, multiply by
 * 0x21f0aaad, xor-shift 15, multiply by 0x735a2d97, xor-shift 15), a bijection of 32-bit words.
 */
import { TunekitError } from './errors.ts';
import { log } from './math/log.ts';

/** A seeded source of random numbers. */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 53 random bits, from two draws. */
  nextFloat(): number;
  /**
   * A uniform integer in [0, n), without modulo bias (rejection sampling).
   *
   * @throws TunekitError('invalidArgument') unless n is a whole number in [1, 2^32].
   */
  nextInt(n: number): number;
  /** A standard normal variate (mean 0, variance 1). */
  normal(): number;
}

const GOLDEN_GAMMA = 0x9e3779b9;
const TWO_POW_32 = 4_294_967_296;
const TWO_POW_26 = 67_108_864;
const TWO_POW_MINUS_53 = 1 / 9_007_199_254_740_992;

/** The splitmix32 output function: Wellons' 32-bit finaliser of `state + 0x9e3779b9`. */
function splitmix32Output(state: number): number {
  let z = (state + GOLDEN_GAMMA) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function toWord(value: number, what: string): number {
  if (!Number.isInteger(value)) {
    throw new TunekitError('invalidArgument', `${what} must be a whole number, not ${String(value)}`);
  }
  return value >>> 0;
}

/**
 * Derives a 32-bit seed from a seed and indices (for example (seed, stream, k)) by hash-combining them through
 * splitmix32, so that suggestion k of a strategy has its own generator, independent of the others.
 *
 * @param seed - The base seed (a whole number; its low 32 bits are used).
 * @param indices - Whole numbers (up to 2^53) to combine in, in order.
 * @returns A 32-bit unsigned seed; `deriveSeed(seed)` is `seed >>> 0`.
 * @throws TunekitError('invalidArgument') when the seed or an index is not a whole number.
 */
export function deriveSeed(seed: number, ...indices: number[]): number {
  let hash = toWord(seed, 'seed');
  for (const index of indices) {
    const low = toWord(index, 'index');
    hash = splitmix32Output(splitmix32Output(hash) ^ low);
    const high = Math.floor(index / TWO_POW_32) >>> 0;
    if (high !== 0) hash = splitmix32Output(hash ^ high);
  }
  return hash;
}

/**
 * Creates a xoshiro128** generator seeded through splitmix32.
 *
 * @param seed - A whole number; its low 32 bits seed the generator.
 * @param stream - An optional stream number: `createRng(seed, s)` is `createRng(deriveSeed(seed, s))`.
 * @returns The generator.
 * @throws TunekitError('invalidArgument') when the seed or stream is not a whole number.
 * @example
 * const rng = createRng(42);
 * const u = rng.nextFloat(); // in [0, 1), the same on every machine
 */
export function createRng(seed: number, stream?: number): Rng {
  let state = stream === undefined ? toWord(seed, 'seed') : deriveSeed(seed, stream);
  // splitmix32 is a bijection of a counter, so four consecutive outputs are never all zero.
  let s0 = splitmix32Output(state);
  state = (state + GOLDEN_GAMMA) | 0;
  let s1 = splitmix32Output(state);
  state = (state + GOLDEN_GAMMA) | 0;
  let s2 = splitmix32Output(state);
  state = (state + GOLDEN_GAMMA) | 0;
  let s3 = splitmix32Output(state);
  let spareNormal: number | undefined;

  const nextUint32 = (): number => {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };

  const nextFloat = (): number => {
    const high = nextUint32() >>> 5;
    const low = nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
  };

  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new TunekitError(
        'invalidArgument',
        `nextInt(n) needs a whole number n in [1, 2^32], not ${String(n)}`,
      );
    }
    // Accept only draws below the largest multiple of n, so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const draw = nextUint32();
      if (draw < limit) return draw % n;
    }
  };

  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    for (;;) {
      const x = 2 * nextFloat() - 1;
      const y = 2 * nextFloat() - 1;
      const radiusSquared = x * x + y * y;
      if (radiusSquared > 0 && radiusSquared < 1) {
        const factor = Math.sqrt((-2 * log(radiusSquared)) / radiusSquared);
        spareNormal = y * factor;
        return x * factor;
      }
    }
  };

  return { nextUint32, nextFloat, nextInt, normal };
}
