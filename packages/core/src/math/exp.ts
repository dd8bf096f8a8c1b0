/**
 * The exponential as fdlibm's `__ieee754_exp` computes it (FreeBSD msun's version, which V8 ported), in plain
 * IEEE-754 arithmetic, so that it gives the same bits on every JavaScript engine; see `log.ts` for why.
 * Error below 1 ulp (fdlibm's bound).
 */
import { fromWords, highWord, lowWord } from './words.ts';

const HUGE = 1e300;
const TWO_M1000 = fromWords(0x01700000, 0);
const OVERFLOW_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef);
const UNDERFLOW_THRESHOLD = fromWords(0xc0874910 | 0, 0xd52d3051);
const LN2_HI = [fromWords(0x3fe62e42, 0xfee00000), fromWords(0xbfe62e42 | 0, 0xfee00000)] as const;
const LN2_LO = [fromWords(0x3dea39ef, 0x35793c76), fromWords(0xbdea39ef | 0, 0x35793c76)] as const;
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const HALF = [0.5, -0.5] as const;
const P1 = fromWords(0x3fc55555, 0x5555553e);
const P2 = fromWords(0xbf66c16c | 0, 0x16bebd93);
const P3 = fromWords(0x3f11566a, 0xaf25de2c);
const P4 = fromWords(0xbebbbd41 | 0, 0xc5d26bf1);
const P5 = fromWords(0x3e663769, 0x72bea4d0);
const TWO_1023 = fromWords(0x7fe00000, 0);

/**
 * e^x, the same on every JavaScript engine.
 *
 * @param x - Any number.
 * @returns e^x; Infinity above about 709.78, 0 below about -745.13, NaN for NaN.
 */
export function exp(x: number): number {
  // V8 returns the nearest double to e here, one ulp below what the algorithm gives.
  if (x === 1) return Math.E;
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // exp(±Infinity)
    }
    if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
    if (x < UNDERFLOW_THRESHOLD) return TWO_M1000 * TWO_M1000;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2: reduce to x = k ln2 + r, |r| <= 0.5 ln2.
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      hi = x - LN2_HI[xsb]!;
      lo = LN2_LO[xsb]!;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[xsb]!);
      hi = x - k * LN2_HI[0]; // exact
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    if (HUGE + x > 1) return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * fromWords((0x3ff + k) << 20, 0);
  }
  return y * fromWords((0x3ff + k + 1000) << 20, 0) * TWO_M1000;
}
