/**
 * A job shaped like the XGBoost one whose static report was squashed: four ranges (a Logarithmic one, an integer,
 * a ReverseLogarithmic continuous one, a categorical), each trial's curve of the objective by round, a quarter of
 * the trials stopped early with values about 3x worse, and a few failures.
 */
import type { ApiJobDetail, ApiParameter } from '../src/api.ts';
import { fixtureRandom, jobFixture, type TrialInput } from './jobFixture.ts';

export const xgbParameters: ApiParameter[] = [
  { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
  { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Linear' },
  { type: 'continuous', name: 'subsample', min: 0.5, max: 0.99, scaling: 'ReverseLogarithmic' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear', 'dart'] },
];

/**
 * The job.
 *
 * @param trials - How many trials.
 * @param name - The job's name.
 */
export function xgbJob(trials: number, name = 'xgb-diabetes'): ApiJobDetail {
  const random = fixtureRandom(42);
  const inputs: TrialInput[] = [];
  for (let index = 0; index < trials; index++) {
    const eta = 10 ** (Math.log10(0.01) + random() * (Math.log10(0.5) - Math.log10(0.01)));
    const depth = 2 + Math.floor(random() * 9);
    const subsample = 0.5 + random() * 0.49;
    const booster = ['gbtree', 'gblinear', 'dart'][Math.floor(random() * 3)]!;
    const final =
      50 +
      30 * (Math.log10(eta) + 1) ** 2 +
      2 * Math.abs(depth - 5) +
      (booster === 'gblinear' ? 8 : 0) +
      4 * random();
    const kind = index % 13 === 7 ? 'Failed' : index % 4 === 3 ? 'Stopped' : 'Completed';
    const steps = kind === 'Stopped' ? 3 : 20;
    const curve: [number, number][] = Array.from({ length: steps }, (_, step) => [
      step + 1,
      final * (1 + 4 * Math.exp(-(step + 1) / 5)),
    ]);
    const hyperparameters = { eta, max_depth: depth, subsample, booster };
    if (kind === 'Failed')
      inputs.push({ hyperparameters, status: 'Failed', reason: 'the training script exited with code 1' });
    else
      inputs.push({
        hyperparameters,
        status: kind,
        objective: curve[curve.length - 1]![1],
        metrics: { 'train:rmse': final * 0.8 },
        curve,
        ...(kind === 'Stopped' ? { reason: 'early stopping: below the median of 3 trials at step 3' } : {}),
      });
  }
  return jobFixture(xgbParameters, inputs, { name, metric: 'validation:rmse', maxTrials: trials + 10 });
}
