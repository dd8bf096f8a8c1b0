/**
 * The note at the end of a trial's log about the lines core's metric parser cut to its bound (MAX_LINE_LENGTH):
 * which lines, and how much of them was read.
 */
import type { LineCut } from '@tunekit/core';

/** Line numbers named in a note about cut lines. */
const NAMED_CUT_LINES = 10;

/**
 * Says which lines the parser cut, for the end of the trial's log.
 *
 * @param cuts - The cut lines, in output order (at least one).
 * @returns One line of text.
 */
export function describeLineCuts(cuts: readonly LineCut[]): string {
  const first = cuts[0]!;
  if (cuts.length === 1) {
    return (
      `[tunekit] line ${first.line} of the output was ${first.length} characters long;` +
      ` metrics were read from its first ${first.kept} only`
    );
  }
  const named = cuts.slice(0, NAMED_CUT_LINES).map((cut) => cut.line);
  const more = cuts.length > NAMED_CUT_LINES ? ', …' : '';
  return (
    `[tunekit] ${cuts.length} lines of the output were longer than ${first.kept} characters` +
    ` (lines ${named.join(', ')}${more}); metrics were read from their first ${first.kept} only`
  );
}
