/**
 * A tunekit worker: asks the served job for trials, trains the diabetes network of ../diabetes-ts on each,
 * reports the validation RMSE after every epoch (the server may answer stop: early stopping), and tells the
 * outcome. Start as many as you like, on any machine that reaches the server:
 *
 *   TUNEKIT_URL=http://127.0.0.1:8470 TUNEKIT_TOKEN=... node --conditions=@tunekit/source --import tsx worker.ts
 *
 * (`--conditions=@tunekit/source` runs @tunekit/client from this repository's sources; a copy of this file that
 * installs @tunekit/client from npm needs only `node --import tsx worker.ts`.) Ctrl-C once: the worker finishes
 * its trial and exits; twice: it exits now, and its trial is retried once its lease runs out.
 */
import { join } from 'node:path';
import { connect, isClientError } from '@tunekit/client';
import { type Activation, trainEpochs } from '../diabetes-ts/train.ts';

const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  console.error('finishing this trial, then exiting (Ctrl-C again to exit now)');
  stop.abort();
});

// TUNEKIT_URL, TUNEKIT_TOKEN and TUNEKIT_WORKER (default <hostname>:<pid>) come from the environment. A wrong
// URL or token is one line on stderr, not a stack trace.
const study = await connect(undefined, undefined, { signal: stop.signal }).catch((error: unknown) => {
  console.error(`worker: ${isClientError(error) ? error.message : String(error)}`);
  process.exit(isClientError(error, 'invalidArgument') ? 2 : 1);
});
console.log(`worker ${study.worker} connected to ${study.url}`);

for await (const trial of study) {
  const { params } = trial;
  const epochs = trainEpochs({
    learningRate: Number(params.learning_rate),
    hiddenUnits: Number(params.hidden_units),
    l2: Number(params.l2),
    activation: String(params.activation) as Activation,
    epochs: Number(params.epochs ?? 60),
    batchSize: Number(params.batch_size ?? 32),
    seed: Number(params.seed ?? 1),
    data: join(import.meta.dirname, '..', 'data', 'diabetes.csv'),
  });
  let last = Number.NaN;
  try {
    for (const { epoch, trainRmse, validationRmse } of epochs) {
      last = validationRmse;
      // Step 0 is the first epoch. True: the server says stop (the median rule judged this trial).
      if (await trial.report(epoch - 1, validationRmse, { 'train:rmse': trainRmse })) break;
    }
    if (trial.shouldStop) await trial.stop();
    else await trial.complete(last);
  } catch (error) {
    if (trial.outcome === 'leaseLost') {
      console.error(`trial ${trial.id} dropped: ${(error as Error).message}`);
      continue;
    }
    await trial.fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const ending = trial.shouldStop ? `Stopped (${trial.stopReason})` : trial.outcome;
  console.log(`trial ${trial.id} attempt ${trial.attempt}: validation RMSE ${last.toFixed(2)}, ${ending}`);
}
console.log(`worker ${study.worker}: the job is done`);
