/**
 * The inverse hyperbolic sine as fdlibm's `asinh` computes it (FreeBSD msun's s_asinh.c), through core's portable
 * `log` and `log1p`, so that it gives the same bits on every JavaScript engine; see `log.ts` for why.
 */

import { log } from './log.ts';
import { log1p } from './log1p.ts';
import { highWord } from './words.ts';

const LN2 = Math.LN2;
const HUGE = 1e300;

/**
 * asinh(x), the same on every JavaScript engine.
 *
 * @param x - Any number.
 * @returns asinh x; ±Infinity for ±Infinity, NaN for NaN.
 */
export function asinh(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x + x; // Infinity or NaN
  if (ix < 0x3e300000) {
    // |x| < 2^-28
    if (HUGE + x > 1) return x;
  }
  let w: number;
  if (ix > 0x41b00000) {
    // |x| > 2^28
    w = log(Math.abs(x)) + LN2;
  } else if (ix > 0x40000000) {
    // 2^28 >= |x| > 2
    const t = Math.abs(x);
    w = log(2 * t + 1 / (Math.sqrt(x * x + 1) + t));
  } else {
    // 2 >= |x| >= 2^-28
    const t = x * x;
    w = log1p(Math.abs(x) + t / (1 + Math.sqrt(1 + t)));
  }
  return hx > 0 ? w : -w;
}
