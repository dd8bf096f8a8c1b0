/**
 * A stand-in tuner for the resume tests, run as its own process so a test can kill it with SIGKILL: starts one
 * trial with the sagemaker executor, prints the handle it would journal as one JSON line, then waits to be killed.
 * Arguments: the spec as JSON, the trial id, the hyperparameters as JSON, the trial folder.
 * Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the SDK's standard chain).
 */
import type { TuningJobSpec } from '@tunekit/core';
import { createSageMakerExecutor } from '../../src/sagemaker/sageMakerExecutor.ts';

const [specJson, trialId, paramsJson, trialDir] = process.argv.slice(2);
const spec = JSON.parse(specJson!) as TuningJobSpec;
const executor = createSageMakerExecutor();
executor.start({
  spec,
  trialId: Number(trialId),
  params: JSON.parse(paramsJson!),
  trialDir: trialDir!,
  baseDir: trialDir!,
  onMetric: () => {},
  onStarted: (handle) => process.stdout.write(`${JSON.stringify(handle)}\n`),
});
setInterval(() => {}, 60_000);
