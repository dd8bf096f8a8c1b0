/**
 * e^x - 1 as fdlibm's `expm1` computes it (FreeBSD msun's version, which V8 ported), in plain IEEE-754
 * arithmetic, so that it gives the same bits on every JavaScript engine; see `log.ts` for why.
 */
import { fromWords, highWord, lowWord, withHighWord } from './words.ts';

const HUGE = 1e300;
const TINY = 1e-300;
const OVERFLOW_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef);
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const Q1 = fromWords(0xbfa11111 | 0, 0x111110f4);
const Q2 = fromWords(0x3f5a01a0, 0x19fe5585);
const Q3 = fromWords(0xbf14ce19 | 0, 0x9eaadbb7);
const Q4 = fromWords(0x3ed0cfca, 0x86e65239);
const Q5 = fromWords(0xbe8afdb7 | 0, 0x6e09c32d);
const TWO_1023 = fromWords(0x7fe00000, 0);

/**
 * e^x - 1, accurate for x near 0, the same on every JavaScript engine.
 *
 * @param x - Any number.
 * @returns e^x - 1; Infinity above about 709.78, -1 for large negative x, NaN for NaN.
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const xsb = hx & 0x80000000;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
        return xsb === 0 ? x : -1;
      }
      if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
    }
    if (xsb !== 0 && x + TINY < 0) return TINY - 1; // x < -56 ln2
  }
  let hi: number;
  let lo: number;
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  const twopk = fromWords((0x3ff + k) << 20, 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) {
    // exp(x) - 1 is exp(x) to working precision
    const y = 1 - (e - x);
    return (k === 1024 ? y * 2 * TWO_1023 : y * twopk) - 1;
  }
  if (k < 20) {
    t = withHighWord(1, 0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
    return (t - (e - x)) * twopk;
  }
  t = withHighWord(1, (0x3ff - k) << 20); // 2^-k
  return (x - (e + t) + 1) * twopk;
}
