/**
 * The `tunekit` commands on SageMaker's own tuning, against the AWS emulator: `tune` with executor
 * sagemaker-managed, then `status`, `best`, `trials`, `logs` and `report` on the mirrored journal; `export
 * --sagemaker` sent as is (as `aws sagemaker create-hyper-parameter-tuning-job --cli-input-json` would) and
 * followed with `attach`. Credentials come from the environment (the SDK's standard chain), as for a user, and
 * must appear in no file tunekit writes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateHyperParameterTuningJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/commands/program.ts';
import { type AwsEmulator, FAKE_CREDENTIALS, startAwsEmulator } from './emulator/awsEmulator.ts';
import { TRAIN_IMAGE, trainImages } from './emulator/fixtures.ts';
import { ROLE_ARN } from './emulator/specs.ts';
import { startCli, waitFor } from './helpers/cli.ts';

/** A session token in the environment, as temporary credentials (SSO, an assumed role) come. */
const SESSION_TOKEN = 'session-token-of-the-environment';
let emulator: AwsEmulator;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-cli-'));
  emulator = await startAwsEmulator({ images: trainImages() });
  process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd: dir,
    stdout: { write: (text) => (stdout += String(text)) },
    stderr: { write: (text) => (stderr += String(text)) },
  });
  return { code, stdout, stderr };
}

function writeTuningFile(name: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, `${name}.json`);
  const file = {
    name,
    objective: { metric: 'validation:loss', type: 'Minimize' },
    metrics: [{ name: 'validation:loss', regex: 'validation-loss=([-+0-9.eE]+)' }],
    strategy: 'Bayesian',
    parameters: {
      x: { type: 'continuous', min: 0.01, max: 1, scaling: 'Logarithmic' },
      y: { type: 'categorical', values: ['0.2', '0.6'] },
    },
    static: { steps: '3' },
    limits: { maxTrials: 4, maxParallel: 2 },
    seed: 5,
    executor: {
      'sagemaker-managed': {
        region: 'us-east-1',
        endpoint: emulator.endpoint,
        roleArn: ROLE_ARN,
        image: TRAIN_IMAGE,
        instanceType: 'ml.m5.large',
        outputPath: 's3://bucket/output/',
        pollSeconds: 0.02,
        maxPollSeconds: 0.1,
      },
    },
    ...extra,
  };
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('tunekit on SageMaker’s own tuning', () => {
  it('tune runs the job on SageMaker; status, best, trials, logs and report read the mirror', async () => {
    const file = writeTuningFile('cli-managed');
    const tune = await cli('tune', file, '--json');
    expect(tune.stderr).not.toMatch(/tunekit:/);
    expect(tune.code).toBe(0);
    const result = JSON.parse(tune.stdout) as { status: string; counts: { completed: number } };
    expect(result).toMatchObject({ status: 'Completed', counts: { completed: 4 } });
    expect(emulator.tuningJobStatuses()['cli-managed']).toBe('Completed');

    const status = JSON.parse((await cli('status', 'cli-managed', '--json')).stdout) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(status)).toContain('Completed');

    const csv = (await cli('trials', 'cli-managed', '--format', 'csv')).stdout.trimEnd().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv
      .slice(1)
      .map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
    expect(rows.map((row) => row.trial)).toEqual(['1', '2', '3', '4']);
    for (const row of rows) {
      expect(row.status).toBe('Completed');
      expect(Number(row.objective)).toBeCloseTo((Number(row.x) - 0.3) ** 2 + (Number(row.y) - 0.6) ** 2, 5);
    }
    const best = JSON.parse((await cli('best', 'cli-managed', '--full')).stdout) as {
      objective: number;
      hyperparameters: Record<string, string | number>;
    };
    expect(best.objective).toBe(Math.min(...rows.map((row) => Number(row.objective))));
    expect(best.hyperparameters.steps).toBe('3');

    const logs = await cli('logs', 'cli-managed', '1');
    expect(logs.stdout).toMatch(/^training with x=.*\nepoch 1 validation-loss=/);

    const report = await cli('report', 'cli-managed', '--format', 'markdown', '--out', join(dir, 'r.md'));
    expect(report.code).toBe(0);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('validation:loss');

    // attach on the job tune made follows the same local job: no trial twice.
    const attach = await cli(
      'attach',
      'cli-managed',
      '--region',
      'us-east-1',
      '--endpoint',
      emulator.endpoint,
    );
    expect(attach.stderr).not.toMatch(/tunekit:/);
    expect(attach.code).toBe(0);
    expect((await cli('trials', 'cli-managed', '--format', 'csv')).stdout.trimEnd().split('\n')).toHaveLength(
      5,
    );

    // The secret key and session token came from the environment and went into no file tunekit wrote.
    expect(emulator.calls.some((call) => call.sessionToken === SESSION_TOKEN)).toBe(true);
    for (const path of filesUnder(join(dir, '.tunekit'))) {
      expect(readFileSync(path, 'utf8')).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
      expect(readFileSync(path, 'utf8')).not.toContain(SESSION_TOKEN);
    }
  });

  it('export --sagemaker prints a request SageMaker takes as is, and attach follows the job it starts', async () => {
    const file = writeTuningFile('cli-exported', { strategy: 'Random' });
    const exported = await cli('export', file, '--sagemaker');
    expect(exported.code).toBe(0);
    const request = JSON.parse(exported.stdout) as { HyperParameterTuningJobName: string };
    expect(request.HyperParameterTuningJobName).toBe('cli-exported');

    // Started elsewhere, with the request as exported.
    const client = new SageMakerClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: FAKE_CREDENTIALS,
    });
    await client.send(new CreateHyperParameterTuningJobCommand(request as never));
    client.destroy();

    const attach = await cli(
      'attach',
      'cli-exported',
      '--region',
      'us-east-1',
      '--endpoint',
      emulator.endpoint,
      '--poll-seconds',
      '0.02',
      '--name',
      'followed',
      '--json',
    );
    expect(attach.stderr).not.toMatch(/tunekit:/);
    expect(attach.code).toBe(0);
    expect(JSON.parse(attach.stdout)).toMatchObject({
      name: 'followed',
      status: 'Completed',
      counts: { total: 4, completed: 4 },
    });
    const trials = JSON.parse((await cli('trials', 'followed', '--format', 'json')).stdout) as unknown[];
    expect(trials).toHaveLength(4);
    // Exactly one tuning job was created: attach only follows.
    const creates = emulator.calls.filter(
      (call) =>
        call.target === 'SageMaker.CreateHyperParameterTuningJob' &&
        call.body.HyperParameterTuningJobName === 'cli-exported',
    );
    expect(creates).toHaveLength(1);
  });

  it('runs a CreateHyperParameterTuningJob request as a tuning file, region and endpoint from the environment', async () => {
    const exported = await cli('export', writeTuningFile('cli-request'), '--sagemaker');
    const requestFile = join(dir, 'request.json');
    writeFileSync(requestFile, exported.stdout);
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ENDPOINT_URL = emulator.endpoint;
    try {
      const tune = await cli('tune', requestFile, '--json');
      expect(tune.stderr).not.toMatch(/tunekit:/);
      expect(JSON.parse(tune.stdout)).toMatchObject({
        name: 'cli-request',
        status: 'Completed',
        counts: { total: 4, completed: 4 },
      });
    } finally {
      delete process.env.AWS_REGION;
      delete process.env.AWS_ENDPOINT_URL;
    }
    // The request SageMaker received is the exported one.
    const sent = emulator.calls.find(
      (call) =>
        call.target === 'SageMaker.CreateHyperParameterTuningJob' &&
        call.body.HyperParameterTuningJobName === 'cli-request',
    )!;
    expect(sent.body).toEqual(JSON.parse(exported.stdout));
  });

  it('attach names a tuning job that does not exist; validate, tune and export refuse what cannot run', async () => {
    const missing = await cli(
      'attach',
      'no-such-job',
      '--region',
      'us-east-1',
      '--endpoint',
      emulator.endpoint,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no hyperparameter tuning job named no-such-job in us-east-1/);

    const withKey = writeTuningFile('cli-creds');
    const raw = JSON.parse(readFileSync(withKey, 'utf8')) as {
      executor: Record<string, Record<string, unknown>>;
    };
    raw.executor['sagemaker-managed']!.secretAccessKey = 'do-not-write-me';
    writeFileSync(withKey, JSON.stringify(raw));
    const validate = await cli('validate', withKey);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(
      /executor\.sagemaker-managed\.secretAccessKey: credentials do not belong in a tuning file/,
    );
    const tune = await cli('tune', withKey);
    expect(tune.code).toBe(2);
    expect(existsSync(join(dir, '.tunekit', 'jobs', 'cli-creds'))).toBe(false);

    const sobol = writeTuningFile('cli-sobol', { strategy: 'Sobol' });
    const refused = await cli('export', sobol, '--sagemaker');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/strategy.*Sobol/);
  });

  it('refuses AWS credentials in the training job’s environment, and writes them nowhere', async () => {
    const secret = 'env-secret-do-not-journal';
    for (const [name, kind, key] of [
      ['cli-env-managed', 'sagemaker-managed', 'AWS_SECRET_ACCESS_KEY'],
      ['cli-env-own', 'sagemaker', 'aws_session_token'],
    ] as const) {
      const file = writeTuningFile(name);
      const raw = JSON.parse(readFileSync(file, 'utf8')) as {
        executor: Record<string, Record<string, unknown>>;
      };
      const settings = raw.executor['sagemaker-managed']!;
      raw.executor = { [kind]: { ...settings, environment: { MODE: 'tuning', [key]: secret } } };
      writeFileSync(file, JSON.stringify(raw));
      const tune = await cli('tune', file);
      expect(tune.code).toBe(2);
      expect(tune.stderr).toContain(
        `executor.${kind}.environment.${key}: credentials do not belong in a tuning file`,
      );
      expect(tune.stderr).not.toContain(secret);
      expect(existsSync(join(dir, '.tunekit', 'jobs', name))).toBe(false);
    }
    // The same in a CreateHyperParameterTuningJob request run as a tuning file.
    const request = JSON.parse(
      (await cli('export', writeTuningFile('cli-env-request'), '--sagemaker')).stdout,
    ) as {
      TrainingJobDefinition: Record<string, unknown>;
    };
    request.TrainingJobDefinition.Environment = { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT', MODE: 'x' };
    const requestFile = join(dir, 'env-request.json');
    writeFileSync(requestFile, JSON.stringify(request));
    const imported = await cli('tune', requestFile);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(
      /TrainingJobDefinition\.Environment\.AWS_ACCESS_KEY_ID: credentials do not belong/,
    );
    expect(existsSync(join(dir, '.tunekit', 'jobs', 'cli-env-request'))).toBe(false);
    // Nothing of it was sent to SageMaker.
    expect(
      emulator.calls.filter(
        (call) =>
          JSON.stringify(call.body).includes(secret) || JSON.stringify(call.body).includes('AKIAENVIRONMENT'),
      ),
    ).toEqual([]);

    // A tuning job started elsewhere with credentials in its environment is not mirrored into a journal.
    const elsewhere = JSON.parse(
      (await cli('export', writeTuningFile('cli-env-elsewhere'), '--sagemaker')).stdout,
    ) as { TrainingJobDefinition: Record<string, unknown> };
    elsewhere.TrainingJobDefinition.Environment = { AWS_SECRET_ACCESS_KEY: secret };
    const client = new SageMakerClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: FAKE_CREDENTIALS,
    });
    await client.send(new CreateHyperParameterTuningJobCommand(elsewhere as never));
    client.destroy();
    const attach = await cli(
      'attach',
      'cli-env-elsewhere',
      '--region',
      'us-east-1',
      '--endpoint',
      emulator.endpoint,
    );
    expect(attach.code).toBe(2);
    expect(attach.stderr).toMatch(
      /TrainingJobDefinition\.Environment\.AWS_SECRET_ACCESS_KEY: credentials do not belong/,
    );
    expect(attach.stderr).not.toContain(secret);
    expect(existsSync(join(dir, '.tunekit', 'jobs', 'cli-env-elsewhere'))).toBe(false);
  });

  it('a name over 32 characters runs under executor.sagemaker-managed.tuningJobName, as docs/sagemaker.md says', async () => {
    const name = 'cli-a-local-name-longer-than-32-characters';
    const file = writeTuningFile(name, { limits: { maxTrials: 2, maxParallel: 2 } });
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      executor: Record<string, Record<string, unknown>>;
    };
    // Without tuningJobName the name is refused, with what to change.
    const refused = await cli('validate', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /name: SageMaker's tuning-job names have at most 32 characters.*has 42: shorten it, or set executor\.sagemaker-managed\.tuningJobName/,
    );
    raw.executor['sagemaker-managed']!.tuningJobName = 'cli-short';
    writeFileSync(file, JSON.stringify(raw));
    expect((await cli('validate', file)).code).toBe(0);
    const exported = await cli('export', file, '--sagemaker');
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toMatchObject({ HyperParameterTuningJobName: 'cli-short' });

    const tune = await cli('tune', file, '--json');
    expect(tune.stderr).not.toMatch(/tunekit:/);
    expect(JSON.parse(tune.stdout)).toMatchObject({ name, status: 'Completed', counts: { completed: 2 } });
    expect(emulator.tuningJobStatuses()['cli-short']).toBe('Completed');
    expect(emulator.tuningJobStatuses()[name]).toBeUndefined();

    // A tuningJobName over 32 characters is refused at its own path.
    raw.executor['sagemaker-managed']!.tuningJobName = 'x'.repeat(33);
    writeFileSync(file, JSON.stringify(raw));
    const tooLong = await cli('validate', file);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/executor\.sagemaker-managed\.tuningJobName: .*32/);
    expect(tooLong.stderr).not.toMatch(/^ +name:/m);
  });

  it('Ctrl-C in tune stops the SageMaker tuning job; in attach, --leave leaves it and --stop stops it', async () => {
    const slow = { static: { steps: '40', sleep_ms: '30000' } };
    const tune = startCli(['tune', writeTuningFile('cli-ctrlc', slow), '--plain'], dir);
    await waitFor(() => /trial 1 started/.test(tune.output().stdout), 20_000, 'a first trial');
    tune.child.kill('SIGINT');
    const tuned = await tune.done;
    expect(tuned.code).toBe(130);
    expect(emulator.tuningJobStatuses()['cli-ctrlc']).toBe('Stopped');
    const ours = Object.entries(emulator.trainingJobStatuses()).filter(([name]) =>
      name.startsWith('cli-ctrlc-'),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const [, status] of ours) expect(status).toBe('Stopped');

    const request = JSON.parse(
      (await cli('export', writeTuningFile('cli-elsewhere', slow), '--sagemaker')).stdout,
    ) as never;
    const client = new SageMakerClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: FAKE_CREDENTIALS,
    });
    await client.send(new CreateHyperParameterTuningJobCommand(request));
    client.destroy();
    const attachArgs = ['attach', 'cli-elsewhere', '--region', 'us-east-1', '--endpoint', emulator.endpoint];
    // The second attach resumes the local job, whose trials are already journaled as started.
    for (const [flag, expected, shown] of [
      ['--leave', 'InProgress', /trial \d+ started/],
      ['--stop', 'Stopped', /resuming job cli-elsewhere/],
    ] as const) {
      const attach = startCli([...attachArgs, flag, '--poll-seconds', '0.05', '--plain'], dir);
      await waitFor(() => shown.test(attach.output().stdout), 20_000, `${shown}`);
      attach.child.kill('SIGINT');
      const ended = await attach.done;
      expect(ended.code).toBe(130);
      expect(emulator.tuningJobStatuses()['cli-elsewhere']).toBe(expected);
    }
  }, 60_000);
});
