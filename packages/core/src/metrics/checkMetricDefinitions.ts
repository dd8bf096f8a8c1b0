/**
 * Up-front checks of a tuning file's metric definitions, so that a regex that cannot match or an objective that
 * names no definition fails at validation instead of after the first training job (where SageMaker users meet it).
 */
import type { Issue } from '../errors.ts';
import { didYouMean } from '../spec/editDistance.ts';
import type { MetricDefinition } from '../spec/types.ts';
import { controlCharacterProblem, RESERVED_NAMES, reservedNameMessage } from '../userText.ts';
import { hangingRegexProblem } from './hangingRegexProblem.ts';

/** SageMaker's limit on metric definitions a training job. */
export const MAX_METRIC_DEFINITIONS = 40;
/** SageMaker's `MetricDefinition.Name` is 1 to 255 characters. */
export const MAX_METRIC_NAME_LENGTH = 255;
/** SageMaker's `MetricDefinition.Regex` is 1 to 500 characters. */
export const MAX_METRIC_REGEX_LENGTH = 500;

type Path = (string | number)[];

/**
 * Counts the capture groups of a compiled regex: the alternation with the empty regex always matches the empty
 * string, and the match has one slot a group.
 */
function captureGroupCount(regex: RegExp): number {
  const probe = new RegExp(`${regex.source}|`, regex.flags.replace(/[gy]/g, ''));
  return (probe.exec('')?.length ?? 1) - 1;
}

/** Longest engine message kept in an issue. */
const MAX_REASON_LENGTH = 200;

/**
 * The engine's reason for refusing a regex, without the regex it echoes (`Invalid regular expression: /…/: reason`
 * repeats the whole source, which the issue's path already names), cut to {@link MAX_REASON_LENGTH} characters.
 */
function engineReason(error: unknown, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(`/${source}/`, '/…/')
    .replace(/^Invalid regular expression: \/…\/[a-z]*: /, '');
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;
}

/** What to change when JavaScript refuses a regex, with the common Python spellings named. */
function compileAdvice(source: string): string {
  if (/\(\?P</.test(source)) return ' (Python\'s "(?P<name>...)" is "(?<name>...)" in JavaScript)';
  if (/\(\?P=/.test(source)) return ' (Python\'s "(?P=name)" is "\\k<name>" in JavaScript)';
  if (/\(\?[aiLmsux]+\)/.test(source))
    return ' (inline flags such as "(?i)" are not supported in JavaScript)';
  return '';
}

/**
 * The regex with its value in a capture group: a trailing value pattern (`\\S+`, `[0-9.]+`, `.*`) wrapped, or a
 * number pattern appended when the regex ends otherwise.
 */
function captureAdvice(regex: string): string {
  const tail = /(?:\\[SdwD]|\[[^\]]*\]|\.)[+*]$/.exec(regex);
  if (tail !== null && tail.index > 0) return `${regex.slice(0, tail.index)}(${regex.slice(tail.index)})`;
  return `${regex}([0-9.eE+-]+)`;
}

function checkRegex(definition: MetricDefinition, path: Path, issues: Issue[]): void {
  const { regex } = definition;
  if (typeof regex !== 'string' || regex.length === 0) {
    issues.push({
      code: 'metric.regexEmpty',
      path: [...path, 'regex'],
      message: 'must be a regex whose first capture group is the value, for example "loss: (\\S+)"',
    });
    return;
  }
  if (regex.length > MAX_METRIC_REGEX_LENGTH) {
    // Not compiled: a regex of 200,000 characters overflows V8's regex compiler, and nothing more need be said.
    issues.push({
      code: 'metric.regexTooLong',
      path: [...path, 'regex'],
      message: `is ${regex.length} characters; SageMaker allows at most ${MAX_METRIC_REGEX_LENGTH}: shorten it`,
    });
    return;
  }
  let groups: number;
  try {
    // V8 compiles lazily: a regex too large for the engine fails at its first exec, inside captureGroupCount.
    groups = captureGroupCount(new RegExp(regex));
  } catch (error) {
    issues.push({
      code: 'metric.regexInvalid',
      path: [...path, 'regex'],
      message: `does not compile as a JavaScript regex: ${engineReason(error, regex)}${compileAdvice(regex)}`,
    });
    return;
  }
  if (groups === 0) {
    issues.push({
      code: 'metric.regexNoCapture',
      path: [...path, 'regex'],
      message: `has no capture group: put the value in parentheses, for example "${captureAdvice(regex)}"`,
    });
  }
  const hanging = hangingRegexProblem(regex);
  if (hanging !== undefined)
    issues.push({ code: 'metric.regexCatastrophic', path: [...path, 'regex'], message: hanging });
}

/**
 * Checks metric definitions: at most 40, names non-empty and unique, regexes that compile as JavaScript regexes
 * and have a capture group, none that could hang the tuner (hangingRegexProblem.ts), and the objective metric among
 * the names.
 *
 * @param metrics - The definitions, in the tuning file's order.
 * @param objectiveMetric - The name of the objective metric.
 * @param basePath - Path of the definitions' list (`['metrics']`); issue paths extend it.
 * @returns Every problem found, empty when the definitions are sound.
 */
export function checkMetricDefinitions(
  metrics: readonly MetricDefinition[],
  objectiveMetric: string,
  basePath: readonly (string | number)[],
): Issue[] {
  const issues: Issue[] = [];
  if (metrics.length === 0) {
    issues.push({
      code: 'metric.none',
      path: [...basePath],
      message: `needs at least one metric definition, the objective "${objectiveMetric}" among them`,
    });
  }
  if (metrics.length > MAX_METRIC_DEFINITIONS) {
    issues.push({
      code: 'metric.tooMany',
      path: [...basePath],
      message: `has ${metrics.length} definitions; SageMaker allows at most ${MAX_METRIC_DEFINITIONS}: drop some`,
    });
  }
  const seen = new Map<string, number>();
  metrics.forEach((definition, index) => {
    const path: Path = [...basePath, index];
    const { name } = definition;
    if (typeof name !== 'string' || name.trim() === '') {
      issues.push({ code: 'metric.nameEmpty', path: [...path, 'name'], message: 'must be a non-empty name' });
    } else if (name.length > MAX_METRIC_NAME_LENGTH) {
      issues.push({
        code: 'metric.nameTooLong',
        path: [...path, 'name'],
        message: `is ${name.length} characters; SageMaker allows at most ${MAX_METRIC_NAME_LENGTH}`,
      });
    } else if (controlCharacterProblem(name, 'name') !== undefined) {
      // SageMaker's own pattern for metric names (`.+`) excludes line breaks; a name is a column of reports.
      issues.push({
        code: 'metric.nameInvalid',
        path: [...path, 'name'],
        message: `${JSON.stringify(name)} ${controlCharacterProblem(name, 'name')}`,
      });
    } else if (RESERVED_NAMES.includes(name)) {
      issues.push({
        code: 'metric.nameInvalid',
        path: [...path, 'name'],
        message: reservedNameMessage(name, 'a metric name'),
      });
    } else if (seen.has(name)) {
      issues.push({
        code: 'metric.duplicateName',
        path: [...path, 'name'],
        message: `"${name}" is already defined at ${basePath.join('.')}[${seen.get(name)}]: give each metric its own name`,
      });
    } else {
      seen.set(name, index);
    }
    checkRegex(definition, path, issues);
  });
  if (metrics.length > 0 && !seen.has(objectiveMetric)) {
    const names = [...seen.keys()];
    issues.push({
      code: 'metric.objectiveUndefined',
      path: [...basePath],
      message:
        `has no definition named ${JSON.stringify(objectiveMetric)}, the objective metric${didYouMean(objectiveMetric, names)}` +
        ` (defined: ${names.map((n) => `"${n}"`).join(', ')}); add one or change objective.metric`,
    });
  }
  return issues;
}
