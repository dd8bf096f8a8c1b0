/**
 * The streaming metric parser: a training job's output goes in as it comes, in chunks split anywhere, and the
 * metric observations come out, each with its metric, value, 1-based line number and 0-based step.
 *
 * How output becomes the text that regexes see:
 * - Lines end at `\n`; a `\r` before it (`\r\n`) is dropped.
 * - A carriage return inside a line (a progress bar redrawn in place) ends a segment: each `\r`-separated segment is
 *   one state of the terminal's line, and is parsed on its own as soon as its `\r` arrives, so a bar that prints
 *   `loss=0.31` on every redraw gives one observation a redraw (all of them on the same line number). Segments are
 *   not overlaid the way a terminal would draw a shorter one over a longer one: progress bars pad with spaces.
 *   Empty segments are skipped.
 * - ANSI escape sequences are removed and CloudWatch's `#011` turns back into a tab (see cleanOutputText.ts).
 * - A segment longer than `maxLineLength` (default {@link MAX_LINE_LENGTH}) is cut to its first `maxLineLength`
 *   characters; only those are kept in memory, regexes see only them, and `onLineCut` hears of it (once a line:
 *   of its first cut segment).
 *
 * Every definition is tried on every segment, in the definitions' order; a definition gives at most one value a
 * segment, its regex's first capture group (SageMaker's rule), read by parseMetricValue. A regex that matches with
 * its first group taking no part gives nothing. Regexes run in a linear-time engine (compileMetricRegex.ts).
 */
import { TunekitError } from '../errors.ts';
import type { MetricDefinition } from '../spec/types.ts';
import type { MetricObservation } from '../tuner/types.ts';
import { cleanOutputText } from './cleanOutputText.ts';
import { compileMetricRegex, type MetricMatcher } from './compileMetricRegex.ts';
import { hangingRegexProblem } from './hangingRegexProblem.ts';
import { parseMetricValue } from './parseMetricValue.ts';

/** Characters of one line (or carriage-return segment) that the parser keeps and its regexes see: 16 KiB. */
export const MAX_LINE_LENGTH = 16 * 1024;

/** A segment of output longer than the bound, cut to it. */
export interface LineCut {
  /** 1-based line number. */
  readonly line: number;
  /** The segment's length in characters before the cut (escape sequences included). */
  readonly length: number;
  /** Characters kept. */
  readonly kept: number;
}

/** Options of {@link createMetricParser}. */
export interface MetricParserOptions {
  /** Characters of a line kept and matched; default {@link MAX_LINE_LENGTH}. */
  readonly maxLineLength?: number;
  /** Hears of the first cut segment of each line, when its end (or the output's) arrives. */
  readonly onLineCut?: (cut: LineCut) => void;
  /** Stamps each observation's `time` (epoch ms) when given. */
  readonly now?: () => number;
}

/** A streaming parser of one training job's output. */
export interface MetricParser {
  /**
   * Takes the next chunk of output, split anywhere (even inside `\r\n` or an escape sequence).
   *
   * @param chunk - Decoded output text.
   * @returns The observations of the segments the chunk completed, in output order.
   */
  push(chunk: string): MetricObservation[];
  /**
   * The output has ended: parses the last segment, which had no line end.
   *
   * @returns Its observations.
   */
  end(): MetricObservation[];
}

/**
 * Creates a streaming parser for a job's metric definitions.
 *
 * @param definitions - Metric definitions (checked by checkMetricDefinitions).
 * @param options - Line bound, cut listener, clock.
 * @returns The parser.
 * @throws TunekitError `invalidArgument` when a regex does not compile or `maxLineLength` is not a positive integer.
 * @example
 * const parser = createMetricParser([{ name: 'loss', regex: 'loss=(\\S+)' }]);
 * parser.push('epoch 1 loss=0.5\nepoch 2 lo');
 * parser.push('ss=0.4\n'); // [{ metric: 'loss', value: 0.4, line: 2, step: 1 }]
 */
export function createMetricParser(
  definitions: readonly MetricDefinition[],
  options: MetricParserOptions = {},
): MetricParser {
  const maxLineLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  if (!Number.isInteger(maxLineLength) || maxLineLength < 1) {
    throw new TunekitError(
      'invalidArgument',
      `maxLineLength must be a positive integer, not ${maxLineLength}`,
    );
  }
  const matchers = definitions.map((definition, index) => {
    let matcher: MetricMatcher;
    try {
      matcher = compileMetricRegex(definition.regex);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TunekitError('invalidArgument', `metrics[${index}].regex does not compile: ${reason}`, {
        cause: error,
      });
    }
    const hanging = matcher.engine === 'backtracking' ? hangingRegexProblem(definition.regex) : undefined;
    if (hanging !== undefined)
      throw new TunekitError('invalidArgument', `metrics[${index}].regex ${hanging}`);
    return { name: definition.name, matcher, steps: 0 };
  });
  const { onLineCut, now } = options;
  let line = 1;
  let parts: string[] = [];
  let kept = 0;
  let length = 0;
  let lastCutLine = 0;

  function flush(out: MetricObservation[]): void {
    if (length === 0) return;
    const raw = parts.length === 1 ? parts[0]! : parts.join('');
    if (length > kept && line !== lastCutLine) {
      // Once a line: a long progress bar redrawn with \r would otherwise report every redraw.
      lastCutLine = line;
      onLineCut?.({ line, length, kept });
    }
    parts = [];
    kept = 0;
    length = 0;
    const text = cleanOutputText(raw);
    if (text === '') return;
    const time = now?.();
    for (const entry of matchers) {
      const captured = entry.matcher.firstGroup(text);
      if (captured === undefined) continue;
      const step = entry.steps;
      entry.steps += 1;
      const parsed = parseMetricValue(captured);
      const observation: MetricObservation = parsed.ok
        ? { metric: entry.name, value: parsed.value, line, step }
        : { metric: entry.name, value: Number.NaN, invalid: parsed.reason, line, step };
      out.push(time === undefined ? observation : { ...observation, time });
    }
  }

  function append(chunk: string, start: number, end: number): void {
    if (end <= start) return;
    length += end - start;
    if (kept >= maxLineLength) return;
    const take = Math.min(end, start + (maxLineLength - kept));
    parts.push(chunk.slice(start, take));
    kept += take - start;
  }

  return {
    push(chunk) {
      const out: MetricObservation[] = [];
      let start = 0;
      for (let index = 0; index < chunk.length; index += 1) {
        const code = chunk.charCodeAt(index);
        if (code !== 10 && code !== 13) continue;
        append(chunk, start, index);
        flush(out);
        if (code === 10) line += 1;
        start = index + 1;
      }
      append(chunk, start, chunk.length);
      return out;
    },
    end() {
      const out: MetricObservation[] = [];
      flush(out);
      return out;
    },
  };
}
