/**
 * The literal text in a metric regex: the runs a match must contain (a cheap `includes` test skips lines that
 * cannot match before any regex engine runs), and every run, for ranking lines that came close to matching.
 *
 * @internal
 */
import { parseRegexSyntax, type RegexNode } from './regexSyntax.ts';

/** Literal runs of a regex. */
export interface RegexLiterals {
  /** Runs of text every match contains (outside alternations, optional parts and lookarounds), longest first. */
  readonly required: readonly string[];
  /** Every run of two or more literal characters anywhere in the regex, in source order. */
  readonly fragments: readonly string[];
}

/** Appends the runs of one sequence; `required` is false inside optional parts. */
function collect(
  sequence: readonly RegexNode[],
  required: boolean,
  out: { required: string[]; fragments: string[] },
): void {
  let run = '';
  const flush = (): void => {
    if (run.length >= 2) out.fragments.push(run);
    if (required && run.length > 0) out.required.push(run);
    run = '';
  };
  for (const node of sequence) {
    if (node.type === 'literal') {
      run += node.char;
      continue;
    }
    flush();
    if (node.type === 'group') {
      const single = node.alternatives.length === 1 && !node.lookaround;
      for (const alternative of node.alternatives) collect(alternative, required && single, out);
    } else if (node.type === 'repeat') {
      // The body of a repeat that must run at least once is required, but it does not join its neighbours.
      const body = node.node.type === 'group' ? node.node.alternatives : [[node.node]];
      const single = body.length === 1 && !(node.node.type === 'group' && node.node.lookaround);
      for (const alternative of body) collect(alternative, required && single && node.min >= 1, out);
    }
  }
  flush();
}

/**
 * Finds the literal runs of a regex.
 *
 * @param source - JavaScript regex source.
 * @returns The required runs (longest first) and every fragment.
 */
export function regexLiterals(source: string): RegexLiterals {
  const out = { required: [] as string[], fragments: [] as string[] };
  const top = parseRegexSyntax(source);
  for (const alternative of top) collect(alternative, top.length === 1, out);
  out.required.sort((a, b) => b.length - a.length);
  return out;
}
