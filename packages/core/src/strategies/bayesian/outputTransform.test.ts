import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compressUpperTail, fitYeoJohnsonLambda, transformTargets, yeoJohnson } from './outputTransform.ts';

// Reference: SciPy 1.17.1, z = standardised y below,
//   stats.yeojohnson_normmax(z) = -1.6240749428236754, stats.yeojohnson(z, that λ) = REFERENCE_TRANSFORMED,
//   stats.yeojohnson_normmax([-1.5, -0.2, 0.1, 0.4, 0.9, 1.3, -0.8, 0.0]) = 1.2347503060931269.
const Y = [0.3, 1.2, 5.0, 0.01, 40.0, 2.2, 0.7, 12.5, 3.3, 0.05];
const REFERENCE_TRANSFORMED = [
  -1.01675909, -0.79683367, -0.15407815, -1.09409168, 0.54697318, -0.58573749, -0.91534492, 0.30037346,
  -0.3901891, -1.08323109,
];

function standardise(values: number[]): Float64Array {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const deviation = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return Float64Array.from(values, (v) => (v - mean) / deviation);
}

describe('the Bayesian strategy’s output transform', () => {
  it('fits the same Yeo-Johnson λ as SciPy and transforms the same way', () => {
    const z = standardise(Y);
    const lambda = fitYeoJohnsonLambda(z);
    expect(lambda).toBeCloseTo(-1.6240749428236754, 6);
    const transformed = yeoJohnson(z, lambda);
    transformed.forEach((value, i) => {
      expect(value).toBeCloseTo(REFERENCE_TRANSFORMED[i]!, 6);
    });
    expect(fitYeoJohnsonLambda(Float64Array.of(-1.5, -0.2, 0.1, 0.4, 0.9, 1.3, -0.8, 0))).toBeCloseTo(
      1.2347503060931269,
      6,
    );
  });

  it('is the identity at λ = 1 and continuous at λ = 0 and λ = 2', () => {
    const z = Float64Array.of(-3, -0.5, 0, 0.25, 4);
    expect(Array.from(yeoJohnson(z, 1))).toEqual(Array.from(z).map((v) => expect.closeTo(v, 14)));
    const atZero = yeoJohnson(z, 0);
    const nearZero = yeoJohnson(z, 1e-9);
    const atTwo = yeoJohnson(z, 2);
    const nearTwo = yeoJohnson(z, 2 - 1e-9);
    z.forEach((_, i) => {
      expect(nearZero[i]).toBeCloseTo(atZero[i]!, 7);
      expect(nearTwo[i]).toBeCloseTo(atTwo[i]!, 7);
    });
  });

  test.prop([fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 40 })])(
    'keeps the order of any values and stays finite, constant or not, tiny or huge',
    (values) => {
      const y = Float64Array.from(values);
      const t = transformTargets(y);
      expect(t.every(Number.isFinite)).toBe(true);
      for (let i = 0; i < y.length; i++) {
        for (let j = 0; j < y.length; j++) {
          if (y[i]! < y[j]!) expect(t[i]!).toBeLessThanOrEqual(t[j]!);
          if (y[i] === y[j]) expect(t[i]).toBe(t[j]);
        }
      }
    },
  );

  it('straightens a skewed objective: a few terrible trials no longer dwarf the good ones', () => {
    // A Rosenbrock-like spread: most trials between 1 and 50, two at 3000 and 9000.
    const y = Float64Array.of(3, 1.2, 8, 50, 3000, 22, 9000, 5, 2.5, 15);
    const t = transformTargets(y);
    const range = (values: Float64Array) => Math.max(...values) - Math.min(...values);
    const gap = (values: Float64Array) => (values[0]! - values[1]!) / range(values); // 3 against 1.2
    // Raw, the best two trials differ by 2e-4 of the range; the compression alone leaves that gap small,
    // the fitted power transform opens it.
    expect(gap(y)).toBeLessThan(3e-4);
    const compressed = compressUpperTail(y);
    expect(gap(t)).toBeGreaterThan(0.005);
    expect(gap(t)).toBeGreaterThan(1.5 * gap(compressed));
  });
});
