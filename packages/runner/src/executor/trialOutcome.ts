/**
 * How a local trial's end becomes its outcome, and the reasons a user reads when it failed: the exit code or
 * signal with the last lines of its output, or which metric never matched and the lines that came closest.
 */
import type { TrialOutcome } from '@tunekit/core';

/** Lines of output quoted in a failure reason. */
export const QUOTED_LINES = 5;
/** Characters of one quoted line at most. */
const QUOTED_LINE_CHARS = 200;

/** How the trial's process ended. */
export type ProcessEnd =
  | { readonly kind: 'spawnError'; readonly command: string; readonly error: NodeJS.ErrnoException }
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: 'setup'; readonly problem: string };

/** What the metric streams made of the output. */
export type ObjectiveResult =
  | { readonly ok: true; readonly objective: number; readonly finalMetrics: Record<string, number> }
  | { readonly ok: false; readonly reason: string; readonly lastValid?: number };

/**
 * The outcome of a trial.
 *
 * @param end - How the process ended.
 * @param stopReason - Set when tunekit stopped it (timeout, early stopping, Ctrl-C, completion).
 * @param objective - The objective read from its output.
 * @param lastLines - The last lines of its output, for the reason of a crash.
 * @returns Completed, Failed or Stopped.
 */
export function trialOutcome(
  end: ProcessEnd,
  stopReason: string | undefined,
  objective: ObjectiveResult,
  lastLines: readonly string[],
): TrialOutcome {
  if (stopReason !== undefined) {
    const value = objective.ok ? objective.objective : objective.lastValid;
    return { status: 'Stopped', reason: stopReason, ...(value === undefined ? {} : { objective: value }) };
  }
  if (end.kind === 'setup') return { status: 'Failed', reason: end.problem };
  if (end.kind === 'spawnError') {
    const hint =
      end.error.code === 'ENOENT'
        ? ` (is ${end.command} installed and on the PATH? see executor.local.command)`
        : end.error.code === 'EACCES'
          ? ` (is ${end.command} executable? see executor.local.command)`
          : '';
    return { status: 'Failed', reason: `could not start ${end.command}: ${end.error.message}${hint}` };
  }
  if (end.code !== 0 || end.signal !== null) {
    const how =
      end.signal !== null
        ? `was killed by signal ${end.signal}${end.signal === 'SIGKILL' ? ' (out of memory?)' : ''}`
        : `exited with code ${end.code}`;
    return { status: 'Failed', reason: `${how}${quoteLines(lastLines)}` };
  }
  if (!objective.ok) return { status: 'Failed', reason: objective.reason };
  return { status: 'Completed', objective: objective.objective, finalMetrics: objective.finalMetrics };
}

/**
 * The last non-blank lines of output, for a failure reason.
 *
 * @param lines - Recent lines, oldest first.
 * @returns `; last lines of its output:` and the lines indented, or a note that there was no output.
 */
export function quoteLines(lines: readonly string[]): string {
  const shown = lines.filter((line) => line.trim() !== '').slice(-QUOTED_LINES);
  if (shown.length === 0) return '; it printed nothing';
  return `; last lines of its output:\n${shown.map((line) => `  ${clip(line)}`).join('\n')}`;
}

function clip(line: string): string {
  return line.length <= QUOTED_LINE_CHARS ? line : `${line.slice(0, QUOTED_LINE_CHARS)}...`;
}
