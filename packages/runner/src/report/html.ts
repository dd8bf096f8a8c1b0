/**
 * A single-file HTML report: the summary, the best hyperparameters, the SVG charts inline and every trial.
 */
import type { JobView } from '../journal/jobView.ts';
import { bestTrial } from '../journal/jobView.ts';
import { bestHyperparameters } from './json.ts';
import { escapeXml, objectiveByParameterSvg, objectiveOverTrialsSvg } from './svg.ts';
import {
  formatNumber,
  formatValue,
  metricCells,
  otherMetricNames,
  parameterNames,
  trialRows,
} from './trialRows.ts';

/**
 * Renders the report as one HTML document with no external resources.
 *
 * @param view - The job.
 * @returns HTML text.
 */
export function htmlReport(view: JobView): string {
  const spec = view.spec;
  const best = bestTrial(view);
  const charts = [
    objectiveOverTrialsSvg(view),
    ...spec.parameters.map((parameter) => objectiveByParameterSvg(view, parameter)),
  ].filter((chart): chart is string => chart !== undefined);
  const names = parameterNames(view);
  const metrics = otherMetricNames(view);
  const rows = trialRows(view)
    .map(
      (row) =>
        `<tr${row.trial === best?.id ? ' class="best"' : ''}><td>${row.trial}</td>${names
          .map((name) => `<td>${escapeXml(formatValue(row.hyperparameters[name]))}</td>`)
          .join(
            '',
          )}<td>${row.status}</td><td>${row.objective === undefined ? '' : formatNumber(row.objective)}</td>` +
        metricCells(row.metrics, metrics)
          .map((cell) => `<td>${cell}</td>`)
          .join('') +
        `<td>${row.start ?? ''}</td><td>${row.durationSeconds ?? ''}</td><td>${escapeXml(row.reason ?? '')}</td></tr>`,
    )
    .join('\n');
  const bestBlock =
    best === undefined
      ? '<p><strong>No trial completed.</strong></p>'
      : `<p><strong>Best ${escapeXml(spec.objective.metric)}: ${formatNumber(best.objective!)}</strong> (trial ${best.id})</p>
<pre>${escapeXml(JSON.stringify(bestHyperparameters(view), null, 2))}</pre>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tunekit: ${escapeXml(view.name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111827; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; }
tr.best { background: #ffedd5; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
pre { background: #f3f4f6; padding: 8px; }
</style>
</head>
<body>
<h1>tunekit: ${escapeXml(view.name)}</h1>
<p>${escapeXml(spec.strategy)} search, ${spec.objective.type === 'Minimize' ? 'minimising' : 'maximising'} ${escapeXml(spec.objective.metric)}; ${view.trials.length} of ${spec.limits.maxTrials} trials; ${view.finished === undefined ? 'not finished' : `${view.finished.status === 'Completed' ? 'finished' : 'failed'} (${escapeXml(view.finished.reason)})`}.</p>
${bestBlock}
<div class="charts">
${charts.join('\n')}
</div>
<h2>Trials</h2>
<table>
<thead><tr><th>trial</th>${names.map((name) => `<th>${escapeXml(name)}</th>`).join('')}<th>status</th><th>${escapeXml(spec.objective.metric)}</th>${metrics.map((metric) => `<th>${escapeXml(metric)}</th>`).join('')}<th>start</th><th>seconds</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
