/**
 * Axis scales for the report's charts: linear and logarithmic with round ticks, and bands for categories.
 *
 * Hand-written rather than d3-scale: the charts need these three scales and their ticks only (about 80 lines),
 * and the Action bundles the report code, so six d3 packages would be weight without use.
 */

export interface Scale {
  /** Maps a domain value to a pixel position. */
  (value: number | string): number;
  readonly ticks: readonly { readonly value: number | string; readonly label: string }[];
}

/**
 * A linear scale whose domain is widened to round tick values.
 *
 * @param min - Smallest data value.
 * @param max - Largest data value.
 * @param from - Pixel of the domain's start.
 * @param to - Pixel of the domain's end.
 * @param count - About how many ticks.
 * @returns The scale.
 */
export function linearScale(min: number, max: number, from: number, to: number, count = 5): Scale {
  let lo = min;
  let hi = max;
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / count);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: { value: number; label: string }[] = [];
  for (let value = lo; value <= hi + step / 2; value += step) {
    const rounded = Number(value.toPrecision(12));
    ticks.push({ value: rounded, label: tickLabel(rounded) });
  }
  const scale = ((value: number | string) =>
    from + ((Number(value) - lo) / (hi - lo)) * (to - from)) as Scale;
  return Object.assign(scale, { ticks });
}

/**
 * A base-10 logarithmic scale over whole decades (ticks at powers of ten, and 2 and 5 when few decades).
 *
 * @param min - Smallest data value, > 0.
 * @param max - Largest data value, > 0.
 * @param from - Pixel of the domain's start.
 * @param to - Pixel of the domain's end.
 * @returns The scale.
 */
export function logScale(min: number, max: number, from: number, to: number): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(Math.ceil(Math.log10(max)), lo + 1);
  const ticks: { value: number; label: string }[] = [];
  for (let decade = lo; decade <= hi; decade++) {
    for (const multiple of hi - lo <= 2 ? [1, 2, 5] : [1]) {
      const value = Number((multiple * 10 ** decade).toPrecision(12));
      if (decade === hi && multiple > 1) continue;
      ticks.push({ value, label: tickLabel(value) });
    }
  }
  const scale = ((value: number | string) =>
    from + ((Math.log10(Number(value)) - lo) / (hi - lo)) * (to - from)) as Scale;
  return Object.assign(scale, { ticks });
}

/**
 * A band scale: each category at the centre of an equal slot.
 *
 * @param categories - Category names in order.
 * @param from - Pixel of the first slot's start.
 * @param to - Pixel of the last slot's end.
 * @returns The scale; unknown categories map to the start.
 */
export function bandScale(categories: readonly string[], from: number, to: number): Scale {
  const slot = (to - from) / Math.max(categories.length, 1);
  const scale = ((value: number | string) => {
    const index = categories.indexOf(String(value));
    return from + slot * (Math.max(index, 0) + 0.5);
  }) as Scale;
  return Object.assign(scale, {
    ticks: categories.map((category) => ({ value: category, label: category })),
  });
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function tickLabel(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(6)));
}
