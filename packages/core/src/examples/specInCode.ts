import { createTuner, type TuningJobSpec } from '@tunekit/core';

const spec: TuningJobSpec = {
  name: 'xgb-diabetes',
  objective: { metric: 'validation:rmse', type: 'Minimize' },
  metrics: [{ name: 'validation:rmse', regex: 'validation-rmse:([-+0-9.eE]+)' }],
  strategy: 'Bayesian',
  parameters: [
    { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
    { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Auto' },
    { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear'] },
  ],
  static: { num_round: '200' },
  limits: { maxTrials: 30, maxParallel: 2, maxRetries: 1, maxRuntimeSeconds: 3600 },
  completion: { targetObjective: 2.9, maxTrialsNotImproving: 10, convergence: true },
  earlyStopping: 'Auto',
  seed: 42,
  executor: { kind: 'local', command: ['python3', 'train.py'], env: {}, killGraceSeconds: 10, channels: {} },
};
export const tuner = createTuner(spec);
