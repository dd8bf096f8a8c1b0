/**
 * How the reports say that the job's best is the model's choice (journal/jobView.ts `modelChoice`): under
 * significant noise the best observed value is partly luck, and the trial with the best posterior mean stands as
 * the best, with the best observed one beside it.
 */
import type { ApiJobSummary as JobSummary } from '@tunekit/dashboard/api';
import { formatNumber } from './trialRows.ts';

/** The model's view of its choice, as a summary's `best.model` holds it. */
export type ModelEstimate = NonNullable<NonNullable<JobSummary['best']>['model']>;

/**
 * What the reports give of a recommendation: the model's estimate, the noise, from how many trials.
 *
 * @param recommendation - The journaled recommendation.
 * @returns The summary's `best.model`.
 */
export function modelEstimate(recommendation: ModelEstimate): ModelEstimate {
  return {
    estimate: recommendation.estimate,
    noiseStd: recommendation.noiseStd,
    basedOn: recommendation.basedOn,
  };
}

/**
 * The lines that follow a `best` line when the model chose that trial; none otherwise.
 *
 * @param bestTrial - The reported best trial's id.
 * @param model - The model's estimate, when it chose that trial.
 * @param observed - The best observed trial.
 * @param indent - Leading spaces of each line.
 * @returns Zero or two lines of text.
 */
export function modelChoiceLines(
  bestTrial: number,
  model: ModelEstimate | undefined,
  observed: { readonly trial: number; readonly objective: number } | undefined,
  indent: string,
): string[] {
  if (model === undefined || observed === undefined) return [];
  const same = observed.trial === bestTrial ? ', the same trial' : '';
  return [
    `${indent}${modelChoiceSentence(model)}`,
    `${indent}best observed: ${formatNumber(observed.objective)} (trial ${observed.trial}${same})`,
  ];
}

/**
 * One sentence: why the model's choice stands, with its estimate and the noise.
 *
 * @param model - The summary's `best.model`.
 * @returns The sentence.
 */
export function modelChoiceSentence(model: ModelEstimate): string {
  return `chosen by the model: the objective is noisy (noise std ≈ ${formatNumber(model.noiseStd)}), and this trial has the best estimate, ${formatNumber(model.estimate)} (from ${model.basedOn} completed trials)`;
}
