/**
 * A trial's metrics from its two sources: its output (stdout and stderr, line by line, through core's metric
 * parser and the tuning file's regexes) and its JSON-line metrics file. Every observation goes to the listener as
 * it is seen; at the end, the objective is the last valid value of the objective metric (SageMaker's rule), and a
 * trial without one gets a reason that says which regex never matched and which lines came closest.
 */
import {
  closestLines,
  createMetricParser,
  type LineCut,
  type MetricObservation,
  type MetricParser,
  type TuningJobSpec,
} from '@tunekit/core';
import { describeLineCuts } from './lineCuts.ts';
import type { ObjectiveResult } from './trialOutcome.ts';

/** Recent output lines kept to find the ones closest to the objective's regex. */
const KEPT_LINES = 2000;
/** Characters of a kept line. */
const KEPT_LINE_CHARS = 400;
/** Closest lines quoted in a reason. */
const QUOTED_CLOSEST = 3;

/** Collects a trial's metrics. */
export class TrialMetrics {
  private readonly parser: MetricParser;
  private readonly lastValid = new Map<string, number>();
  private lastInvalidObjective: MetricObservation | undefined;
  private readonly lines: string[] = [];
  private readonly cuts: LineCut[] = [];

  /**
   * @param spec - The job's spec (metric definitions and objective).
   * @param onObservation - Receives every observation as it is seen, with its time.
   * @param onNote - Receives tunekit's own note for the end of the trial's log, when the output ends: which lines
   *   were cut to the parser's bound (at the end, so that the log's line numbers stay those of the output).
   */
  constructor(
    private readonly spec: TuningJobSpec,
    private readonly onObservation: (observation: MetricObservation) => void,
    private readonly onNote?: (text: string) => void,
  ) {
    this.parser = createMetricParser(spec.metrics, { onLineCut: (cut) => this.cuts.push(cut) });
  }

  /**
   * Takes a piece of output: a whole line with its newline, or a piece of an over-long line.
   *
   * @param text - The output text.
   */
  feedOutput(text: string): void {
    const line = text.replace(/\r?\n$/, '');
    if (line !== '') {
      this.lines.push(line.length > KEPT_LINE_CHARS ? line.slice(0, KEPT_LINE_CHARS) : line);
      if (this.lines.length > KEPT_LINES * 2) this.lines.splice(0, this.lines.length - KEPT_LINES);
    }
    for (const observation of this.parser.push(text)) this.observe(observation);
  }

  /**
   * Takes an observation read from the metrics file.
   *
   * @param observation - The observation.
   */
  addFileObservation(observation: MetricObservation): void {
    this.observe(observation);
  }

  /** The output has ended: parses what is left. */
  endOutput(): void {
    for (const observation of this.parser.end()) this.observe(observation);
    if (this.cuts.length > 0) this.onNote?.(describeLineCuts(this.cuts.splice(0)));
  }

  /**
   * The trial's objective, or why there is none.
   *
   * @param fileProblems - Lines of the metrics file that could not be read.
   * @returns The objective and the final value of every metric, or the reason.
   */
  result(fileProblems: readonly string[]): ObjectiveResult {
    const { metric } = this.spec.objective;
    const objective = this.lastValid.get(metric);
    if (objective !== undefined) {
      return { ok: true, objective, finalMetrics: Object.fromEntries(this.lastValid) };
    }
    const invalid = this.lastInvalidObjective;
    if (invalid !== undefined) {
      return {
        ok: false,
        reason: `${metric} never had a valid value: on line ${invalid.line}, ${invalid.invalid ?? 'not a number'}`,
      };
    }
    const definition = this.spec.metrics.find((candidate) => candidate.name === metric);
    const regex = definition?.regex ?? '(no regex)';
    let reason = `no value of ${metric} matched ${regex}`;
    const closest = definition === undefined ? [] : closestLines(this.tail(), definition, QUOTED_CLOSEST);
    reason +=
      closest.length === 0
        ? '; the trial printed nothing like it'
        : `; the closest lines:\n${closest.map((line) => `  ${line}`).join('\n')}`;
    if (fileProblems.length > 0) {
      reason += `\nlines of TUNEKIT_METRICS_FILE that could not be read:\n${fileProblems.map((p) => `  ${p}`).join('\n')}`;
    }
    return { ok: false, reason };
  }

  private observe(observation: MetricObservation): void {
    const seen = observation.time === undefined ? { ...observation, time: Date.now() } : observation;
    if (seen.invalid === undefined && Number.isFinite(seen.value))
      this.lastValid.set(seen.metric, seen.value);
    else if (seen.metric === this.spec.objective.metric) this.lastInvalidObjective = seen;
    this.onObservation(seen);
  }

  private tail(): string[] {
    return this.lines.slice(-KEPT_LINES);
  }
}
