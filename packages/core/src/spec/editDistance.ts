/**
 * Edit distance and "did you mean" suggestions for unknown keys and misspelt enum values.
 */

/**
 * Levenshtein distance (insertions, deletions, substitutions, each costing 1) between two strings.
 *
 * @param a - First string.
 * @param b - Second string.
 * @returns The number of single-character edits that turn `a` into `b`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `input`, if it is close enough to be a likely typo.
 *
 * Case is ignored. A candidate that only differs in case wins, then one that the input begins (`timeout`
 * suggests `timeoutSeconds`), then the nearest candidate within max(2, half the input's length) edits,
 * ties going to the earlier candidate.
 *
 * @param input - What the user wrote.
 * @param candidates - The admissible words.
 * @returns The suggestion, or undefined when nothing is close.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  if (lower.length >= 3) {
    const prefixed = candidates.find((candidate) => candidate.toLowerCase().startsWith(lower));
    if (prefixed !== undefined) return prefixed;
  }
  const budget = Math.max(2, Math.ceil(input.length / 2));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = suggest(input, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}
