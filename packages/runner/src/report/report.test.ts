import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import { embeddedReportJob } from '../../test/helpers/reportHtml.ts';
import { apiJobDetail } from '../dashboard/apiValues.ts';
import { createMetricCurves } from '../dashboard/metricCurves.ts';
import type { JournalEvent } from '../journal/events.ts';
import { buildJobView, type JobView } from '../journal/jobView.ts';
import { escapeCsv, trialsCsv } from './csv.ts';
import { htmlReport } from './html.ts';
import { bestHyperparameters, jobSummary, trialsJson } from './json.ts';
import { markdownReport, mermaidChart } from './markdown.ts';
import { escapeMarkdown } from './markdownEscape.ts';
import { objectiveByParameterSvg, objectiveOverTrialsSvg } from './svg.ts';
import { trialsTable } from './table.ts';

function view(): JobView {
  return buildJobView(viewEvents());
}

function viewEvents(): JournalEvent[] {
  const events: JournalEvent[] = [
    { type: 'jobCreated', t: Date.UTC(2025, 0, 2, 10), spec: sampleSpec(), specHash: 'h' },
  ];
  const t0 = Date.UTC(2025, 0, 2, 10, 0, 1);
  finishedTrial(
    events,
    1,
    { eta: 0.1, depth: 3, booster: 'gbtree' },
    { status: 'Completed', objective: 5.25 },
    t0,
  );
  finishedTrial(
    events,
    2,
    { eta: 0.01, depth: 5, booster: 'dart' },
    { status: 'Completed', objective: 3 },
    t0 + 2000,
  );
  finishedTrial(
    events,
    3,
    { eta: 0.5, depth: 1, booster: 'dart,"x"' },
    { status: 'Failed', reason: 'exit code 1: boom | <b>' },
    t0 + 4000,
  );
  return events;
}

describe('trial reports', () => {
  it('renders CSV with one row a trial, quoting what needs quoting', () => {
    const lines = trialsCsv(view()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'trial,eta,depth,booster,status,objective,start,end,durationSeconds,attempt,reason',
    );
    expect(lines[1]).toBe(
      '1,0.1,3,gbtree,Completed,5.25,2025-01-02T10:00:01.001Z,2025-01-02T10:00:02.001Z,1,0,',
    );
    expect(lines[3]).toBe(
      '3,0.5,1,"dart,""x""",Failed,,2025-01-02T10:00:05.001Z,2025-01-02T10:00:06.001Z,1,0,exit code 1: boom | <b>',
    );
    expect(escapeCsv('a\nb')).toBe('"a\nb"');
  });

  it('renders JSON rows with nested hyperparameters', () => {
    const rows = trialsJson(view());
    expect(rows[1]).toEqual({
      trial: 2,
      hyperparameters: { eta: 0.01, depth: 5, booster: 'dart' },
      status: 'Completed',
      objective: 3,
      metrics: { 'validation:rmse': 3 },
      start: '2025-01-02T10:00:03.001Z',
      end: '2025-01-02T10:00:04.001Z',
      durationSeconds: 1,
      attempt: 0,
    });
  });

  it('renders an aligned table marking the best trial', () => {
    const lines = trialsTable(view()).split('\n');
    expect(lines[0]).toMatch(
      /^trial\s+eta\s+depth\s+booster\s+status\s+validation:rmse\s+start\s+end\s+seconds\s+reason$/,
    );
    expect(lines[3]).toMatch(/^\s*\*2\s+0\.01\s+5\s+dart\s+Completed\s+3\s/);
    // Columns line up: every row's status starts where the header's does.
    const column = lines[0]!.indexOf('status');
    expect(lines.slice(2).map((line) => line.slice(column, column + 6))).toEqual([
      'Comple',
      'Comple',
      'Failed',
    ]);
  });

  it('gives the best hyperparameters with the static ones, ready for a pipeline', () => {
    expect(bestHyperparameters(view())).toEqual({ rounds: '10', eta: 0.01, depth: 5, booster: 'dart' });
    expect(bestHyperparameters(view(), false)).toEqual({ eta: 0.01, depth: 5, booster: 'dart' });
  });

  it('summarises the job', () => {
    const summary = jobSummary(view());
    expect(summary.status).toBe('Stopped');
    expect(summary.counts).toEqual({ total: 3, completed: 2, failed: 1, stopped: 0, inFlight: 0 });
    expect(summary.best).toEqual({
      trial: 2,
      objective: 3,
      metrics: { 'validation:rmse': 3 },
      hyperparameters: { eta: 0.01, depth: 5, booster: 'dart' },
    });
  });
});

describe('every metric of the definitions', () => {
  const spec = sampleSpec({
    metrics: [
      { name: 'validation:rmse', regex: 'rmse=(\\S+)' },
      { name: 'train:rmse', regex: 'train=(\\S+)' },
      { name: 'epoch', regex: 'epoch (\\d+)' },
    ],
  });
  const metric = (trialId: number, name: string, value: number, step: number): JournalEvent => ({
    type: 'metric',
    t: 10 + step,
    trialId,
    observation: { metric: name, value, step, line: step },
  });
  function metricsView(): JobView {
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1, spec, specHash: 'h' }];
    finishedTrial(
      events,
      1,
      { eta: 0.1, depth: 3, booster: 'gbtree' },
      { status: 'Completed', objective: 2, finalMetrics: { 'validation:rmse': 2, 'train:rmse': 1.5 } },
      100,
    );
    // The journal's last values feed a metric the outcome lacks (epoch), never one it has (train:rmse).
    events.splice(
      events.length - 1,
      0,
      metric(1, 'train:rmse', 9, 0),
      metric(1, 'epoch', 1, 0),
      metric(1, 'epoch', 2, 1),
    );
    finishedTrial(
      events,
      2,
      { eta: 0.2, depth: 4, booster: 'dart' },
      { status: 'Failed', reason: 'exit 1' },
      3000,
    );
    // A failed trial: the last valid value journaled of each metric, an invalid one skipped.
    events.splice(events.length - 1, 0, metric(2, 'train:rmse', 4, 0), metric(2, 'train:rmse', 3.5, 1), {
      type: 'metric',
      t: 20,
      trialId: 2,
      observation: { metric: 'train:rmse', value: Number.NaN, step: 2, line: 2, invalid: 'nan' },
    });
    return buildJobView(events);
  }

  it('gives each trial its final value of every metric, one column each in CSV, the table and JSON', () => {
    const rows = trialsJson(metricsView());
    expect(rows.map((row) => row.metrics)).toEqual([
      { 'validation:rmse': 2, 'train:rmse': 1.5, epoch: 2 },
      { 'train:rmse': 3.5 },
    ]);
    const csv = trialsCsv(metricsView()).trimEnd().split('\n');
    expect(csv[0]).toBe(
      'trial,eta,depth,booster,status,objective,train:rmse,epoch,start,end,durationSeconds,attempt,reason',
    );
    expect(csv[1]!.split(',').slice(4, 8)).toEqual(['Completed', '2', '1.5', '2']);
    expect(csv[2]!.split(',').slice(4, 8)).toEqual(['Failed', '', '3.5', '']);
    expect(trialsTable(metricsView()).split('\n')[0]).toMatch(/validation:rmse\s+train:rmse\s+epoch\s+start/);
    expect(jobSummary(metricsView()).best?.metrics).toEqual({
      'validation:rmse': 2,
      'train:rmse': 1.5,
      epoch: 2,
    });
    expect(markdownReport(metricsView())).toContain('| trial | validation:rmse | train:rmse | epoch | eta |');
    expect(markdownReport(metricsView())).toMatch(/\| 1 \| 2 \| 1\.5 \| 2 \| 0\.1 \|/);
    const embedded = embeddedReportJob(htmlReport(metricsView()));
    expect(embedded.metricNames).toEqual(['validation:rmse', 'train:rmse', 'epoch']);
    expect(embedded.trials.map((trial) => trial.metrics)).toEqual(rows.map((row) => row.metrics));
  });

  it('gives static hyperparameters back with the types the tuning file gave them', () => {
    const typed = sampleSpec({
      static: { epochs: '120', verbose: 'true', tag: '120' },
      staticTypes: { epochs: 'number', verbose: 'boolean' },
    });
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1, spec: typed, specHash: 'h' }];
    finishedTrial(
      events,
      1,
      { eta: 0.1, depth: 3, booster: 'gbtree' },
      { status: 'Completed', objective: 2 },
      100,
    );
    expect(bestHyperparameters(buildJobView(events))).toEqual({
      epochs: 120,
      verbose: true,
      tag: '120',
      eta: 0.1,
      depth: 3,
      booster: 'gbtree',
    });
  });
});

describe('a job that ended with no successful trial', () => {
  it('reads as failed in the status summary and the Markdown and HTML reports', () => {
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec: sampleSpec(), specHash: 'h' }];
    finishedTrial(
      events,
      1,
      { eta: 0.5, depth: 1, booster: 'dart' },
      { status: 'Failed', reason: 'exit 1' },
      2_000,
    );
    events.push({ type: 'jobFinished', t: 4_000, reason: 'maxTrials; no trial succeeded' });
    const failed = buildJobView(events);
    expect(jobSummary(failed)).toMatchObject({
      status: 'Failed',
      finishReason: 'maxTrials; no trial succeeded',
    });
    expect(markdownReport(failed)).toContain(': failed (maxTrials; no trial succeeded).');
    expect(embeddedReportJob(htmlReport(failed)).summary).toMatchObject({
      status: 'Failed',
      finishReason: 'maxTrials; no trial succeeded',
    });
  });
});

describe('markdown and pictures', () => {
  it('writes a Mermaid chart with each objective and the best so far', () => {
    expect(mermaidChart(view())).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '  title "validation:rmse by trial (line: best so far)"',
        '  x-axis "trial" [1, 2]',
        '  y-axis "validation:rmse" 2.8875 --> 5.3625',
        '  bar [5.25, 3]',
        '  line [5.25, 3]',
        '```',
      ].join('\n'),
    );
  });

  it('escapes names and reasons in the Markdown report', () => {
    const markdown = markdownReport(view());
    expect(markdown).toContain('**Best: 3** (trial 2)');
    expect(markdown).toContain('| booster | dart |');
    // No HTML gets through (`<` and `>` escaped), and a pipe cannot split the table cell.
    expect(markdown).toContain('- trial 3: exit code 1: boom \\| &lt;b&gt;');
    expect(escapeMarkdown('a*b_c|d')).toBe('a\\*b\\_c\\|d');
    // Line-start markup (heading, quote, list) is escaped only there: names such as pr-tune stay readable.
    expect(escapeMarkdown('# pr-tune > x')).toBe('\\# pr-tune &gt; x');
    expect(escapeMarkdown('- item')).toBe('\\- item');
  });

  it('sets the objective axis by completed trials: a stopped trial 4x worse sits on its edge, not squashing them', () => {
    const events = viewEvents();
    finishedTrial(
      events,
      4,
      { eta: 0.2, depth: 2, booster: 'gbtree' },
      { status: 'Stopped', objective: 21, reason: 'early stopping' },
      Date.UTC(2025, 0, 2, 10, 0, 9),
    );
    const svg = objectiveOverTrialsSvg(buildJobView(events))!;
    const yLabels = [...svg.matchAll(/text-anchor="end" fill="#374151">([^<]+)</g)].map((match) =>
      Number(match[1]),
    );
    // Completed trials span 3..5.25: the axis stays there (before, it reached 21).
    expect(Math.max(...yLabels)).toBeLessThan(6);
    expect(svg).toContain('stopped (early value; off-axis ones on the edge)');
    expect(svg).toContain('trial 4 (Stopped): 21;');
    const cys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)" r="4"[^>]*><title>/g)].map((match) =>
      Number(match[1]),
    );
    // The stopped point is on the axis's top edge, inside the chart.
    expect(Math.min(...cys)).toBeGreaterThanOrEqual(54);
  });

  it('draws one point a scored trial, the best in its own colour, on a log axis for a log range', () => {
    const svg = objectiveOverTrialsSvg(view())!;
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('fill="#ea580c"');
    const byEta = objectiveByParameterSvg(view(), sampleSpec().parameters[0]!)!;
    // Decade ticks of the logarithmic eta range [0.001, 1].
    expect(byEta).toContain('>0.001</text>');
    expect(byEta).toContain('>0.01</text>');
    expect(byEta).toContain('>1</text>');
  });

  it('is the dashboard page with the job embedded: self-contained, and the job reads back whole', () => {
    const curves = createMetricCurves();
    const events = viewEvents();
    for (const event of events) curves.add(event);
    const html = htmlReport(buildJobView(events), { curves });
    // Nothing to fetch: no http(s) URL in any src or href, the script and the stylesheet inline.
    expect(html).not.toMatch(/\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).toMatch(/<script type="module">/);
    expect(html).toMatch(/<style>/);
    const embedded = embeddedReportJob(html);
    expect(embedded).toEqual(
      JSON.parse(JSON.stringify(apiJobDetail(buildJobView(events), curves, undefined, 0))),
    );
    expect(embedded.trials.map((trial) => [trial.trial, trial.status, trial.objective])).toEqual([
      [1, 'Completed', 5.25],
      [2, 'Completed', 3],
      [3, 'Failed', undefined],
    ]);
  });

  it('keeps hostile text inside the embedded job: no </script> or <!-- breaks out', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const events: JournalEvent[] = [
      {
        type: 'jobCreated',
        t: 1,
        spec: sampleSpec({
          parameters: [{ type: 'categorical', name: 'booster', values: [hostile, 'gbtree'] }],
        }),
        specHash: 'h',
      },
    ];
    finishedTrial(events, 1, { booster: hostile }, { status: 'Failed', reason: `exit 1: ${hostile}` }, 100);
    const html = htmlReport(buildJobView(events));
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<!--');
    const embedded = embeddedReportJob(html);
    expect(embedded.trials[0]!.hyperparameters.booster).toBe(hostile);
    expect(embedded.trials[0]!.reason).toBe(`exit 1: ${hostile}`);
  });
});
