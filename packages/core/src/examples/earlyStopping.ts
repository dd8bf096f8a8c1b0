import { createTuner, formatIssue, type ParameterValues, parseTuningFile } from '@tunekit/core';

// A tuning file with SageMaker's early stopping: a trial whose loss is worse than the median of the finished
// trials' running averages at the same epoch is stopped, once it has run 2 epochs and 3 trials have finished
// (plain `earlyStopping: Auto` waits 20 epochs and 5 trials, longer than these 10-epoch trials run).
const tuningFile = `
name: early-stopping-example
objective: { metric: validation:loss, type: Minimize }
metrics:
  - { name: validation:loss, regex: 'validation-loss=([-+0-9.eE]+)' }
strategy: Random
parameters:
  learning_rate: { type: continuous, min: 0.0001, max: 1, scaling: Logarithmic }
limits: { maxTrials: 12, maxParallel: 1 }
earlyStopping: { type: Auto, minSteps: 2, minTrials: 3, minFraction: 0 }
seed: 7
executor:
  local: { command: [python3, train.py] }
`;

// Stands in for one epoch of a training job: the loss falls towards a floor set by the learning rate.
function lossAfter(epoch: number, params: ParameterValues): number {
  const floor = (Math.log10(Number(params.learning_rate)) + 2) ** 2;
  return floor + 1 / (epoch + 1);
}

export async function runEarlyStopping() {
  const parsed = parseTuningFile(tuningFile);
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  const tuner = createTuner(parsed.value);
  for (let batch = await tuner.ask(1); batch.length > 0; batch = await tuner.ask(1)) {
    for (const trial of batch) {
      let loss = Number.NaN;
      let stopReason: string | undefined;
      for (let epoch = 0; epoch < 10 && stopReason === undefined; epoch++) {
        loss = lossAfter(epoch, trial.params);
        // Each intermediate value: the metric, its value, its index among the trial's values (`step`) and the
        // 1-based line of the training log it was read from (`line`; a createMetricParser observation has both).
        const decision = tuner.report(trial.id, {
          metric: 'validation:loss',
          value: loss,
          step: epoch,
          line: epoch + 1,
        });
        // A stop says what it was based on: "median rule: stopped at step 6: its best so far 1.2 is worse than the median ...".
        if (decision.action === 'stop') stopReason = decision.reason;
      }
      // A stopped trial says why, with the objective's last value; a finished one is Completed.
      tuner.tell(
        trial.id,
        stopReason !== undefined
          ? { status: 'Stopped', reason: stopReason, objective: loss }
          : { status: 'Completed', objective: loss },
      );
    }
  }
  return {
    completion: tuner.completion(),
    stopped: tuner.trials().filter((trial) => trial.status === 'Stopped').length,
    completed: tuner.trials().filter((trial) => trial.status === 'Completed').length,
    best: tuner.best()?.objective,
  };
}
