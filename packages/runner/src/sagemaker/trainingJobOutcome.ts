/**
 * How a finished training job becomes a trial's outcome: the objective is the objective metric's value in
 * DescribeTrainingJob's FinalMetricDataList (SageMaker's rule), else the last value its log showed; a failed job
 * keeps SageMaker's FailureReason and the last lines of its log.
 */
import type { DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import type { TrialOutcome, TuningJobSpec } from '@tunekit/core';
import type { ObjectiveResult } from '../executor/trialOutcome.ts';

/** Log lines quoted in a failure reason. */
export const QUOTED_LOG_LINES = 10;

/**
 * The outcome of a training job that reached Completed, Failed or Stopped.
 *
 * @param job - Its last DescribeTrainingJob answer.
 * @param spec - The tuning job (objective metric).
 * @param fromLog - What the log's metrics gave (objective, or why none).
 * @param stopReason - Set when tunekit stopped it.
 * @param lastLines - The last lines of its log.
 * @returns The outcome.
 */
export function trainingJobOutcome(
  job: DescribeTrainingJobResponse,
  spec: TuningJobSpec,
  fromLog: ObjectiveResult,
  stopReason: string | undefined,
  lastLines: readonly string[],
): TrialOutcome {
  const name = job.TrainingJobName ?? '(unnamed)';
  // SageMaker's metric names are the tuning file's, but the answer is input too: no prototype to write into.
  const finalMetrics: Record<string, number> = Object.create(null);
  for (const metric of job.FinalMetricDataList ?? []) {
    if (
      metric.MetricName !== undefined &&
      typeof metric.Value === 'number' &&
      Number.isFinite(metric.Value)
    ) {
      finalMetrics[metric.MetricName] = metric.Value;
    }
  }
  const objective = finalMetrics[spec.objective.metric] ?? (fromLog.ok ? fromLog.objective : undefined);
  switch (job.TrainingJobStatus) {
    case 'Completed': {
      if (objective !== undefined) {
        return {
          status: 'Completed',
          objective,
          finalMetrics: { ...(fromLog.ok ? fromLog.finalMetrics : {}), ...finalMetrics },
        };
      }
      const why = fromLog.ok ? '' : `; in its log, ${fromLog.reason}`;
      return {
        status: 'Failed',
        reason: `training job ${name} completed without a value of ${spec.objective.metric} in FinalMetricDataList${why}`,
      };
    }
    case 'Failed':
      return {
        status: 'Failed',
        reason: `training job ${name} failed: ${job.FailureReason ?? 'no FailureReason given'}${quoteLogLines(lastLines)}`,
      };
    default: {
      const reason =
        stopReason ??
        (job.SecondaryStatus === 'MaxRuntimeExceeded'
          ? 'timeout'
          : `training job ${name} was stopped outside tunekit (StopTrainingJob)`);
      const value = objective ?? (fromLog.ok ? undefined : fromLog.lastValid);
      return { status: 'Stopped', reason, ...(value === undefined ? {} : { objective: value }) };
    }
  }
}

/**
 * The last lines of a training job's log, as quoted after its failure reason.
 *
 * @param lines - Its log lines (the last {@link QUOTED_LOG_LINES} are kept).
 * @returns An empty string without lines, else a paragraph starting with a newline.
 */
export function quoteLogLines(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return `\nlast lines of its log:\n${lines
    .slice(-QUOTED_LOG_LINES)
    .map((line) => `  ${line.length > 200 ? `${line.slice(0, 200)}...` : line}`)
    .join('\n')}`;
}
