/**
 * The two 32-bit words of an IEEE-754 double, as fdlibm reads and writes them (`__HI`, `__LO`), independent of
 * the machine's byte order.
 * @internal
 */

const buffer = new ArrayBuffer(8);
const float = new Float64Array(buffer);
const words = new Int32Array(buffer);
/** Index of the high word (sign, exponent, top of the mantissa) in `words`: 1 on little-endian machines. */
const HIGH = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f ? 1 : 0;
const LOW = 1 - HIGH;

/** The high word of x, signed (as fdlibm's `int hx = __HI(x)`). */
export function highWord(x: number): number {
  float[0] = x;
  return words[HIGH]!;
}

/** The low word of x, unsigned. */
export function lowWord(x: number): number {
  float[0] = x;
  return words[LOW]! >>> 0;
}

/** The double whose words are `high` and `low`. */
export function fromWords(high: number, low: number): number {
  words[HIGH] = high;
  words[LOW] = low;
  return float[0]!;
}

/** x with its high word replaced (fdlibm's `SET_HIGH_WORD`). */
export function withHighWord(x: number, high: number): number {
  float[0] = x;
  words[HIGH] = high;
  return float[0]!;
}
