/**
 * A Markdown report of a job for pull-request comments, job summaries and `tunekit report`: the summary, the best
 * hyperparameters, a Mermaid chart of the objective over trials (GitHub renders it), the top trials and the
 * failed ones with their reasons. Every name and value from the job is escaped (markdownEscape.ts).
 */
import type { JobView, TrialRecord } from '../journal/jobView.ts';
import { bestObservedTrial, bestTrial, modelChoice } from '../journal/jobView.ts';
import { escapeMarkdown, inlineCode, mermaidLabel } from './markdownEscape.ts';
import { modelChoiceSentence } from './modelChoice.ts';
import {
  formatNumber,
  formatValue,
  metricCells,
  otherMetricNames,
  parameterNames,
  trialMetrics,
} from './trialRows.ts';

export interface MarkdownOptions {
  /** Heading level of the title (1 = `#`). Default 2. */
  readonly headingLevel?: number;
  /** How many of the best trials to list. Default 10. */
  readonly topTrials?: number;
  /** Include the Mermaid chart. Default true. */
  readonly mermaid?: boolean;
  /** Images to embed after the chart: alt text and a relative path or URL (the SVG charts). */
  readonly images?: readonly { readonly alt: string; readonly src: string }[];
  /** Most points the Mermaid chart draws; larger jobs are sampled evenly. Default 200. */
  readonly maxChartPoints?: number;
}

/**
 * Renders the report.
 *
 * @param view - The job.
 * @param options - What to include.
 * @returns Markdown text ending with a newline.
 */
export function markdownReport(view: JobView, options: MarkdownOptions = {}): string {
  const level = '#'.repeat(options.headingLevel ?? 2);
  const spec = view.spec;
  const best = bestTrial(view);
  const count = (status: string): number => view.trials.filter((trial) => trial.status === status).length;
  const out: string[] = [`${level} tunekit: ${escapeMarkdown(view.name)}`, ''];
  const state =
    view.finished === undefined
      ? 'not finished'
      : `${view.finished.status === 'Completed' ? 'finished' : 'failed'} (${escapeMarkdown(view.finished.reason)})`;
  out.push(
    `${spec.strategy} search, ${spec.objective.type === 'Minimize' ? 'minimising' : 'maximising'} ` +
      `${inlineCode(spec.objective.metric)}: ${state}. ` +
      `${view.trials.length} of ${spec.limits.maxTrials} trials: ${count('Completed')} completed, ` +
      `${count('Failed')} failed, ${count('Stopped')} stopped early.`,
    '',
  );
  if (best === undefined) {
    out.push('**No trial completed**, so there are no best hyperparameters.', '');
  } else {
    const chosen = modelChoice(view);
    const observed = chosen === undefined ? undefined : bestObservedTrial(view);
    out.push(
      `**Best: ${formatNumber(best.objective!)}** (trial ${best.id})`,
      '',
      ...(chosen === undefined || observed === undefined
        ? []
        : [
            `${capitalise(modelChoiceSentence(chosen.recommendation))}. Best observed: ${formatNumber(observed.objective!)} (trial ${observed.id}${observed.id === best.id ? ', the same trial' : ''}).`,
            '',
          ]),
      '| hyperparameter | value |',
      '| --- | --- |',
      ...Object.entries(best.params).map(
        ([name, value]) => `| ${escapeMarkdown(name)} | ${escapeMarkdown(formatValue(value))} |`,
      ),
      '',
    );
  }
  if (options.mermaid ?? true) {
    const chart = mermaidChart(view, options.maxChartPoints ?? 200);
    if (chart !== undefined) out.push(chart, '');
  }
  for (const image of options.images ?? []) out.push(`![${escapeMarkdown(image.alt)}](${image.src})`, '');
  out.push(...topTrialsTable(view, options.topTrials ?? 10));
  const failed = view.trials.filter((trial) => trial.status === 'Failed');
  if (failed.length > 0) {
    out.push(`${level}# Failed trials`, '');
    for (const trial of failed.slice(0, 20)) {
      out.push(
        `- trial ${trial.id}: ${escapeMarkdown(oneLine(trial.failureReason ?? 'no reason recorded', 300))}`,
      );
    }
    if (failed.length > 20) out.push(`- and ${failed.length - 20} more`);
    out.push('');
  }
  // Why trials stopped early (Hyperband's rung decisions, the median rule): the last 20, newest first.
  const stopped = view.trials.filter((trial) => trial.status === 'Stopped' && trial.stopReason !== undefined);
  if (stopped.length > 0) {
    out.push(`${level}# Trials stopped early`, '');
    for (const trial of stopped.slice(-20).reverse()) {
      out.push(`- trial ${trial.id}: ${escapeMarkdown(oneLine(trial.stopReason!, 300))}`);
    }
    if (stopped.length > 20) out.push(`- and ${stopped.length - 20} more`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/**
 * The objective of each trial (bars) and the best so far (line) as a Mermaid `xychart-beta`.
 *
 * @param view - The job.
 * @param maxPoints - Most points drawn; larger jobs are sampled evenly.
 * @returns A fenced Mermaid block, or undefined when no trial has a value.
 */
export function mermaidChart(view: Pick<JobView, 'spec' | 'trials'>, maxPoints = 200): string | undefined {
  const scored = view.trials.filter(
    (trial) =>
      trial.status === 'Completed' && trial.objective !== undefined && Number.isFinite(trial.objective),
  );
  if (scored.length === 0) return undefined;
  const sign = view.spec.objective.type === 'Minimize' ? 1 : -1;
  const bestSoFar: number[] = [];
  let best: number | undefined;
  for (const trial of scored) {
    if (best === undefined || sign * trial.objective! < sign * best) best = trial.objective!;
    bestSoFar.push(best);
  }
  const step = Math.max(1, Math.ceil(scored.length / maxPoints));
  const picked = scored
    .map((trial, index) => ({ trial, best: bestSoFar[index]! }))
    .filter((_, index) => index % step === 0);
  const values = picked.map((point) => point.trial.objective!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  const metric = mermaidLabel(view.spec.objective.metric);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${metric} by trial (line: best so far)"`,
    `  x-axis "trial" [${picked.map((point) => point.trial.id).join(', ')}]`,
    `  y-axis "${metric}" ${formatNumber(lo - pad)} --> ${formatNumber(hi + pad)}`,
    `  bar [${values.map(formatNumber).join(', ')}]`,
    `  line [${picked.map((point) => formatNumber(point.best)).join(', ')}]`,
    '```',
  ].join('\n');
}

function topTrialsTable(view: JobView, top: number): string[] {
  const sign = view.spec.objective.type === 'Minimize' ? 1 : -1;
  const ranked = view.trials
    .filter((trial): trial is TrialRecord & { objective: number } => trial.objective !== undefined)
    .filter((trial) => trial.status === 'Completed' && Number.isFinite(trial.objective))
    .sort((a, b) => sign * (a.objective - b.objective) || a.id - b.id)
    .slice(0, top);
  if (ranked.length === 0) return [];
  const names = parameterNames(view);
  const metrics = otherMetricNames(view);
  const header = ['trial', view.spec.objective.metric, ...metrics, ...names, 'seconds'];
  const rows = ranked.map((trial) => [
    String(trial.id),
    formatNumber(trial.objective),
    ...metricCells(trialMetrics(trial, view.spec), metrics),
    ...names.map((name) => (Object.hasOwn(trial.params, name) ? formatValue(trial.params[name]) : '')),
    trial.startedAt !== undefined && trial.finishedAt !== undefined
      ? ((trial.finishedAt - trial.startedAt) / 1000).toFixed(1)
      : '',
  ]);
  return [
    `Top ${ranked.length} trial${ranked.length === 1 ? '' : 's'}:`,
    '',
    `| ${header.map(escapeMarkdown).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`),
    '',
  ];
}

function oneLine(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
