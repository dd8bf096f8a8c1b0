import { later } from './later.ts';

/**
 * Chart drawing, one chart a task: ECharts draws a chart of 10,000 points in a good part of a second, and the page
 * holds a dozen charts. Queued draws run one per macrotask (a chart asked again before its turn draws only its
 * latest option), at background priority (later.ts), so events and input are handled between two charts, not
 * after all of them.
 */

const queued = new Map<object, { readonly draw: () => void; readonly label: string }>();
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = queued.entries().next();
  if (next.done === true) return;
  const [key, { draw, label }] = next.value;
  queued.delete(key);
  const start = performance.now();
  draw();
  // A user timing entry per draw: the browser's performance panel (and bench/dashboard.ts) name the slow charts.
  performance.measure(`draw ${label}`, { start, end: performance.now() });
  if (queued.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  later(runOne);
}

/**
 * Queues a chart's draw; a later draw of the same chart replaces one not yet run.
 *
 * @param key - The chart (its instance).
 * @param draw - Draws it.
 * @param label - The chart's title, for the draw's user timing entry.
 */
export function queueDraw(key: object, draw: () => void, label: string): void {
  queued.delete(key);
  queued.set(key, { draw, label });
  schedule();
}

/** Forgets a chart's queued draw (it was disposed). */
export function cancelDraw(key: object): void {
  queued.delete(key);
}
