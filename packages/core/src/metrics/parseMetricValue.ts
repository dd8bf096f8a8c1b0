/**
 * Reads the text a metric regex captured as a number, accepting every float spelling of JavaScript and Python
 * (`1e-3`, `-.5`, `+3.`, `1E+05`, Python's `1_000`), and saying why when the text is not a finite number.
 */

/** The value of captured text, or why it has none. */
export type MetricValue =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/** Digits, with single underscores between them as Python's `float()` allows (`1_000.5`). */
const DIGITS = '[0-9](?:_?[0-9])*';
/** A decimal float: sign, digits with an optional point (either side may be empty, not both), exponent. */
const DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
/** Python's and JavaScript's spellings of infinity and not-a-number, any case, with a sign. */
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;
/** The leading number of text that goes on with something else (`0.5,`, `12%`), for a hint. */
const LEADING_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
/** Characters of captured text quoted in a reason. */
const QUOTED_CHARS = 40;

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text);
}

/**
 * Reads captured text as a metric value. Surrounding whitespace is ignored, as Python's `float()` does; hexadecimal,
 * binary and octal spellings are not numbers here (Python's `float()` refuses them too).
 *
 * @param text - The text of the regex's first capture group.
 * @returns The finite number, or the reason it is not one (`nan`, `inf`, overflow, anything else).
 */
export function parseMetricValue(text: string): MetricValue {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'the capture group matched no text' };
  if (DECIMAL.test(trimmed)) {
    const value = Number(trimmed.replaceAll('_', ''));
    if (Number.isFinite(value)) return { ok: true, value };
    return { ok: false, reason: `${quote(trimmed)} is too large for a double and reads as infinity` };
  }
  if (NON_FINITE.test(trimmed)) {
    return /nan/i.test(trimmed)
      ? { ok: false, reason: `${quote(trimmed)} is not a number (NaN)` }
      : { ok: false, reason: `${quote(trimmed)} is infinite` };
  }
  const leading = LEADING_NUMBER.exec(trimmed)?.[0];
  const hint =
    leading === undefined ? '' : `: it starts with the number ${leading}; end the capture group after it`;
  return { ok: false, reason: `${quote(trimmed)} is not a number${hint}` };
}
