/**
 * The one place where the local executor calls core's metric parsing, so that the rest of the executor does not
 * depend on its exact shape.
 *
 * TEMPORARY: core's `createMetricParser` / `closestLines` are being written; until they land this file holds a
 * minimal line parser so the executor's process handling can be tested. It is replaced by calls into core.
 */
import type { MetricDefinition, MetricObservation } from '@tunekit/core';

/** A streaming parser of one trial's output. */
export interface OutputMetricParser {
  /** Takes output text (whole lines from the executor); returns the observations it completes. */
  push(text: string): MetricObservation[];
  /** The output ended; returns the observations of what was left. */
  end(): MetricObservation[];
}

/**
 * Creates the parser of a trial's output.
 *
 * @param definitions - The tuning file's metric definitions.
 * @returns The parser.
 */
export function parseOutputMetrics(definitions: readonly MetricDefinition[]): OutputMetricParser {
  const compiled = definitions.map((definition) => ({
    name: definition.name,
    regex: new RegExp(definition.regex),
  }));
  const steps = new Map<string, number>();
  let lineNumber = 0;
  let pending = '';
  const parseLine = (line: string, out: MetricObservation[]): void => {
    lineNumber += 1;
    for (const { name, regex } of compiled) {
      const match = regex.exec(line);
      if (match?.[1] === undefined) continue;
      const step = steps.get(name) ?? 0;
      steps.set(name, step + 1);
      const value = Number(match[1]);
      out.push(
        Number.isFinite(value)
          ? { metric: name, value, line: lineNumber, step }
          : {
              metric: name,
              value: Number.NaN,
              invalid: `${match[1]} is not a number`,
              line: lineNumber,
              step,
            },
      );
    }
  };
  return {
    push(text) {
      const out: MetricObservation[] = [];
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) parseLine(line, out);
      return out;
    },
    end() {
      const out: MetricObservation[] = [];
      if (pending !== '') parseLine(pending, out);
      pending = '';
      return out;
    },
  };
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
  const word = definition.name.split(/[^a-zA-Z0-9]+/).find((part) => part !== '') ?? definition.name;
  return lines.filter((line) => line.includes(word)).slice(-count);
}
