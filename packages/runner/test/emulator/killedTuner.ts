/**
 * A tuner killed with SIGKILL while its trial's training job runs on the emulator: what a resume finds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TuningJobSpec } from '@tunekit/core';
import { type AwsEmulator, FAKE_CREDENTIALS } from './awsEmulator.ts';

const TUNER = join(import.meta.dirname, 'tunerProcess.ts');

/**
 * Starts a tuner process on one trial (tunerProcess.ts), waits until SageMaker has its training job, and kills the
 * tuner with SIGKILL.
 *
 * @returns The handle the tuner would have journaled (`trainingJobName`).
 */
export async function killedTuner(
  emulator: AwsEmulator,
  dir: string,
  spec: TuningJobSpec,
  trialId: number,
  params: Record<string, number>,
): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@tunekit/source',
      TUNER,
      JSON.stringify(spec),
      String(trialId),
      JSON.stringify(params),
      dir,
    ],
    {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  // The handle is journaled before CreateTrainingJob: kill the tuner once SageMaker has the job.
  const name = String((JSON.parse(first) as { trainingJobName: string }).trainingJobName);
  while (emulator.trainingJobStatuses()[name] === undefined) await new Promise((r) => setTimeout(r, 10));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(first) as Record<string, unknown>;
}
