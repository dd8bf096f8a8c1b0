/**
 * The job's best trials as the page shows them: the best observed one (the best objective among Completed trials,
 * ties to the earlier trial) and, when the model found the objective's noise significant, the model's choice (the
 * Completed trial with the lowest posterior mean), which is then the job's reported best (`summary.best`). The same
 * rules as the runner's `bestObservedTrial` and `modelChoice` (packages/runner/src/journal/jobView.ts).
 */
import type { ApiJobDetail, ApiRecommendation, ApiTrial } from '../api.ts';
import { hasFinalObjective } from './objective.ts';

/** The model's choice when it stands as the reported best. */
export interface ModelChoice {
  readonly trial: ApiTrial & { readonly objective: number };
  readonly recommendation: ApiRecommendation;
}

/**
 * @param detail - The job.
 * @returns The best observed trial, or undefined when no trial completed with an objective.
 */
export function bestObservedTrial(
  detail: Pick<ApiJobDetail, 'summary' | 'trials'>,
): (ApiTrial & { readonly objective: number }) | undefined {
  const sign = detail.summary.objective.type === 'Minimize' ? 1 : -1;
  let best: (ApiTrial & { readonly objective: number }) | undefined;
  for (const trial of detail.trials) {
    if (!hasFinalObjective(trial)) continue;
    if (
      best === undefined ||
      sign * trial.objective < sign * best.objective ||
      (trial.objective === best.objective && trial.trial < best.trial)
    )
      best = trial;
  }
  return best;
}

/**
 * @param detail - The job.
 * @returns The model's choice when its recommendation is significant and its trial Completed, else undefined
 *   (the page then shows the best as it always has).
 */
export function modelChoice(
  detail: Pick<ApiJobDetail, 'trials' | 'recommendation'>,
): ModelChoice | undefined {
  const recommendation = detail.recommendation;
  if (recommendation?.significant !== true) return undefined;
  const trial = detail.trials.find((entry) => entry.trial === recommendation.trialId);
  return trial !== undefined && hasFinalObjective(trial) ? { trial, recommendation } : undefined;
}

/**
 * A journaled `recommendation` event as the stream sends it, checked.
 *
 * @param event - The event's fields.
 * @returns The recommendation, or undefined when a field is missing or of the wrong type.
 */
export function recommendationOf(event: Readonly<Record<string, unknown>>): ApiRecommendation | undefined {
  const { t, trialId, estimate, noiseStd, noiseRatio, significant, basedOn } = event;
  if (
    typeof t !== 'number' ||
    typeof trialId !== 'number' ||
    typeof estimate !== 'number' ||
    typeof noiseStd !== 'number' ||
    typeof noiseRatio !== 'number' ||
    typeof significant !== 'boolean' ||
    typeof basedOn !== 'number'
  )
    return undefined;
  return { t, trialId, estimate, noiseStd, noiseRatio, significant, basedOn };
}
