/**
 * The output lines that came closest to a metric's regex, quoted in the reason of a trial whose objective never
 * matched ("no value of validation:rmse matched …; the closest lines: …") so that the user sees at once what the
 * script printed instead, such as `validation-rmse=3.1` against a regex that expects a colon.
 *
 * A line scores for each piece of evidence: the metric's whole name (case-insensitive), each word of the name,
 * the longest start of the regex's literal prefix it contains, each literal fragment of the regex, and holding a
 * number. Lines that score nothing are left out; ties go to the later line (the most recent output).
 */
import type { MetricDefinition } from '../spec/types.ts';
import { cleanOutputText } from './cleanOutputText.ts';
import { withCloudWatchTabs } from './compileMetricRegex.ts';
import { regexLiterals } from './regexLiterals.ts';
import { parseRegexSyntax } from './regexSyntax.ts';

/** Characters of a line that are scored. */
const SCORED_CHARS = 2048;
const NUMBER = /[0-9]/;

/** The literal text the regex starts with (`validation-rmse:` for `validation-rmse:([0-9.]+)`). */
function literalPrefix(source: string): string {
  const top = parseRegexSyntax(source);
  if (top.length !== 1) return '';
  let prefix = '';
  for (const node of top[0]!) {
    if (node.type === 'literal') prefix += node.char;
    else if (node.type === 'assertion' && prefix === '') continue;
    else break;
  }
  return prefix;
}

/** Length of the longest start of `prefix` found in `text` (both lower-cased). */
function longestPrefixFound(text: string, prefix: string): number {
  let low = 0;
  let high = prefix.length;
  // Containing a start of length k implies containing every shorter start: binary search.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (text.includes(prefix.slice(0, middle))) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Ranks output lines by how close they came to a metric's regex.
 *
 * @param lines - Output lines, oldest first.
 * @param definition - The metric definition that never matched.
 * @param count - How many lines to return at most.
 * @returns Up to `count` distinct lines (carriage-return segments on their own, cleaned of escape sequences),
 *   closest first; empty when no line resembles the metric at all.
 */
export function closestLines(
  lines: readonly string[],
  definition: MetricDefinition,
  count: number,
): string[] {
  if (count <= 0) return [];
  const source = withCloudWatchTabs(definition.regex);
  const name = definition.name.toLowerCase();
  const words = [...new Set(name.split(/[^a-z0-9]+/).filter((word) => word.length >= 2))];
  const prefix = literalPrefix(source).toLowerCase();
  const fragments = [...new Set(regexLiterals(source).fragments.map((fragment) => fragment.toLowerCase()))];
  const scored: { line: string; score: number; index: number }[] = [];
  const seen = new Set<string>();
  // Each carriage-return segment of a line (a progress bar's redraw) is a candidate of its own.
  const candidates = lines.flatMap((line) => line.split('\r'));
  for (let index = candidates.length - 1; index >= 0; index -= 1) {
    const line = cleanOutputText(candidates[index]!);
    if (line.trim() === '' || seen.has(line)) continue;
    seen.add(line);
    const text = line.slice(0, SCORED_CHARS).toLowerCase();
    let score = 0;
    if (name !== '' && text.includes(name)) score += 4;
    for (const word of words) if (text.includes(word)) score += 2 / words.length;
    if (prefix.length >= 2) {
      // A start of one or two characters (`[`, `lo`) is no evidence unless it is the whole prefix.
      const found = longestPrefixFound(text, prefix);
      if (found >= Math.min(3, prefix.length)) score += (3 * found) / prefix.length;
    }
    for (const fragment of fragments) if (text.includes(fragment)) score += 1;
    if (score === 0) continue;
    if (NUMBER.test(text)) score += 0.5;
    scored.push({ line, score, index });
  }
  scored.sort((a, b) => b.score - a.score || b.index - a.index);
  return scored.slice(0, count).map((entry) => entry.line);
}
