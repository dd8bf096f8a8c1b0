/**
 * What a SageMaker tuning job's training jobs become in tunekit's journal: their tuned hyperparameters typed by
 * the tuning file's ranges, and their outcome (objective from FinalHyperParameterTuningJobObjectiveMetric).
 */
import type {
  DescribeHyperParameterTuningJobResponse,
  HyperParameterTrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { ParameterValues, TrialOutcome, TuningJobSpec } from '@tunekit/core';
import { quoteLogLines } from './trainingJobOutcome.ts';

/** The terminal statuses of a training job. */
export const TERMINAL_TRAINING = new Set(['Completed', 'Failed', 'Stopped']);

/**
 * The tuned hyperparameters of a training job, numbers for numeric ranges.
 *
 * @param spec - The tuning job (its ranges).
 * @param tuned - TunedHyperParameters (strings).
 * @returns The values, keyed by range name.
 */
export function tunedParams(
  spec: TuningJobSpec,
  tuned: Readonly<Record<string, string>> | undefined,
): ParameterValues {
  const out: Record<string, number | string> = {};
  for (const [name, text] of Object.entries(tuned ?? {})) {
    const parameter = spec.parameters.find((candidate) => candidate.name === name);
    const value = Number(text);
    out[name] =
      parameter !== undefined && parameter.type !== 'categorical' && Number.isFinite(value) ? value : text;
  }
  return out;
}

/**
 * The outcome of a finished training job of a tuning job.
 *
 * @param summary - Its entry in ListTrainingJobsForHyperParameterTuningJob.
 * @param tuningJobStopping - Whether the tuning job itself was stopped (its training jobs stop with it).
 * @param lastLines - The last lines of its log, quoted after the reason of a failure.
 * @returns The outcome.
 */
export function managedOutcome(
  summary: HyperParameterTrainingJobSummary,
  tuningJobStopping: boolean,
  lastLines: readonly string[] = [],
): TrialOutcome {
  const name = summary.TrainingJobName ?? '(unnamed)';
  const objective = summary.FinalHyperParameterTuningJobObjectiveMetric;
  const value =
    typeof objective?.Value === 'number' && Number.isFinite(objective.Value) ? objective.Value : undefined;
  switch (summary.TrainingJobStatus) {
    case 'Completed':
      return value === undefined
        ? {
            status: 'Failed',
            reason: `training job ${name} completed without a value of ${objective?.MetricName ?? 'the objective metric'} (ObjectiveStatus ${summary.ObjectiveStatus ?? 'unknown'})`,
          }
        : {
            status: 'Completed',
            objective: value,
            ...(objective?.MetricName === undefined
              ? {}
              : { finalMetrics: { [objective.MetricName]: value } }),
          };
    case 'Failed':
      return {
        status: 'Failed',
        reason: `training job ${name} failed: ${summary.FailureReason ?? 'no FailureReason given'}${quoteLogLines(lastLines)}`,
      };
    default:
      return {
        status: 'Stopped',
        reason: tuningJobStopping
          ? 'the tuning job was stopped'
          : 'stopped by SageMaker (early stopping or a completion criterion)',
        ...(value === undefined ? {} : { objective: value }),
      };
  }
}

/**
 * Epoch milliseconds of an SDK date.
 *
 * @param date - The date, if any.
 * @param fallback - Used when there is none.
 * @returns Milliseconds.
 */
export function millis(date: Date | undefined, fallback: number): number {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date.getTime() : fallback;
}

/**
 * Which completion criterion ended a tuning job that SageMaker reports Completed, in tunekit's words (the reasons
 * a local job ends with).
 *
 * @param spec - The tuning job (its limits and completion criteria).
 * @param described - DescribeHyperParameterTuningJob's answer.
 * @param trainingJobs - How many training jobs it ran.
 * @param best - The best objective value, if any.
 * @returns `maxTrials`, `targetObjective`, `convergence`, `maxTrialsNotImproving`, `maxRuntime`, or `completed`.
 */
export function completionReason(
  spec: TuningJobSpec,
  described: DescribeHyperParameterTuningJobResponse,
  trainingJobs: number,
  best: number | undefined,
): string {
  // SageMaker's configuration wins: it is what ran, whatever the tuning file says now.
  const config = described.HyperParameterTuningJobConfig;
  const criteria = config?.TuningJobCompletionCriteria;
  const target = criteria?.TargetObjectiveMetricValue ?? spec.completion.targetObjective;
  const details = described.TuningJobCompletionDetails;
  if (
    target !== undefined &&
    best !== undefined &&
    (spec.objective.type === 'Minimize' ? best <= target : best >= target)
  )
    return 'targetObjective';
  if (details?.ConvergenceDetectedTime !== undefined) return 'convergence';
  const notImproving =
    criteria?.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving ??
    spec.completion.maxTrialsNotImproving;
  if (notImproving !== undefined && (details?.NumberOfTrainingJobsObjectiveNotImproving ?? 0) >= notImproving)
    return 'maxTrialsNotImproving';
  if (trainingJobs >= (config?.ResourceLimits?.MaxNumberOfTrainingJobs ?? spec.limits.maxTrials))
    return 'maxTrials';
  const limit = config?.ResourceLimits?.MaxRuntimeInSeconds ?? spec.limits.maxRuntimeSeconds;
  const start = described.CreationTime?.getTime();
  const end = described.HyperParameterTuningEndTime?.getTime();
  if (limit !== undefined && start !== undefined && end !== undefined && end - start >= limit * 1000)
    return 'maxRuntime';
  return 'completed';
}
