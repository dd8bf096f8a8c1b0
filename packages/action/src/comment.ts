/**
 * The sticky pull-request comment (and job summary) of one tuning job: the best hyperparameters as a table and
 * as a ready-to-paste `static:` block (the job's reported best: under significant noise the model's choice, said
 * so, with its estimate and the best observed trial beside it), the best objective against the baseline, the
 * top trials, a Mermaid chart GitHub renders, the failed trials with their reasons and last log lines, and a link
 * to the workflow run.
 * Found again by a hidden marker (in a comment the Action's own identity wrote: anyone can copy a marker); kept
 * under GitHub's 65,536-character limit by cutting the trial table. Every name, value, reason and log line is
 * written by the tuning file or the training code, so it goes through the runner's Markdown escaping.
 */
import {
  bestHyperparameters,
  bestObservedTrial,
  bestTrial,
  codeBlock,
  escapeMarkdown,
  formatNumber,
  formatValue,
  inlineCode,
  type JobView,
  mermaidChart,
  metricCells,
  modelChoice,
  otherMetricNames,
  type TrialRecord,
  trialMetrics,
} from '@tunekit/runner';

/** GitHub refuses comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The best result of a run, kept hidden in the comment so the next run on the pull request compares to it. */
export interface RunRecord {
  readonly objective: number;
  readonly hyperparameters: Readonly<Record<string, number | string>>;
  readonly sha?: string;
}

export interface CommentInput {
  readonly view: JobView;
  /** Why the job ended, or why it could not run. */
  readonly outcome: { readonly ok: boolean; readonly message: string };
  /** Link to the workflow run. */
  readonly runUrl?: string;
  /** The commit the job ran on. */
  readonly sha?: string;
  /** The best of the previous run on this pull request. */
  readonly baseline?: RunRecord;
  /** Last log lines of failed trials, by trial id. */
  readonly failedLogs?: ReadonlyMap<number, string>;
  /** Most trials in the top table (cut further to fit the limit). Default 10. */
  readonly topTrials?: number;
  /** The character limit (GitHub's by default; smaller in tests). */
  readonly limit?: number;
}

/**
 * The hidden marker that identifies a job's comment.
 *
 * @param jobName - The tuning job's name.
 * @returns An HTML comment.
 */
export function commentMarker(jobName: string): string {
  return `<!-- tunekit-action job=${jobName} -->`;
}

const DATA_PREFIX = '<!-- tunekit-action-data ';

/** What a comment's hidden record holds: nothing, a valid record, or something else (with what is wrong). */
export type RunRecordRead =
  | { readonly ok: true; readonly record: RunRecord | undefined }
  | { readonly ok: false; readonly problem: string };

const RECORD_KEYS: readonly string[] = ['objective', 'hyperparameters', 'sha'];
const UNSAFE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
/** Most hyperparameters, and longest name or value, a record may hold (a tuning job has far fewer, far shorter). */
const RECORD_MAX_ENTRIES = 1000;
const RECORD_MAX_TEXT = 1000;

/**
 * Reads the previous run's record from a comment written by {@link renderComment}, strictly: only the known keys,
 * a finite objective, hyperparameters that are finite numbers or short strings, a hexadecimal commit sha.
 *
 * @param body - The comment's body.
 * @returns The record (undefined when the comment has none), or what is wrong with it.
 */
export function readRunRecord(body: string): RunRecordRead {
  const start = body.indexOf(DATA_PREFIX);
  if (start < 0) return { ok: true, record: undefined };
  const end = body.indexOf(' -->', start);
  if (end < 0) return { ok: false, problem: 'the record has no end' };
  let data: unknown;
  try {
    data = JSON.parse(body.slice(start + DATA_PREFIX.length, end));
  } catch {
    return { ok: false, problem: 'the record is not JSON' };
  }
  if (!isPlainObject(data)) return { ok: false, problem: 'the record is not an object' };
  const unknown = Object.keys(data).find((key) => !RECORD_KEYS.includes(key));
  if (unknown !== undefined)
    return { ok: false, problem: `unknown key ${JSON.stringify(unknown.slice(0, 40))}` };
  const { objective, hyperparameters, sha } = data;
  if (typeof objective !== 'number' || !Number.isFinite(objective))
    return { ok: false, problem: 'objective is not a finite number' };
  if (!isPlainObject(hyperparameters)) return { ok: false, problem: 'hyperparameters is not an object' };
  const entries = Object.entries(hyperparameters);
  if (entries.length > RECORD_MAX_ENTRIES)
    return { ok: false, problem: 'hyperparameters has too many entries' };
  for (const [name, value] of entries) {
    if (UNSAFE_KEYS.includes(name) || name.length > RECORD_MAX_TEXT)
      return { ok: false, problem: 'a hyperparameter name is not acceptable' };
    const fine =
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= RECORD_MAX_TEXT);
    if (!fine)
      return { ok: false, problem: 'a hyperparameter value is not a finite number or a short string' };
  }
  if (sha !== undefined && (typeof sha !== 'string' || !/^[0-9a-f]{7,40}$/i.test(sha)))
    return { ok: false, problem: 'sha is not a commit sha (7 to 40 hexadecimal digits)' };
  return {
    ok: true,
    record: {
      objective,
      hyperparameters: Object.fromEntries(entries) as Record<string, number | string>,
      ...(sha === undefined ? {} : { sha: sha as string }),
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The comment of a job that could not run (a tuning file that does not load, a checkout that failed).
 *
 * @param input - The job's name when known, why it could not run, and the link to the workflow run.
 * @returns The comment's Markdown.
 */
export function renderFailureComment(input: {
  readonly jobName?: string;
  readonly message: string;
  readonly runUrl?: string;
}): string {
  return [
    ...(input.jobName === undefined ? [] : [commentMarker(input.jobName)]),
    '## tunekit',
    '',
    `❌ The tuning job could not run: ${escapeMarkdown(oneLine(input.message, 2000))}`,
    '',
    ...(input.runUrl === undefined ? [] : [`[Workflow run](${input.runUrl})`, '']),
  ].join('\n');
}

/**
 * Renders the comment.
 *
 * @param input - The job and what to say about it.
 * @returns The comment's Markdown, at most `limit` characters.
 */
export function renderComment(input: CommentInput): string {
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  let top = input.topTrials ?? 10;
  let failedShown = 20;
  for (;;) {
    const body = render(input, top, failedShown);
    if (body.length <= limit) return body;
    if (top > 0) top = Math.floor(top / 2);
    else if (failedShown > 0) failedShown = Math.floor(failedShown / 2);
    else return `${body.slice(0, limit - 120)}\n\n_(cut to stay under GitHub's ${limit}-character limit)_\n`;
  }
}

function render(input: CommentInput, top: number, failedShown: number): string {
  const { view } = input;
  const spec = view.spec;
  const best = bestTrial(view);
  const sign = spec.objective.type === 'Minimize' ? 1 : -1;
  const out: string[] = [commentMarker(view.name)];
  if (best !== undefined) {
    const record: RunRecord = {
      objective: best.objective!,
      hyperparameters: best.params as Record<string, number | string>,
      ...(input.sha === undefined ? {} : { sha: input.sha }),
    };
    out.push(`${DATA_PREFIX}${hiddenJson(record)} -->`);
  }
  const count = (status: string): number => view.trials.filter((trial) => trial.status === status).length;
  out.push(
    `## tunekit: ${escapeMarkdown(view.name)}`,
    '',
    `${input.outcome.ok ? '✅' : '❌'} ${escapeMarkdown(input.outcome.message)}. ${spec.strategy} search, ` +
      `${sign === 1 ? 'minimising' : 'maximising'} ${inlineCode(spec.objective.metric)}: ${view.trials.length} of ` +
      `${spec.limits.maxTrials} trials, ${count('Completed')} completed, ${count('Failed')} failed, ` +
      `${count('Stopped')} stopped early${input.sha === undefined ? '' : ` on ${input.sha.slice(0, 7)}`}.`,
    '',
  );
  if (best === undefined) {
    out.push('**No trial completed**, so there are no best hyperparameters.', '');
  } else {
    const chosen = modelChoice(view);
    out.push(
      `**Best ${escapeMarkdown(spec.objective.metric)}: ${formatNumber(best.objective!)}** (trial ${best.id}` +
        `${chosen === undefined ? '' : ", the model's choice under noise"})`,
    );
    if (chosen !== undefined) out.push('', ...modelChoiceLines(view, chosen));
    out.push('', ...baselineLines(best.objective!, sign, input.baseline), '');
    out.push('| hyperparameter | value |', '| --- | --- |');
    for (const [name, value] of Object.entries(best.params)) {
      out.push(`| ${escapeMarkdown(name)} | ${escapeMarkdown(formatValue(value))} |`);
    }
    out.push(
      '',
      "<details><summary>Ready to paste into the tuning file's <code>static</code> block</summary>",
      '',
      '```yaml',
      'static:',
      ...Object.entries(bestHyperparameters(view) ?? {}).map(
        ([name, value]) => `  ${yamlKey(name)}: ${yamlValue(value)}`,
      ),
      '```',
      '',
      '</details>',
      '',
    );
  }
  const chart = mermaidChart(view);
  if (chart !== undefined) out.push(chart, '');
  out.push(...topTable(view, top, sign));
  const failed = view.trials.filter((trial) => trial.status === 'Failed');
  if (failed.length > 0) {
    out.push(`### Failed trials (${failed.length})`, '');
    for (const trial of failed.slice(0, failedShown)) {
      out.push(
        `- trial ${trial.id}: ${escapeMarkdown(oneLine(trial.failureReason ?? 'no reason recorded', 300))}`,
      );
      const log = input.failedLogs?.get(trial.id);
      if (log !== undefined && log.trim() !== '') {
        out.push(
          '',
          '  <details><summary>last log lines</summary>',
          '',
          codeBlock(log, '  '),
          '',
          '  </details>',
        );
      }
    }
    if (failed.length > failedShown)
      out.push(`- and ${failed.length - failedShown} more (see the job summary)`);
    out.push('');
  }
  if (input.runUrl !== undefined) out.push(`[Workflow run](${input.runUrl})`, '');
  return `${out.join('\n')}\n`;
}

/**
 * JSON for the hidden record: `<` and `>` escaped so no value ends the HTML comment, `@`, `#` and `&` so no value
 * reads as a mention, a reference or an entity to GitHub (JSON.parse reads the `\\u` escapes back unchanged).
 */
function hiddenJson(record: RunRecord): string {
  return JSON.stringify(record).replace(
    /[<>@#&]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Under significant noise: why the reported best is the model's choice, its observed value beside the model's
 * estimate, and the best observed trial beside it (whose value is partly the luckiest draw of the noise).
 */
function modelChoiceLines(view: JobView, chosen: NonNullable<ReturnType<typeof modelChoice>>): string[] {
  const { trial, recommendation } = chosen;
  const observed = bestObservedTrial(view);
  const metric = view.spec.objective.metric;
  const row = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [
    `The objective is noisy (the model puts the noise's standard deviation at ` +
      `${escapeMarkdown(formatNumber(recommendation.noiseStd))}), so the best observed value is partly the ` +
      `luckiest draw: the reported best is the completed trial the model estimates best, from ` +
      `${escapeMarkdown(formatNumber(recommendation.basedOn))} completed trials, with the best observed trial ` +
      `beside it.`,
    '',
    row(['', 'trial', `observed ${metric}`, "the model's estimate"]),
    '| --- | --- | --- | --- |',
    row([
      "reported best (the model's choice)",
      String(trial.id),
      formatNumber(trial.objective!),
      formatNumber(recommendation.estimate),
    ]),
    ...(observed === undefined
      ? []
      : [
          row([
            'best observed',
            String(observed.id),
            formatNumber(observed.objective!),
            observed.id === trial.id ? formatNumber(recommendation.estimate) : '',
          ]),
        ]),
  ];
}

function baselineLines(bestObjective: number, sign: number, baseline: RunRecord | undefined): string[] {
  if (baseline === undefined)
    return ['No baseline yet: the next run on this pull request compares to this one.'];
  const delta = bestObjective - baseline.objective;
  const better = sign * delta < 0;
  const relative =
    baseline.objective === 0 ? '' : ` (${((delta / Math.abs(baseline.objective)) * 100).toFixed(1)}%)`;
  return [
    `Baseline (best of the previous run${baseline.sha === undefined ? '' : ` on ${baseline.sha.slice(0, 7)}`}): ` +
      `${formatNumber(baseline.objective)}; this run is ${delta === 0 ? 'equal' : better ? '**better**' : 'worse'}` +
      `${delta === 0 ? '' : ` by ${formatNumber(Math.abs(delta))}${relative}`}.`,
  ];
}

function topTable(view: JobView, top: number, sign: number): string[] {
  const scored = view.trials.filter(
    (trial): trial is TrialRecord & { objective: number } =>
      trial.status === 'Completed' && trial.objective !== undefined && Number.isFinite(trial.objective),
  );
  if (scored.length === 0) return [];
  const ranked = [...scored].sort((a, b) => sign * (a.objective - b.objective) || a.id - b.id);
  const shown = ranked.slice(0, top);
  const names = view.spec.parameters.map((parameter) => parameter.name);
  const metrics = otherMetricNames(view);
  const lines = [`### Top ${shown.length} of ${scored.length} completed trials`, ''];
  if (shown.length > 0) {
    const header = ['trial', view.spec.objective.metric, ...metrics, ...names];
    lines.push(
      `| ${header.map(escapeMarkdown).join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...shown.map(
        (trial) =>
          `| ${[
            String(trial.id),
            formatNumber(trial.objective),
            ...metricCells(trialMetrics(trial, view.spec), metrics),
            ...names.map((name) => formatValue(trial.params[name])),
          ]
            .map(escapeMarkdown)
            .join(' | ')} |`,
      ),
    );
  }
  if (shown.length < Math.min(scored.length, 10)) {
    lines.push(
      '',
      `_The table was cut to ${shown.length} trials to stay under GitHub's comment size limit._`,
    );
  }
  lines.push('');
  return lines;
}

function oneLine(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

function yamlKey(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : yamlQuoted(name);
}

/**
 * A plain scalar when YAML reads it back as the same value (numbers, booleans, plain words), otherwise a
 * double-quoted string: a string that looks like a number stays quoted, so the pasted block keeps the types the
 * tuning file gave (`tunekit best` gives them back).
 */
function yamlValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  const plainWord = /^[A-Za-z_][\w.-]*$/.test(text) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(text);
  return plainWord ? text : yamlQuoted(text);
}

/** A YAML double-quoted string (JSON's escapes are YAML's); `<` and `>` as \u escapes so no HTML reaches the page. */
function yamlQuoted(text: string): string {
  return JSON.stringify(text).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
}
