import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TunekitError } from '../errors.ts';
import { joeKuoRows, SOBOL_BITS, sobolDirectionNumbers } from './directionNumbers.ts';
import joeKuoFixture from './fixtures/joe-kuo-rows.json' with { type: 'json' };
import d8 from './fixtures/sobol-unscrambled-d8-n256.json' with { type: 'json' };
import d1111Rows from './fixtures/sobol-unscrambled-d1111-rows.json' with { type: 'json' };
import { createSobolSequence, SOBOL_MAX_DIMENSION, SOBOL_MAX_POINTS } from './sobolSequence.ts';

const LAST = SOBOL_MAX_POINTS - 1;

function expectInvalid(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TunekitError);
    expect((error as TunekitError).code).toBe('invalidArgument');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a TunekitError');
}

describe('Joe–Kuo table', () => {
  it('decodes to the rows of the reference file, first, middle and last dimensions', () => {
    const rows = joeKuoRows();
    expect(rows).toHaveLength(1111);
    for (const row of joeKuoFixture.rows) {
      expect({ dimension: row.dimension, ...rows[row.dimension] }).toEqual(row);
    }
  });
});

describe('direction numbers', () => {
  it("equal SciPy's for the first, middle and last dimensions, all 30 of them", () => {
    const directions = sobolDirectionNumbers(SOBOL_MAX_DIMENSION);
    for (const { dimension, numerators } of d1111Rows.directions) {
      const ours = Array.from({ length: SOBOL_BITS }, (_, k) => {
        // Ours carry 32 bits, SciPy's 30: the two lowest bits are zero.
        const v = directions[k * SOBOL_MAX_DIMENSION + dimension]!;
        expect(v % 4).toBe(0);
        return v / 4;
      });
      expect(ours, `dimension ${dimension}`).toEqual(numerators);
    }
  });
});

describe('createSobolSequence, unscrambled', () => {
  it("equals SciPy's first 256 points in 8 dimensions bit for bit, through fill and point", () => {
    const sobol = createSobolSequence({ dimension: 8, scramble: false });
    const all = sobol.fill(0, 256);
    const reference = d8.points.flat();
    expect(Array.from(all)).toEqual(reference);
    expect(Array.from(sobol.point(255))).toEqual(d8.points[255]);
    // From the middle of the range too: fill continues from any start.
    expect(Array.from(sobol.fill(77, 100))).toEqual(reference.slice(77 * 8, 177 * 8));
  });

  it("equals SciPy's points in 1111 dimensions, up to index 2^30 - 1", () => {
    const sobol = createSobolSequence({ dimension: SOBOL_MAX_DIMENSION, scramble: false });
    expect(SOBOL_MAX_DIMENSION).toBe(d1111Rows.dimensions);
    for (const { index, numerators } of d1111Rows.rows) {
      const expected = numerators.map((n) => n / d1111Rows.denominator);
      expect(Array.from(sobol.point(index)), `point ${index}`).toEqual(expected);
    }
    const lastFour = sobol.fill(LAST - 3, 4);
    const fixtureLastFour = d1111Rows.rows.filter((row) => row.index >= LAST - 3);
    expect(fixtureLastFour).toHaveLength(4);
    expect(Array.from(lastFour)).toEqual(
      fixtureLastFour.flatMap((row) => row.numerators.map((n) => n / d1111Rows.denominator)),
    );
  });

  it('uses all 30 direction numbers: the last points differ from each other and from the first ones', () => {
    const sobol = createSobolSequence({ dimension: 3, scramble: false });
    const last = sobol.fill(LAST - 1023, 1024);
    const first = sobol.fill(0, 1024);
    const keys = new Set<string>();
    for (let i = 0; i < 1024; i++) {
      keys.add(Array.from(first.subarray(i * 3, i * 3 + 3)).join());
      keys.add(Array.from(last.subarray(i * 3, i * 3 + 3)).join());
    }
    expect(keys.size).toBe(2048);
    // Point 2^30 - 1 is v_30 alone in the first dimension (Gray code 2^29): 2^-30.
    expect(sobol.point(LAST)[0]).toBe(2 ** -30);
  });

  it('rejects a dimension outside [1, 1111] and an index outside [0, 2^30) with a clear error', () => {
    expectInvalid(() => createSobolSequence({ dimension: 1112, scramble: false }), /dimension.*1111.*1112/);
    expectInvalid(() => createSobolSequence({ dimension: 0, scramble: false }), /dimension/);
    expectInvalid(() => createSobolSequence({ dimension: 2.5, scramble: false }), /dimension/);
    const sobol = createSobolSequence({ dimension: 2, scramble: false });
    expectInvalid(() => sobol.point(SOBOL_MAX_POINTS), /index.*1073741823.*1073741824/);
    expectInvalid(() => sobol.point(-1), /index/);
    expectInvalid(() => sobol.point(1.5), /index/);
    expectInvalid(() => sobol.fill(LAST, 2), /count/);
    expectInvalid(() => sobol.fill(SOBOL_MAX_POINTS, 0), /startIndex/);
    expectInvalid(() => sobol.point(0, new Float64Array(1)), /out/);
    expectInvalid(() => sobol.fill(0, 3, new Float64Array(5)), /out/);
    expectInvalid(() => createSobolSequence({ dimension: 2 }), /seed/);
    expect(sobol.fill(LAST, 1)).toHaveLength(2);
  });

  it('keeps every direction number a 32-bit integer whose top k+1 bits hold m_{k+1}', () => {
    const directions = sobolDirectionNumbers(SOBOL_MAX_DIMENSION);
    const bad: string[] = [];
    for (let k = 0; k < SOBOL_BITS; k++) {
      for (let j = 0; j < SOBOL_MAX_DIMENSION; j++) {
        const v = directions[k * SOBOL_MAX_DIMENSION + j]!;
        // Below digit k+1 everything is zero, and m_{k+1} is odd: bit 31 - k is set.
        if (v % 2 ** (31 - k) !== 0 || Math.floor(v / 2 ** (31 - k)) % 2 !== 1) bad.push(`v[${k}][${j}]`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('createSobolSequence, point and fill agree', () => {
  const sequences = [
    createSobolSequence({ dimension: 5, scramble: false }),
    createSobolSequence({ dimension: 5, seed: 7 }),
  ];
  test.prop([
    fc.integer({ min: 0, max: LAST - 64 }),
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 0, max: 1 }),
  ])('point(i) is row i - start of fill(start, n)', (start, count, which) => {
    const sobol = sequences[which]!;
    const rows = sobol.fill(start, count);
    for (let i = 0; i < count; i++) {
      expect(sobol.point(start + i)).toEqual(rows.subarray(i * 5, i * 5 + 5));
    }
  });
});
