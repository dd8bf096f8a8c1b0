/**
 * Self-contained SVG charts for reports: the objective over trials (with the best so far), and the objective
 * against each hyperparameter (log axis for Logarithmic ranges, one column a category for categorical ones).
 */
import type { Parameter } from '@tunekit/core';
import type { JobView, TrialRecord } from '../journal/jobView.ts';
import { bestTrial } from '../journal/jobView.ts';
import { bandScale, linearScale, logScale, type Scale } from './scales.ts';
import { formatNumber, formatValue } from './trialRows.ts';

const WIDTH = 560;
const HEIGHT = 320;
const MARGIN = { top: 54, right: 20, bottom: 48, left: 64 };
const COLOURS = { Completed: '#2563eb', Stopped: '#9ca3af', best: '#ea580c', line: '#ea580c' } as const;

interface Point {
  readonly x: number | string;
  readonly y: number;
  readonly colour: string;
  readonly title: string;
  /** A stopped trial's early value: drawn hollow, and it does not set the objective axis. */
  readonly early: boolean;
}

interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: (from: number, to: number) => Scale;
  readonly points: readonly Point[];
  /** A step line (the best so far), in data coordinates. */
  readonly line?: readonly (readonly [number, number])[];
}

/**
 * The objective of every trial with a value, in trial order, and the best value so far as a step line.
 *
 * @param view - The job.
 * @returns An SVG document, or undefined when no trial has an objective value.
 */
export function objectiveOverTrialsSvg(
  view: Pick<JobView, 'spec' | 'trials' | 'recommendation'>,
): string | undefined {
  const scored = scoredTrials(view.trials);
  if (scored.length === 0) return undefined;
  const sign = view.spec.objective.type === 'Minimize' ? 1 : -1;
  const line: [number, number][] = [];
  let best: number | undefined;
  for (const trial of scored) {
    if (trial.status !== 'Completed') continue;
    if (best === undefined || sign * trial.objective! < sign * best) best = trial.objective!;
    line.push([trial.id, best]);
  }
  const ids = scored.map((trial) => trial.id);
  return renderChart({
    title: `${view.spec.objective.metric} over trials (${view.spec.objective.type})`,
    xLabel: 'trial',
    yLabel: view.spec.objective.metric,
    x: (from, to) => linearScale(Math.min(...ids), Math.max(...ids), from, to, 8),
    points: points(view, scored, (trial) => trial.id),
    line,
  });
}

/**
 * The objective against one hyperparameter, one point a trial with a value.
 *
 * @param view - The job.
 * @param parameter - The hyperparameter's range from the spec.
 * @returns An SVG document, or undefined when no trial has an objective value.
 */
export function objectiveByParameterSvg(
  view: Pick<JobView, 'spec' | 'trials' | 'recommendation'>,
  parameter: Parameter,
): string | undefined {
  const scored = scoredTrials(view.trials).filter((trial) => trial.params[parameter.name] !== undefined);
  if (scored.length === 0) return undefined;
  const values = scored.map((trial) => Number(trial.params[parameter.name]));
  const x =
    parameter.type === 'categorical'
      ? (from: number, to: number) => bandScale(parameter.values, from, to)
      : parameter.scaling === 'Logarithmic' && parameter.min > 0
        ? (from: number, to: number) => logScale(parameter.min, parameter.max, from, to)
        : (from: number, to: number) =>
            linearScale(parameter.min, Math.max(parameter.max, ...values), from, to);
  return renderChart({
    title: `${view.spec.objective.metric} by ${parameter.name}`,
    xLabel:
      parameter.type === 'continuous' || parameter.type === 'integer'
        ? `${parameter.name} (${parameter.scaling})`
        : parameter.name,
    yLabel: view.spec.objective.metric,
    x,
    points: points(view, scored, (trial) => trial.params[parameter.name]!),
  });
}

function scoredTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  return trials.filter(
    (trial) =>
      (trial.status === 'Completed' || trial.status === 'Stopped') &&
      trial.objective !== undefined &&
      Number.isFinite(trial.objective),
  );
}

function points(
  view: Pick<JobView, 'spec' | 'trials' | 'recommendation'>,
  trials: readonly TrialRecord[],
  x: (trial: TrialRecord) => number | string,
): Point[] {
  const best = bestTrial(view);
  return trials.map((trial) => ({
    x: x(trial),
    y: trial.objective!,
    early: trial.status !== 'Completed',
    colour:
      trial.id === best?.id
        ? COLOURS.best
        : trial.status === 'Completed'
          ? COLOURS.Completed
          : COLOURS.Stopped,
    title: `trial ${trial.id} (${trial.status}): ${formatNumber(trial.objective!)}; ${Object.entries(
      trial.params,
    )
      .map(([name, value]) => `${name}=${formatValue(value)}`)
      .join(', ')}`,
  }));
}

function renderChart(options: ChartOptions): string {
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  // Completed trials set the objective axis: a stopped trial's early value (often far worse) would squash them into
  // a thin band. Stopped trials off the axis are drawn on its edge; their tooltip has the value.
  const completed = options.points.filter((point) => !point.early).map((point) => point.y);
  const ys = completed.length > 0 ? completed : options.points.map((point) => point.y);
  const x = options.x(left, right);
  const y = linearScale(Math.min(...ys), Math.max(...ys), bottom, top);
  const yOnAxis = (value: number) => Math.min(bottom, Math.max(top, y(value)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(options.title)}</text>`,
  ];
  for (const tick of y.ticks) {
    const position = round(y(tick.value));
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${position}" y2="${position}" stroke="#e5e7eb"/>`,
      `<text x="${left - 6}" y="${position + 4}" text-anchor="end" fill="#374151">${escapeXml(tick.label)}</text>`,
    );
  }
  for (const tick of x.ticks) {
    const position = round(x(tick.value));
    parts.push(
      `<line x1="${position}" x2="${position}" y1="${bottom}" y2="${bottom + 4}" stroke="#6b7280"/>`,
      `<text x="${position}" y="${bottom + 16}" text-anchor="middle" fill="#374151">${escapeXml(tick.label)}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#6b7280"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#6b7280"/>`,
    `<text x="${(left + right) / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  if (options.line !== undefined && options.line.length > 0) {
    let path = '';
    options.line.forEach(([lineX, lineY], index) => {
      const px = round(x(lineX));
      const py = round(y(lineY));
      path += index === 0 ? `M${px},${py}` : `H${px}V${py}`;
    });
    parts.push(`<path d="${path}" fill="none" stroke="${COLOURS.line}" stroke-width="1.5"/>`);
  }
  for (const point of options.points) {
    const fill = point.early
      ? `fill="none" stroke="${point.colour}" stroke-width="1.5"`
      : `fill="${point.colour}" fill-opacity="0.8"`;
    parts.push(
      `<circle cx="${round(x(point.x))}" cy="${round(yOnAxis(point.y))}" r="4" ${fill}><title>${escapeXml(point.title)}</title></circle>`,
    );
  }
  // The legend: what each mark is.
  const legend: [string, string][] = [[COLOURS.Completed, 'completed']];
  if (options.points.some((point) => point.early))
    legend.push([COLOURS.Stopped, 'stopped (early value; off-axis ones on the edge)']);
  if (options.line !== undefined && options.line.length > 0) legend.push([COLOURS.line, 'best so far']);
  let legendX = left;
  for (const [colour, label] of legend) {
    parts.push(
      `<rect x="${legendX}" y="${top - 21}" width="8" height="8" fill="${colour}"/>`,
      `<text x="${legendX + 12}" y="${top - 13}" fill="#374151">${escapeXml(label)}</text>`,
    );
    // About 6 px a character at 11 px.
    legendX += 28 + 6 * label.length;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Escapes text for XML and HTML content and attributes.
 *
 * @param text - Any text.
 * @returns The text with `&`, `<`, `>`, `"` and `'` escaped.
 */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
