/**
 * The diabetes MLP of `examples/diabetes-ts` as the benchmarks train it in process: the example's ranges and its
 * static settings (120 epochs, batch size 32, seed 1), one validation RMSE an epoch.
 */
import { fileURLToPath } from 'node:url';
import type { Parameter, ParameterValues } from '@tunekit/core';
import { type Activation, trainEpochs } from '../examples/diabetes-ts/train.ts';

/** Epochs of every training. */
export const DIABETES_EPOCHS = 120;

/** examples/diabetes-ts/tuning.yaml's ranges. */
export const DIABETES_PARAMETERS: readonly Parameter[] = [
  { type: 'continuous', name: 'learning_rate', min: 0.0003, max: 0.1, scaling: 'Logarithmic' },
  { type: 'integer', name: 'hidden_units', min: 2, max: 64, scaling: 'Logarithmic' },
  { type: 'continuous', name: 'l2', min: 0.000001, max: 0.1, scaling: 'Logarithmic' },
  { type: 'categorical', name: 'activation', values: ['relu', 'tanh', 'sigmoid', 'softplus'] },
];

const DIABETES_DATA = fileURLToPath(new URL('../examples/data/diabetes.csv', import.meta.url));

/**
 * Trains one configuration, an epoch at a time.
 *
 * @param params - Values of DIABETES_PARAMETERS.
 * @returns The validation RMSE after each epoch; a diverged network's NaN as 1e6, a very bad value, as a user's
 *   job would fail or stop it.
 */
export function* diabetesEpochs(params: ParameterValues): Generator<number, void> {
  for (const epoch of trainEpochs({
    learningRate: Number(params.learning_rate),
    hiddenUnits: Number(params.hidden_units),
    l2: Number(params.l2),
    activation: params.activation as Activation,
    epochs: DIABETES_EPOCHS,
    batchSize: 32,
    seed: 1,
    data: DIABETES_DATA,
  })) {
    yield Number.isFinite(epoch.validationRmse) ? epoch.validationRmse : 1e6;
  }
}
