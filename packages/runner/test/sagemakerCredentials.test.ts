/**
 * Where the SageMaker executors get credentials and region: the SDK's standard chain (environment variables,
 * shared files), with the tuning file's `profile` and `region` taking over; the emulator records which access key
 * signed each call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runManagedJob } from '../src/drivers/managedJob.ts';
import { type AwsEmulator, startAwsEmulator } from './emulator/awsEmulator.ts';
import { trainImages } from './emulator/fixtures.ts';
import { emulatorSpec } from './emulator/specs.ts';

let emulator: AwsEmulator;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-creds-'));
  emulator = await startAwsEmulator({ images: trainImages() });
  const credentials = join(dir, 'credentials');
  writeFileSync(
    credentials,
    '[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = default-secret\n\n' +
      '[tuning]\naws_access_key_id = AKIATUNINGPROFILE\naws_secret_access_key = tuning-secret\n',
  );
  const config = join(dir, 'config');
  writeFileSync(config, '[default]\nregion = us-east-1\n\n[profile tuning]\nregion = us-east-1\n');
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  process.env.AWS_CONFIG_FILE = config;
});
afterEach(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signersOf(name: string, settings: Record<string, unknown>): Promise<string[]> {
  const spec = emulatorSpec(emulator.endpoint, {
    name,
    kind: 'sagemaker-managed',
    limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
    settings,
  });
  const result = await runManagedJob({ spec, rootDir: dir, baseDir: dir });
  expect(result.status).toBe('Completed');
  const start = emulator.calls.findIndex(
    (call) =>
      call.target === 'SageMaker.DescribeHyperParameterTuningJob' &&
      call.body.HyperParameterTuningJobName === name,
  );
  return [...new Set(emulator.calls.slice(start).map((call) => call.accessKeyId ?? 'unsigned'))];
}

describe('credentials', () => {
  it('come from the environment first, as the SDK’s chain has it', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    expect(await signersOf('cred-env', {})).toEqual(['AKIAFROMENVIRONMENT']);
  });

  it('come from the shared files’ default profile without environment variables', async () => {
    expect(await signersOf('cred-default', {})).toEqual(['AKIADEFAULTPROFILE']);
  });

  it('come from the profile the tuning file names, and AWS_PROFILE when it names none', async () => {
    expect(await signersOf('cred-profile', { profile: 'tuning' })).toEqual(['AKIATUNINGPROFILE']);
    process.env.AWS_PROFILE = 'tuning';
    expect(await signersOf('cred-aws-profile', {})).toEqual(['AKIATUNINGPROFILE']);
    // A profile named in the tuning file wins over keys in the environment.
    delete process.env.AWS_PROFILE;
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    expect(await signersOf('cred-profile-over-env', { profile: 'tuning' })).toEqual(['AKIATUNINGPROFILE']);
  });
});
