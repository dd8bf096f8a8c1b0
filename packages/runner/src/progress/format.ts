/**
 * Shared wording of the progress displays.
 */
import type { ParameterValues, TrialOutcome } from '@tunekit/core';
import { formatNumber, formatValue } from '../report/trialRows.ts';
import type { ProgressSnapshot } from '../session/jobEvents.ts';

/**
 * Formats elapsed milliseconds as `m:ss` or `h:mm:ss`.
 *
 * @param ms - Milliseconds.
 * @returns The clock text.
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Formats hyperparameters as `name=value` pairs.
 *
 * @param params - The hyperparameters.
 * @returns One line.
 */
export function formatParams(params: ParameterValues): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(' ');
}

/**
 * Formats a trial's outcome: `Completed validation:rmse=54.2`, `Failed: exit code 1 ...`.
 *
 * @param outcome - The outcome.
 * @param metric - The objective metric's name.
 * @returns One line.
 */
export function formatOutcome(outcome: TrialOutcome, metric: string): string {
  switch (outcome.status) {
    case 'Completed':
      return `Completed ${metric}=${formatNumber(outcome.objective)}`;
    case 'Failed':
      return `Failed: ${firstLine(outcome.reason)}`;
    case 'Stopped':
      return `Stopped (${outcome.reason})${outcome.objective === undefined ? '' : ` ${metric}=${formatNumber(outcome.objective)}`}`;
  }
}

/**
 * Formats the progress counters: `7/20 done, 2 running, 1 failed, best 54.2 (trial 5)`.
 *
 * @param progress - The snapshot.
 * @returns One line.
 */
export function formatCounters(progress: ProgressSnapshot): string {
  const best =
    progress.best === undefined
      ? 'no best yet'
      : `best ${formatNumber(progress.best.objective)} (trial ${progress.best.trialId})`;
  return `${progress.done}/${progress.budget} done, ${progress.running} running, ${progress.failed} failed, ${best}`;
}

/** Lines of a failure's reason shown under its progress line (the last lines of a trial's log). */
const DETAIL_LINES = 8;

/**
 * The lines of a failed trial's reason after its first (the last lines of its log, the closest lines to a metric
 * regex), indented under the progress line, so that why a trial failed shows without `tunekit logs`.
 *
 * @param outcome - The outcome.
 * @returns Text starting with a newline, or '' when there is nothing more to show.
 */
export function failureDetail(outcome: TrialOutcome): string {
  if (outcome.status !== 'Failed') return '';
  const rest = outcome.reason.split('\n').slice(1);
  if (rest.every((line) => line.trim() === '')) return '';
  const shown = rest.slice(-DETAIL_LINES).map((line) => `    ${line.replace(/^ {2}/, '')}`);
  const skipped = rest.length - shown.length;
  return `${skipped > 0 ? `\n    (${skipped} more lines: tunekit logs)` : ''}\n${shown.join('\n')}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
