/**
 * Number and axis formatting shared by every chart and the table.
 */

/** A number with 4 significant digits (no trailing zeros), or as is when it is an integer below 1e6. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** A hyperparameter or cell value as text. */
export function formatValue(value: number | string | undefined): string {
  return typeof value === 'number' ? formatNumber(value) : (value ?? '');
}

/** An axis title with its unit, e.g. `time since start (s)`. */
export function axisTitle(name: string, unit?: string): string {
  return unit === undefined ? name : `${name} (${unit})`;
}

/** The colours of trial statuses, the same on every chart and in the table (readable on light and dark). */
export const STATUS_COLORS = {
  Completed: '#3b82f6',
  Stopped: '#f59e0b',
  Failed: '#ef4444',
  Running: '#22c55e',
  Pending: '#a3a3a3',
  Interrupted: '#a855f7',
  Best: '#ec4899',
  /** The model's choice of best trial under noise. */
  Choice: '#0d9488',
} as const;

/** Scientific colour map (viridis-like) for objective values: better is not implied, low to high. */
export const SEQUENTIAL = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

/**
 * Text for HTML: chart tooltips are HTML, and range names, categories and metric names come from a tuning file.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
