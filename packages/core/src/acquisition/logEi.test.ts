import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { erfcx } from './erfcx.ts';
import {
  logExpectedImprovement,
  logExpectedImprovementUpperBound,
  logExpectedImprovementValue,
  logH,
} from './logEi.ts';

/** Composite Simpson's rule on [0, upper] with `intervals` (even) pieces. */
function simpson(f: (t: number) => number, upper: number, intervals = 20_000): number {
  const step = upper / intervals;
  let sum = f(0) + f(upper);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * step);
  return (sum * step) / 3;
}

/** Independent erfcx: erfcx(x) = (2/√π) ∫₀^∞ exp(-t² - 2xt) dt (x ≥ 0), by quadrature. */
function erfcxByQuadrature(x: number): number {
  const upper = Math.min(9, 40 / (2 * x + 1e-300));
  return (2 / Math.sqrt(Math.PI)) * simpson((t) => Math.exp(-t * t - 2 * x * t), upper);
}

/**
 * Independent log h(z): h(z) = E[max(z - ε, 0)] = ∫₀^∞ s φ(z - s) ds
 *   = φ(z) ∫₀^∞ s exp(z s - s²/2) ds, the integral by quadrature over the region that holds its mass.
 */
function logHByQuadrature(z: number): number {
  const upper = z > 0 ? z + 40 : Math.min(40, 60 / Math.abs(z));
  const integral = simpson((s) => s * Math.exp(z * s - 0.5 * s * s), upper, 200_000);
  return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + Math.log(integral);
}

describe('erfcx', () => {
  it('matches quadrature of its integral form across ranges, including both sides of the method switch', () => {
    for (const x of [0, 0.1, 0.5, 1, 1.2247, 1.2248, 2, 3.5, 7, 30, 400]) {
      expect(erfcx(x)).toBeCloseTo(erfcxByQuadrature(x), 12);
      expect(Math.abs(erfcx(x) / erfcxByQuadrature(x) - 1)).toBeLessThan(1e-11);
    }
  });

  it('matches known values: erfcx(0) = 1, e·erfc(1), e⁴·erfc(2), and 1/(x√π)(1 - 1/(2x²)) far out', () => {
    expect(erfcx(0)).toBe(1);
    // erfc(1) = 0.157299207050285130658..., erfc(2) = 0.004677734981047265838... (Abramowitz & Stegun 7.1).
    expect(Math.abs(erfcx(1) / (Math.E * 0.15729920705028513) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(erfcx(2) / (Math.exp(4) * 0.004677734981047266) - 1)).toBeLessThan(1e-14);
    for (const x of [1e4, 1e7, 1e9, 1e200]) {
      const asymptotic = (1 / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x));
      expect(Math.abs(erfcx(x) / asymptotic - 1)).toBeLessThan(1e-15);
    }
  });

  it('extends to negative arguments through erfc(-x) = 2 - erfc(x), overflowing to Infinity, never NaN', () => {
    expect(Math.abs(erfcx(-1) / (2 * Math.E - erfcx(1)) - 1)).toBeLessThan(1e-15);
    expect(erfcx(-30)).toBe(Number.POSITIVE_INFINITY);
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('logH and log expected improvement', () => {
  it('matches an independent quadrature of h(z) from z = -1000 to z = 10', () => {
    for (const z of [-1000, -200, -40, -10, -4.01, -3.99, -2, -1.001, -0.999, -0.3, 0, 0.7, 3, 10]) {
      const expected = logHByQuadrature(z);
      expect(Math.abs(logH(z).value - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
    }
  });

  it('follows the asymptote log h(z) = -z²/2 - ½log 2π - 2 log|z| + log(1 - 3/z² + 15/z⁴) in the far tail', () => {
    for (const z of [-1e3, -1e5, -1e8, -1e12]) {
      const inverseSquare = 1 / (z * z);
      const expected =
        -0.5 * z * z -
        0.5 * Math.log(2 * Math.PI) -
        2 * Math.log(-z) +
        Math.log1p(-3 * inverseSquare + 15 * inverseSquare * inverseSquare);
      const value = logH(z).value;
      expect(Number.isFinite(value)).toBe(true);
      expect(Math.abs(value - expected)).toBeLessThan(1e-15 * Math.abs(expected) + 1e-12);
    }
  });

  it('is finite with finite gradients at z = -1e3 and equals log σ + log h(z)', () => {
    const result = logExpectedImprovement(1000, 1, 0);
    expect(Number.isFinite(result.value)).toBe(true);
    expect(Number.isFinite(result.meanGradient)).toBe(true);
    expect(Number.isFinite(result.standardDeviationGradient)).toBe(true);
    expect(result.value).toBeCloseTo(logH(-1000).value, 12);
    expect(logExpectedImprovementValue(3, 2, 1)).toBeCloseTo(Math.log(2) + logH(-1).value, 14);
  });

  it('has gradients in μ and σ that match central finite differences', () => {
    for (const [mean, std, best] of [
      [0.2, 0.5, 0],
      [-1, 0.3, 0],
      [5, 0.2, 0],
      [40, 0.5, 0],
      [0, 1e-3, 0.01],
    ] as const) {
      const at = logExpectedImprovement(mean, std, best);
      const step = 1e-6 * std;
      const meanFd =
        (logExpectedImprovementValue(mean + step, std, best) -
          logExpectedImprovementValue(mean - step, std, best)) /
        (2 * step);
      const stdFd =
        (logExpectedImprovementValue(mean, std + step, best) -
          logExpectedImprovementValue(mean, std - step, best)) /
        (2 * step);
      expect(Math.abs(at.meanGradient - meanFd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(meanFd)));
      expect(Math.abs(at.standardDeviationGradient - stdFd)).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(stdFd)),
      );
    }
  });

  it('is increasing in the incumbent gap and in σ (more room and more uncertainty never lower EI)', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let z = -60; z <= 20; z += 0.25) {
      const value = logH(z).value;
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
    expect(logExpectedImprovementValue(1, 2, 0)).toBeGreaterThan(logExpectedImprovementValue(1, 1, 0));
  });
});

describe('logExpectedImprovementUpperBound', () => {
  test.prop([
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
  ])('is never below log EI, from the body of the distribution to the far tail', (mean, sd, incumbent) => {
    const exact = logExpectedImprovementValue(mean, sd, incumbent);
    expect(logExpectedImprovementUpperBound(mean, sd, incumbent)).toBeGreaterThanOrEqual(exact);
  });

  it('is close where candidates are ranked (within 2/x² of log EI in relative terms of u)', () => {
    for (const z of [-1.5, -4, -10, -100]) {
      const exact = logExpectedImprovementValue(-z, 1, 0);
      const bound = logExpectedImprovementUpperBound(-z, 1, 0);
      expect(bound - exact).toBeLessThan(Math.log(1 + 2 / (z * z)) + 1e-9);
      expect(bound - exact).toBeGreaterThan(0);
    }
    expect(logExpectedImprovementUpperBound(0.5, 1, 0)).toBe(logExpectedImprovementValue(0.5, 1, 0));
  });
});
