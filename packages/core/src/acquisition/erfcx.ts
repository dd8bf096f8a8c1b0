/**
 * The scaled complementary error function erfcx(x) = exp(x²) · erfc(x), accurate to a few ulps for every
 * finite x, without the overflow/underflow of computing exp(x²) and erfc(x) apart.
 *
 * Ranges (x ≥ 0; negative x uses erfc(-x) = 2 - erfc(x), so erfcx(x) = 2 exp(x²) - erfcx(-x)):
 *   x² < 1.5:   erf(x) = (2/√π) e^{-x²} Σ_n 2ⁿ x^{2n+1} / (1·3···(2n+1)) (all terms positive), so
 *               erfcx(x) = e^{x²} - (2/√π) Σ_n ...; the subtraction loses at most a factor 12 (erfcx ≥ 0.36).
 *   x² ≥ 1.5:   erfc(x) = Γ(½, x²)/√π, whose Legendre continued fraction (evaluated with the modified Lentz
 *               method, as Numerical Recipes' `gcf`) converges in a few dozen terms here and in one or two
 *               for large x; erfcx(x) = x · CF / √π.
 *   x > 1e8:    erfcx(x) = 1 / (x √π) to double precision (the next term is 1/(2x²) < 1e-16).
 * @internal
 */
import { exp } from '../math/exp.ts';

const INVERSE_SQRT_PI = 1 / Math.sqrt(Math.PI);
const TINY = 1e-300;

/**
 * Scaled complementary error function exp(x²) · erfc(x).
 *
 * @param x - any number.
 * @returns erfcx(x): 1 at 0, decreasing like 1/(x√π) for large x, Infinity below about -26.6; NaN for NaN.
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) {
    const square = x * x;
    return square > 709 ? Number.POSITIVE_INFINITY : 2 * exp(square) - erfcx(-x);
  }
  if (x > 1e8) return INVERSE_SQRT_PI / x;
  const square = x * x;
  if (square < 1.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * square) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return exp(square) - 2 * INVERSE_SQRT_PI * sum;
  }
  // Continued fraction of Γ(a, s) e^s s^-a with a = 1/2, s = x².
  let b = square + 0.5;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return x * h * INVERSE_SQRT_PI;
}
