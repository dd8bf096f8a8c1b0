/**
 * Progress on a terminal: finished trials scroll up as lines, and a live bar on the last line shows trials done
 * against the budget, running, failed, the best so far and the elapsed time, redrawn every second.
 *
 * Rendered with two ANSI sequences (carriage return, erase line) rather than a library: the bar is one line of
 * our own fields, and the usual libraries (cli-progress, last released 2023) would add dependencies without
 * saving code.
 */

import { formatNumber } from '../report/trialRows.ts';
import type { JobEvent, JobEventListener, ProgressSnapshot } from '../session/jobEvents.ts';
import { formatCounters, formatElapsed } from './format.ts';
import { describe } from './plainProgress.ts';

const CLEAR_LINE = '\r\x1b[2K';
/** Least time between two redraws of the bar for metric events. */
const REDRAW_MS = 200;

export interface TtyProgress {
  readonly listener: JobEventListener;
  /** Stops the timer and leaves the cursor on a fresh line. */
  close(): void;
}

/**
 * Creates the live display.
 *
 * @param stream - The terminal (usually `process.stderr`), with its width in `columns`.
 * @param objectiveMetric - The objective metric's name.
 * @returns The listener and a close function.
 */
export function createTtyProgress(
  stream: { write(text: string): unknown; columns?: number },
  objectiveMetric: string,
): TtyProgress {
  let last: ProgressSnapshot | undefined;
  let lastAt = Date.now();
  let barShown = false;
  let drawnAt = 0;
  const draw = (): void => {
    if (last === undefined) return;
    drawnAt = Date.now();
    const elapsed = last.elapsedMs + (drawnAt - lastAt);
    // A pseudo-terminal without a size (script, some CI runners) reports 0 columns.
    stream.write(CLEAR_LINE + bar(last, elapsed, stream.columns || 80));
    barShown = true;
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  const listener: JobEventListener = (event: JobEvent) => {
    last = event.progress;
    lastAt = Date.now();
    const text = event.type === 'trialMetric' ? undefined : describe(event, objectiveMetric);
    if (text !== undefined) {
      stream.write(`${barShown ? CLEAR_LINE : ''}[${formatElapsed(event.progress.elapsedMs)}] ${text}\n`);
      barShown = false;
    }
    // Metric values can come by the hundred a second: redraw for them at most a few times a second.
    if (event.type === 'jobFinished') return;
    if (text !== undefined || Date.now() - drawnAt >= REDRAW_MS) draw();
  };
  return {
    listener,
    close() {
      clearInterval(timer);
      if (barShown) stream.write(CLEAR_LINE);
      barShown = false;
    },
  };
}

/**
 * The bar's text: `[#######.............] 7/20 done, 2 running, 1 failed, best 54.2 (trial 5) 1:02`, fitted to the
 * terminal's width by dropping the least important parts first (the best trial's id, then half the bar, the bar,
 * the words, the running and failed counts, the best, the counts): the elapsed time always shows. A line as wide
 * as the terminal wraps on some terminals, so the text stays one column short of it.
 *
 * @param progress - The snapshot.
 * @param elapsedMs - Elapsed time to show.
 * @param columns - Terminal width.
 * @returns One line without a newline.
 */
export function bar(progress: ProgressSnapshot, elapsedMs: number, columns: number): string {
  const elapsed = formatElapsed(elapsedMs);
  const counts = `${progress.done}/${progress.budget}`;
  const best = progress.best === undefined ? undefined : formatNumber(progress.best.objective);
  const full = formatCounters(progress);
  const withoutTrial =
    best === undefined
      ? full
      : `${counts} done, ${progress.running} running, ${progress.failed} failed, best ${best}`;
  const variants = [
    `${meter(progress, 20)} ${full}`,
    `${meter(progress, 20)} ${withoutTrial}`,
    `${meter(progress, 10)} ${withoutTrial}`,
    withoutTrial,
    `${counts} done, ${progress.running} run, ${progress.failed} fail${best === undefined ? '' : `, best ${best}`}`,
    best === undefined ? counts : `${counts}, best ${best}`,
    counts,
  ];
  for (const variant of variants) {
    const text = `${variant} ${elapsed}`;
    if (text.length < columns) return text;
  }
  return elapsed;
}

function meter(progress: ProgressSnapshot, width: number): string {
  const filled =
    progress.budget > 0 ? Math.min(width, Math.round((progress.done / progress.budget) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
