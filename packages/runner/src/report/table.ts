/**
 * Plain-text tables for a terminal: columns padded to their widest cell, numbers aligned right.
 */
import type { JobView } from '../journal/jobView.ts';
import { bestTrial } from '../journal/jobView.ts';
import {
  formatNumber,
  formatValue,
  metricCells,
  otherMetricNames,
  parameterNames,
  trialRows,
} from './trialRows.ts';

/**
 * Renders rows of cells as an aligned text table with a header rule.
 *
 * @param headers - Column titles.
 * @param rows - Cells, one array a row, as many as headers.
 * @param rightAligned - Indexes of the columns to align right (numbers).
 * @returns The table, lines joined with newlines, without a trailing newline.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The trials of a job as a terminal table: one row a trial, the best marked with `*`.
 *
 * @param view - The job.
 * @returns The table.
 */
export function trialsTable(view: Pick<JobView, 'spec' | 'trials' | 'recommendation'>): string {
  const names = parameterNames(view);
  const metrics = otherMetricNames(view);
  const best = bestTrial(view);
  const headers = [
    'trial',
    ...names,
    'status',
    view.spec.objective.metric,
    ...metrics,
    'start',
    'end',
    'seconds',
    'reason',
  ];
  const numeric = new Set<number>([0, names.length + 2, names.length + metrics.length + 5]);
  for (let index = 0; index < metrics.length; index++) numeric.add(names.length + 3 + index);
  view.spec.parameters.forEach((parameter, index) => {
    if (parameter.type !== 'categorical') numeric.add(index + 1);
  });
  const rows = trialRows(view).map((row) => [
    `${row.trial === best?.id ? '*' : ''}${row.trial}`,
    ...names.map((name) => formatValue(row.hyperparameters[name])),
    row.status,
    row.objective === undefined ? '' : formatNumber(row.objective),
    ...metricCells(row.metrics, metrics),
    shortTime(row.start),
    shortTime(row.end),
    row.durationSeconds === undefined ? '' : row.durationSeconds.toFixed(1),
    truncate(row.reason ?? '', 60),
  ]);
  return renderTable(headers, rows, numeric);
}

function shortTime(iso: string | undefined): string {
  return iso === undefined ? '' : iso.slice(0, 19).replace('T', ' ');
}

function truncate(text: string, length: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= length ? oneLine : `${oneLine.slice(0, length - 1)}…`;
}
