/**
 * Trials as CSV (RFC 4180): one row a trial, one column a hyperparameter and one a metric (its final value), like
 * SageMaker's analytics dataframe.
 */
import type { JobView } from '../journal/jobView.ts';
import { otherMetricNames, parameterNames, trialRows } from './trialRows.ts';

/**
 * Renders the trials of a job as CSV with a header line.
 *
 * @param view - The job.
 * @returns CSV text ending with a newline.
 */
export function trialsCsv(view: Pick<JobView, 'spec' | 'trials'>): string {
  const names = parameterNames(view);
  const metrics = otherMetricNames(view);
  const header = [
    'trial',
    ...names,
    'status',
    'objective',
    ...metrics,
    'start',
    'end',
    'durationSeconds',
    'attempt',
    'reason',
  ];
  const lines = [header.map(escapeCsv).join(',')];
  for (const row of trialRows(view)) {
    const cells = [
      String(row.trial),
      ...names.map((name) => String(row.hyperparameters[name] ?? '')),
      row.status,
      row.objective === undefined ? '' : String(row.objective),
      ...metrics.map((metric) => (Object.hasOwn(row.metrics, metric) ? String(row.metrics[metric]) : '')),
      row.start ?? '',
      row.end ?? '',
      row.durationSeconds === undefined ? '' : String(row.durationSeconds),
      String(row.attempt),
      row.reason ?? '',
    ];
    lines.push(cells.map(escapeCsv).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Quotes a CSV cell when it holds a comma, a quote or a line break (RFC 4180).
 *
 * @param cell - The cell's text.
 * @returns The cell as it goes in the file.
 */
export function escapeCsv(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
