/**
 * Compiles a metric regex into a matcher whose cost on a line is linear in the line's length: RE2's algorithm
 * (the `re2js` port, pure JavaScript) runs every regex it can, so neither a hostile regex (`(a+)+$`) nor an
 * innocent one with several `.*` (SageMaker's own built-in regexes take half a minute on a 16 KiB line in a
 * backtracking engine) can hang the tuner. A regex that needs backtracking (a backreference, a lookahead) runs in
 * JavaScript's engine on at most {@link BACKTRACKING_MAX_INPUT} characters of a line.
 *
 * `#011` in a regex stands for a tab, as in the regexes SageMaker users write against CloudWatch's text, so that
 * the same regex matches a local process's real tabs and CloudWatch's `#011` (which the parser turns into tabs).
 */
import { RE2JS } from 're2js';
import { regexLiterals } from './regexLiterals.ts';

/** Characters of a line that a regex running in JavaScript's backtracking engine sees. */
export const BACKTRACKING_MAX_INPUT = 1024;

/** A compiled metric regex. */
export interface MetricMatcher {
  /** `linear` (RE2) or `backtracking` (JavaScript's engine, on a shortened line). */
  readonly engine: 'linear' | 'backtracking';
  /**
   * Runs the regex on one line.
   *
   * @returns The first capture group's text, or undefined when the regex does not match or the group took no part.
   */
  firstGroup(line: string): string | undefined;
}

/**
 * Rewrites `#011` (CloudWatch's tab) as the regex escape `\t`.
 *
 * @param source - Regex source from a metric definition.
 * @returns The source with tabs spelled `\t`.
 */
export function withCloudWatchTabs(source: string): string {
  return source.replaceAll('#011', '\\t');
}

/**
 * Compiles a metric definition's regex.
 *
 * @param source - The regex source (JavaScript syntax; it compiled in checkMetricDefinitions).
 * @returns The matcher.
 * @throws SyntaxError when the source does not compile as a JavaScript regex.
 */
export function compileMetricRegex(source: string): MetricMatcher {
  const translated = withCloudWatchTabs(source);
  const native = new RegExp(translated);
  const required = regexLiterals(translated).required;
  const mayMatch = (line: string): boolean => required.every((literal) => line.includes(literal));
  let linear: RE2JS | undefined;
  try {
    linear = RE2JS.compile(translated);
  } catch {
    linear = undefined;
  }
  if (linear === undefined) {
    return {
      engine: 'backtracking',
      firstGroup(line) {
        const bounded = line.length > BACKTRACKING_MAX_INPUT ? line.slice(0, BACKTRACKING_MAX_INPUT) : line;
        if (!mayMatch(bounded)) return undefined;
        return native.exec(bounded)?.[1];
      },
    };
  }
  const matcher = linear.matcher('');
  return {
    engine: 'linear',
    firstGroup(line) {
      if (!mayMatch(line)) return undefined;
      matcher.resetMatcherInput(line);
      if (!matcher.find()) return undefined;
      return matcher.group(1) ?? undefined;
    },
  };
}
