/**
 * Finds what makes a metric regex slow in a backtracking engine (JavaScript's, Python's `re` that SageMaker uses):
 * a repeated part that itself contains a repeat (star height above one, as `(a+)+$` or `(\d+\.?)*`) or an
 * alternation (`(a|ab)*`), which can take time exponential in the line's length on a line that nearly matches;
 * several repeats in a row (`.*.*x`), whose cost grows as a power of the line's length; and the features that only a
 * backtracking engine runs (backreferences, lookarounds), which keep tunekit from running the regex in its
 * linear-time engine.
 *
 * Star height is the test of the `safe-regex` family: cautious (an unambiguous `(?:\d+\.)*\d+` is flagged too), so
 * its finding is a warning, an error only where tunekit would have to run the regex by backtracking.
 */
import { parseRegexSyntax, type RegexNode } from './regexSyntax.ts';

/** What a regex risks. All offsets are 0-based in the source. */
export interface RegexRisk {
  /** Repeated parts that contain a repeat of their own (the outer repeat's offset). */
  readonly nestedQuantifiers: readonly number[];
  /** Repeated parts that contain an alternation. */
  readonly repeatedAlternations: readonly number[];
  /** Every part repeated more than once at most (`*`, `+`, `{2,}`, `{1,5}`; not `?`). */
  readonly repeats: readonly number[];
  /** Features only a backtracking engine runs. */
  readonly backtrackingFeatures: readonly {
    readonly feature: 'backreference' | 'lookaround';
    readonly at: number;
  }[];
}

type MutableRisk = { -readonly [K in keyof RegexRisk]: RegexRisk[K][number][] };

function repeatsMany(node: RegexNode): boolean {
  return node.type === 'repeat' && node.max > 1;
}

function contains(node: RegexNode, test: (node: RegexNode) => boolean): boolean {
  if (test(node)) return true;
  if (node.type === 'repeat') return contains(node.node, test);
  if (node.type === 'group')
    return node.alternatives.some((sequence) => sequence.some((n) => contains(n, test)));
  return false;
}

const isAlternation = (node: RegexNode): boolean => node.type === 'group' && node.alternatives.length > 1;

function walk(node: RegexNode, risk: MutableRisk): void {
  if (node.type === 'backreference')
    risk.backtrackingFeatures.push({ feature: 'backreference', at: node.at });
  if (node.type === 'group') {
    if (node.lookaround) risk.backtrackingFeatures.push({ feature: 'lookaround', at: node.at });
    for (const sequence of node.alternatives) for (const child of sequence) walk(child, risk);
  }
  if (node.type === 'repeat') {
    if (repeatsMany(node)) {
      risk.repeats.push(node.at);
      if (contains(node.node, repeatsMany)) risk.nestedQuantifiers.push(node.at);
      if (contains(node.node, isAlternation)) risk.repeatedAlternations.push(node.at);
    }
    walk(node.node, risk);
  }
}

/**
 * Reads what a regex risks in a backtracking engine.
 *
 * @param source - JavaScript regex source.
 * @returns The offsets of nested quantifiers, repeated alternations, all repeats and backtracking-only features.
 */
export function regexRisk(source: string): RegexRisk {
  const risk: MutableRisk = {
    nestedQuantifiers: [],
    repeatedAlternations: [],
    repeats: [],
    backtrackingFeatures: [],
  };
  for (const sequence of parseRegexSyntax(source)) for (const node of sequence) walk(node, risk);
  return risk;
}
