/**
 * Chart drawing, one chart a task: ECharts draws a chart of 10,000 points in a good part of a second, and the page
 * holds a dozen charts. Queued draws run one per macrotask (a chart asked again before its turn draws only its
 * latest option), so events and input are handled between two charts, not after all of them.
 */

const queued = new Map<object, () => void>();
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = queued.entries().next();
  if (next.done === true) return;
  const [key, draw] = next.value;
  queued.delete(key);
  draw();
  if (queued.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(runOne, 0);
}

/**
 * Queues a chart's draw; a later draw of the same chart replaces one not yet run.
 *
 * @param key - The chart (its instance).
 * @param draw - Draws it.
 */
export function queueDraw(key: object, draw: () => void): void {
  queued.delete(key);
  queued.set(key, draw);
  schedule();
}

/** Forgets a chart's queued draw (it was disposed). */
export function cancelDraw(key: object): void {
  queued.delete(key);
}
