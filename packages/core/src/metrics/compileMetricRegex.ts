/**
 * Compiles a metric regex into a matcher whose cost on a line is linear in the line's length. The most common
 * shape, literal text then one repeated character class captured at the very end (`loss=([0-9.]+)`,
 * `validation-rmse:(\S+)`), runs in JavaScript's own engine, fast, because nothing follows the repeat that could
 * fail and make it backtrack. Everything else goes to RE2's algorithm
 * (the `re2js` port, pure JavaScript) runs every regex it can, so neither a hostile regex (`(a+)+$`) nor an
 * innocent one with several `.*` (SageMaker's own built-in regexes take half a minute on a 16 KiB line in a
 * backtracking engine) can hang the tuner. A regex that needs backtracking (a backreference, a lookahead) runs in
 * JavaScript's engine on at most {@link BACKTRACKING_MAX_INPUT} characters of a line, and only when it has at
 * most one repeat (hangingRegexProblem.ts refuses the others).
 *
 * `#011` in a regex stands for a tab, as in the regexes SageMaker users write against CloudWatch's text, so that
 * the same regex matches a local process's real tabs and CloudWatch's `#011` (which the parser turns into tabs).
 */
import { RE2JS } from 're2js';
import { regexLiterals } from './regexLiterals.ts';
import { parseRegexSyntax, type RegexNode } from './regexSyntax.ts';

/** Characters of a line that a regex running in JavaScript's backtracking engine sees. */
export const BACKTRACKING_MAX_INPUT = 1024;

/** A compiled metric regex. */
export interface MetricMatcher {
  /**
   * `simple` (JavaScript's engine on a regex that cannot backtrack), `linear` (RE2), or `backtracking`
   * (JavaScript's engine, on a shortened line).
   */
  readonly engine: 'simple' | 'linear' | 'backtracking';
  /**
   * Runs the regex on one line.
   *
   * @param line - The cleaned line (or carriage-return segment), without its line end.
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
 * True for `^`? literal characters, then a capture group holding one repeated character (class) and nothing after
 * it: every start position either fails inside the literal text or matches, so JavaScript's engine never
 * backtracks into the repeat.
 */
function isSimple(source: string): boolean {
  const top = parseRegexSyntax(source);
  if (top.length !== 1) return false;
  const sequence = top[0]!;
  const last = sequence[sequence.length - 1];
  if (last?.type !== 'group' || !last.capturing || last.alternatives.length !== 1) return false;
  const inner = last.alternatives[0]!;
  const repeat: RegexNode | undefined = inner[0];
  if (inner.length !== 1 || repeat?.type !== 'repeat') return false;
  if (repeat.node.type !== 'set' && repeat.node.type !== 'literal') return false;
  return sequence
    .slice(0, -1)
    .every(
      (node, index) =>
        node.type === 'literal' || (index === 0 && node.type === 'assertion' && source.startsWith('^')),
    );
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
  if (isSimple(translated)) {
    return { engine: 'simple', firstGroup: (line) => (mayMatch(line) ? native.exec(line)?.[1] : undefined) };
  }
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
  const compiled = linear;
  return {
    engine: 'linear',
    firstGroup: (line) => (mayMatch(line) ? (compiled.exec(line)?.[1] ?? undefined) : undefined),
  };
}
