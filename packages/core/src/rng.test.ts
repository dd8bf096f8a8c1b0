import { describe, expect, it } from 'vitest';
import { TunekitError } from './errors.ts';
import { createRng, deriveSeed } from './rng.ts';

// An independent reference written with BigInt arithmetic modulo 2^32, straight from the published algorithms.
const MASK = 0xffffffffn;
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & MASK;

function referenceSplitmix32(state: bigint): bigint {
  let z = (state + 0x9e3779b9n) & MASK;
  z = ((z ^ (z >> 16n)) * 0x21f0aaadn) & MASK;
  z = ((z ^ (z >> 15n)) * 0x735a2d97n) & MASK;
  return z ^ (z >> 15n);
}

function referenceXoshiro128StarStar(state: bigint[]): () => bigint {
  const s = [...state];
  return () => {
    const [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint];
    const result = (rotl((s1 * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s1 << 9n) & MASK;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    s[0] = n0;
    s[1] = n1;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11n);
    return result;
  };
}

function referenceGenerator(seed: number): () => bigint {
  let state = BigInt(seed >>> 0);
  const words: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    words.push(referenceSplitmix32(state));
    state = (state + 0x9e3779b9n) & MASK;
  }
  return referenceXoshiro128StarStar(words);
}

describe('reference implementation', () => {
  it('reproduces the xoshiro128** outputs known by hand from state (1, 2, 3, 4)', () => {
    // rotl(2 * 5, 7) * 9 = 11520; the update makes s1 = 0, so the second output is 0.
    const next = referenceXoshiro128StarStar([1n, 2n, 3n, 4n]);
    expect([next(), next()]).toEqual([11520n, 0n]);
  });
});

describe('createRng', () => {
  it.each([0, 1, 42, 0x7fffffff, 0xffffffff])('matches the BigInt reference for seed %d', (seed) => {
    const rng = createRng(seed);
    const reference = referenceGenerator(seed);
    for (let i = 0; i < 1000; i++) expect(rng.nextUint32()).toBe(Number(reference()));
  });

  it('is deterministic: the same seed gives the same floats, ints and normals', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [rng.nextFloat(), rng.nextInt(7), rng.normal(), rng.normal(), rng.nextUint32()];
    };
    expect(draw(123)).toEqual(draw(123));
    expect(draw(123)).not.toEqual(draw(124));
  });

  it('uses the low 32 bits of the seed', () => {
    expect(createRng(2 ** 32 + 5).nextUint32()).toBe(createRng(5).nextUint32());
    expect(createRng(-1).nextUint32()).toBe(createRng(0xffffffff).nextUint32());
  });

  it('gives a stream the generator of the derived seed', () => {
    expect(createRng(9, 3).nextUint32()).toBe(createRng(deriveSeed(9, 3)).nextUint32());
    expect(createRng(9, 3).nextUint32()).not.toBe(createRng(9, 4).nextUint32());
  });

  it('builds nextFloat from two draws with 53 bits', () => {
    const rng = createRng(77);
    const reference = referenceGenerator(77);
    for (let i = 0; i < 100; i++) {
      const high = reference() >> 5n;
      const low = reference() >> 6n;
      const expected = Number((high << 26n) | low) / 2 ** 53;
      const value = rng.nextFloat();
      expect(value).toBe(expected);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('rejects a seed that is not a whole number', () => {
    expect(() => createRng(0.5)).toThrow(TunekitError);
    expect(() => createRng(Number.NaN)).toThrow(/whole number/);
  });

  it('nextInt stays in [0, n) and rejects a bad n', () => {
    const rng = createRng(5);
    for (const n of [1, 2, 3, 1000, 2 ** 31 + 1, 2 ** 32]) {
      for (let i = 0; i < 100; i++) {
        const value = rng.nextInt(n);
        expect(Number.isInteger(value) && value >= 0 && value < n).toBe(true);
      }
    }
    for (const n of [0, -1, 2.5, 2 ** 32 + 1, Number.POSITIVE_INFINITY]) {
      expect(() => rng.nextInt(n)).toThrow(TunekitError);
    }
  });
});

function chiSquare(counts: Uint32Array, expected: number): number {
  let sum = 0;
  for (const count of counts) sum += (count - expected) ** 2 / expected;
  return sum;
}

describe('uniformity', () => {
  // 99 degrees of freedom: mean 99, standard deviation 14; 200 is more than 7 standard deviations out.
  const bins = 100;
  const draws = 100_000;

  it('nextFloat fills 100 equal bins evenly (chi-square)', () => {
    const rng = createRng(2024);
    const counts = new Uint32Array(bins);
    for (let i = 0; i < draws; i++) counts[Math.floor(rng.nextFloat() * bins)]!++;
    expect(chiSquare(counts, draws / bins)).toBeLessThan(200);
  });

  it('nextInt(100) hits every value evenly (chi-square)', () => {
    const rng = createRng(99);
    const counts = new Uint32Array(bins);
    for (let i = 0; i < draws; i++) counts[rng.nextInt(bins)]!++;
    expect(chiSquare(counts, draws / bins)).toBeLessThan(200);
  });

  it('the first draws of derived seeds (seed, k) are uniform too', () => {
    const counts = new Uint32Array(bins);
    for (let k = 0; k < draws; k++) counts[Math.floor(createRng(deriveSeed(1, k)).nextFloat() * bins)]!++;
    expect(chiSquare(counts, draws / bins)).toBeLessThan(200);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(31);
    let sum = 0;
    let sumSquares = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const value = rng.normal();
      sum += value;
      sumSquares += value * value;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.04);
  });
});

describe('deriveSeed', () => {
  it('hash-combines with splitmix32 in order, as the reference does', () => {
    const combine = (hash: bigint, index: number) =>
      referenceSplitmix32(referenceSplitmix32(hash) ^ BigInt(index));
    expect(deriveSeed(42, 7)).toBe(Number(combine(42n, 7)));
    expect(deriveSeed(42, 7, 3)).toBe(Number(combine(combine(42n, 7), 3)));
    expect(deriveSeed(42)).toBe(42);
  });

  it('separates nearby seeds and indices, and depends on order', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) for (let k = 0; k < 200; k++) seen.add(deriveSeed(seed, k));
    expect(seen.size).toBe(50 * 200);
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1, 2 ** 32)).not.toBe(deriveSeed(1, 0));
  });

  it('rejects indices that are not whole numbers', () => {
    expect(() => deriveSeed(1, 0.5)).toThrow(TunekitError);
  });
});
