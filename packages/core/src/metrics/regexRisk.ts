/**
 * Finds what makes a metric regex slow in a backtracking engine (JavaScript's, Python's `re` that SageMaker uses):
 * a repeated part that itself contains a repeat (star height above one, as `(a+)+$` or `(\d+\.?)*`), which can take
 * time exponential in the line's length on a line that nearly matches; and the features that only a backtracking
 * engine runs (backreferences, lookarounds), which keep tunekit from running the regex in its linear-time engine.
 *
 * Star height is the test of the `safe-regex` family: cautious (an unambiguous `(?:\d+\.)*\d+` is flagged too), so
 * its finding is a warning.
 */
import { parseRegexSyntax, type RegexNode } from './regexSyntax.ts';

/** What a regex risks. */
export interface RegexRisk {
  /** 0-based offsets of repeated parts that contain a repeat of their own (the outer repeat's start). */
  readonly nestedQuantifiers: readonly number[];
  /** Features only a backtracking engine runs, with their 0-based offsets. */
  readonly backtrackingFeatures: readonly {
    readonly feature: 'backreference' | 'lookaround';
    readonly at: number;
  }[];
}

/** True when the node repeats more than once at most (`*`, `+`, `{2,}`, `{1,5}`; not `?`). */
function repeatsMany(node: RegexNode): boolean {
  return node.type === 'repeat' && node.max > 1;
}

function containsRepeat(node: RegexNode): boolean {
  if (repeatsMany(node)) return true;
  if (node.type === 'repeat') return containsRepeat(node.node);
  if (node.type === 'group') return node.alternatives.some((sequence) => sequence.some(containsRepeat));
  return false;
}

function walk(
  node: RegexNode,
  risk: { nestedQuantifiers: number[]; backtrackingFeatures: RegexRisk['backtrackingFeatures'][number][] },
): void {
  if (node.type === 'backreference')
    risk.backtrackingFeatures.push({ feature: 'backreference', at: node.at });
  if (node.type === 'group') {
    if (node.lookaround) risk.backtrackingFeatures.push({ feature: 'lookaround', at: node.at });
    for (const sequence of node.alternatives) for (const child of sequence) walk(child, risk);
  }
  if (node.type === 'repeat') {
    if (repeatsMany(node) && containsRepeat(node.node)) risk.nestedQuantifiers.push(node.at);
    walk(node.node, risk);
  }
}

/**
 * Reads what a regex risks in a backtracking engine.
 *
 * @param source - JavaScript regex source.
 * @returns The offsets of nested quantifiers and of backtracking-only features; both empty for a safe regex.
 */
export function regexRisk(source: string): RegexRisk {
  const risk = {
    nestedQuantifiers: [] as number[],
    backtrackingFeatures: [] as RegexRisk['backtrackingFeatures'][number][],
  };
  for (const sequence of parseRegexSyntax(source)) for (const node of sequence) walk(node, risk);
  return risk;
}
