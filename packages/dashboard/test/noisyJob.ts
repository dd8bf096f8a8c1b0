/**
 * A Bayesian job on a noisy objective: the model found the noise significant and recommends trial 12 (estimated
 * loss 0.61, observed 0.52), while trial 7 holds the best observed loss, 0.31, a lucky draw.
 */
import type { ApiJobDetail, ApiParameter, ApiRecommendation } from '../src/api.ts';
import { fixtureRandom, jobFixture, type TrialInput } from './jobFixture.ts';

const parameters: ApiParameter[] = [
  { type: 'continuous', name: 'x', min: -5, max: 10, scaling: 'Linear' },
  { type: 'continuous', name: 'y', min: 0, max: 15, scaling: 'Linear' },
];

/** The model's choice: trial 12, not the best observed one (7). */
export const noisyRecommendation: ApiRecommendation = {
  t: Date.parse('2026-01-01T00:00:41Z'),
  trialId: 12,
  estimate: 0.61,
  noiseStd: 0.3,
  noiseRatio: 0.8,
  significant: true,
  basedOn: 40,
};

/**
 * The job.
 *
 * @param recommendation - The model's last recommendation; none when null.
 * @param name - The job's name.
 */
export function noisyJob(
  recommendation: ApiRecommendation | null = noisyRecommendation,
  name = 'noisy-branin',
): ApiJobDetail {
  const random = fixtureRandom(7);
  const inputs: TrialInput[] = [];
  for (let index = 1; index <= 40; index++) {
    const objective = index === 7 ? 0.31 : index === 12 ? 0.52 : 0.7 + 3 * random();
    inputs.push({ hyperparameters: { x: -5 + 15 * random(), y: 15 * random() }, objective });
  }
  return jobFixture(parameters, inputs, {
    name,
    strategy: 'Bayesian',
    maxTrials: 50,
    ...(recommendation === null ? {} : { recommendation }),
  });
}
