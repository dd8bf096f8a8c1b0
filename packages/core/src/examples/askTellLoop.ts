import { createTuner, formatIssue, type ParameterValues, parseTuningFile } from '@tunekit/core';

// A tuning file, as `tunekit tune` reads it (YAML or JSON).
const tuningFile = `
name: ask-tell-example
objective: { metric: validation:loss, type: Minimize }
metrics:
  - { name: validation:loss, regex: 'validation-loss=([-+0-9.eE]+)' }
strategy: Sobol
parameters:
  learning_rate: { type: continuous, min: 0.0001, max: 1, scaling: Logarithmic }
  dropout:       { type: continuous, min: 0, max: 0.5 }
  layers:        { type: integer, min: 1, max: 8 }
  optimizer:     { type: categorical, values: [adam, sgd] }
limits: { maxTrials: 40, maxParallel: 4 }
completion: { targetObjective: 0.05 }
seed: 42
executor:
  local: { command: [python3, train.py] }
`;

// Stands in for a training job: the validation loss of one configuration (best near 0.01, 0.1, 3, adam).
function train(params: ParameterValues): number {
  const rate = Math.log10(Number(params.learning_rate)) + 2;
  const dropout = Number(params.dropout) - 0.1;
  const layers = Number(params.layers) - 3;
  return rate ** 2 + 4 * dropout ** 2 + 0.1 * layers ** 2 + (params.optimizer === 'adam' ? 0 : 0.5);
}

export async function runAskTellLoop() {
  const parsed = parseTuningFile(tuningFile);
  // Problems in the file are values, each with the field's path and what to change.
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  const tuner = createTuner(parsed.value);
  // Ask for as many trials as may run at once, run them, tell the outcomes, until a criterion is met.
  for (let batch = await tuner.ask(4); batch.length > 0; batch = await tuner.ask(4)) {
    for (const trial of batch) {
      tuner.tell(trial.id, { status: 'Completed', objective: train(trial.params) });
    }
  }
  const best = tuner.best();
  // The state is plain JSON: save it, and createTuner(spec, { state }) continues the same job later.
  const saved = JSON.stringify(tuner.state());
  return {
    completion: tuner.completion(), // { done: true, reason: 'targetObjective' | 'maxTrials' | ... }
    trials: tuner.trials().length,
    best: best?.params,
    loss: best?.objective,
    savedBytes: saved.length,
  };
}
