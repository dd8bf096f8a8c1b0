/**
 * The one place where the local executor calls core's metric parsing, so that the rest of the executor does not
 * depend on its exact shape: core's streaming parser (chunks, `\r` progress bars, ANSI codes, CloudWatch's `#011`,
 * lines bounded at MAX_LINE_LENGTH, regexes in a linear-time engine) and its ranking of the lines closest to a
 * regex that never matched.
 */
import {
  closestLines,
  createMetricParser,
  type LineCut,
  type MetricDefinition,
  type MetricObservation,
} from '@tunekit/core';

/** A streaming parser of one trial's output. */
export interface OutputMetricParser {
  /** Takes output text (whole lines from the executor, or pieces of one); returns the observations it completes. */
  push(text: string): MetricObservation[];
  /** The output ended; returns the observations of what was left. */
  end(): MetricObservation[];
}

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

/**
 * Creates the parser of a trial's output.
 *
 * @param definitions - The tuning file's metric definitions.
 * @param onLineCut - Hears of every line cut to core's bound.
 * @returns The parser.
 */
export function parseOutputMetrics(
  definitions: readonly MetricDefinition[],
  onLineCut?: (cut: LineCut) => void,
): OutputMetricParser {
  return createMetricParser(definitions, onLineCut === undefined ? {} : { onLineCut });
}

/**
 * The lines of output closest to a metric's regex, for the reason of a trial whose objective never matched.
 *
 * @param lines - Output lines.
 * @param definition - The metric.
 * @param count - Lines wanted at most.
 * @returns The closest lines, best first.
 */
export function suggestClosestLines(
  lines: readonly string[],
  definition: MetricDefinition,
  count: number,
): string[] {
  return closestLines(lines, definition, count);
}
