/**
 * Reads the JSON-line metrics a training script appends to `TUNEKIT_METRICS_FILE`, as they are written:
 * `{"metric": "validation:rmse", "value": 3.1, "step": 7}` a line. `step` is optional (values of a metric are
 * then counted from 0). Python's `json.dumps` spells non-finite numbers `NaN` and `Infinity`; those, `null` and
 * text that is not a number become invalid observations, never numbers. A line that is not such an object is
 * skipped and remembered as a problem, for the failure reason.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { MetricObservation } from '@tunekit/core';

/** Bytes read at most per poll, so a runaway script cannot make one read huge. */
const READ_LIMIT = 4 * 1024 * 1024;
/** Problems remembered at most. */
const MAX_PROBLEMS = 5;

/** Follows one metrics file. */
export class MetricsFileReader {
  private offset = 0;
  private pending = '';
  private lineNumber = 0;
  private readonly counts = new Map<string, number>();
  /** The first few lines that could not be read, with their line numbers. */
  readonly problems: string[] = [];

  /**
   * @param path - The metrics file.
   * @param onObservation - Receives each observation, in file order.
   */
  constructor(
    readonly path: string,
    private readonly onObservation: (observation: MetricObservation) => void,
  ) {}

  /**
   * Reads what was appended since the last call.
   *
   * @param final - The script has ended: a last line without a newline counts too.
   */
  poll(final = false): void {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return;
    }
    try {
      for (;;) {
        const size = fstatSync(fd).size;
        if (size <= this.offset) break;
        const length = Math.min(size - this.offset, READ_LIMIT);
        const buffer = Buffer.allocUnsafe(length);
        const read = readSync(fd, buffer, 0, length, this.offset);
        if (read <= 0) break;
        this.offset += read;
        this.take(buffer.toString('utf8', 0, read));
        if (!final) break;
      }
    } finally {
      closeSync(fd);
    }
    if (final && this.pending.trim() !== '') {
      this.line(this.pending);
      this.pending = '';
    }
  }

  private take(text: string): void {
    const joined = this.pending + text;
    let start = 0;
    let newline = joined.indexOf('\n');
    while (newline !== -1) {
      this.line(joined.slice(start, newline));
      start = newline + 1;
      newline = joined.indexOf('\n', start);
    }
    this.pending = joined.slice(start);
  }

  private line(text: string): void {
    this.lineNumber += 1;
    if (text.trim() === '') return;
    const observation = parseMetricLine(text, this.lineNumber, (metric) => {
      const step = this.counts.get(metric) ?? 0;
      this.counts.set(metric, step + 1);
      return step;
    });
    if (typeof observation === 'string') {
      if (this.problems.length < MAX_PROBLEMS) {
        this.problems.push(`${this.path} line ${this.lineNumber}: ${observation}`);
      }
      return;
    }
    this.onObservation(observation);
  }
}

/**
 * Parses one JSON metrics line.
 *
 * @param text - The line.
 * @param lineNumber - Its 1-based number in the file.
 * @param nextStep - Gives the next step index of a metric when the line has no `step`.
 * @returns The observation, or what is wrong with the line.
 */
export function parseMetricLine(
  text: string,
  lineNumber: number,
  nextStep: (metric: string) => number,
): MetricObservation | string {
  let record: unknown;
  try {
    // Python writes NaN, Infinity and -Infinity bare: read them as text, so they become invalid values.
    record = JSON.parse(text.replace(/:\s*(-?Infinity|NaN)\s*([,}])/g, ':"$1"$2'));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return 'not a JSON object: write {"metric": "<name>", "value": <number>}';
  }
  const { metric, value, step } = record as Record<string, unknown>;
  if (typeof metric !== 'string' || metric === '') return 'no "metric" name';
  if (!('value' in (record as object))) return `no "value" for ${metric}`;
  const index = typeof step === 'number' && Number.isInteger(step) && step >= 0 ? step : nextStep(metric);
  const time = Date.now();
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (Number.isFinite(number) && !(typeof value === 'string' && value.trim() === '')) {
    return { metric, value: number, line: lineNumber, step: index, time };
  }
  return {
    metric,
    value: Number.NaN,
    invalid: `${JSON.stringify(value ?? null)} is not a finite number`,
    line: lineNumber,
    step: index,
    time,
  };
}
