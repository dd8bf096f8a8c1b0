/**
 * What a failed AWS call says, against the emulator with the real SDK clients: the operation that failed
 * (`ListTrainingJobsForHyperParameterTuningJob: ...`) and, when something other than AWS answered (a proxy's HTML
 * error page), the status and the page's title instead of the SDK's `Unexpected token '<'`. The emulator sends
 * the raw answers a proxy in front of SageMaker would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricObservation, TuningJobSpec } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/commands/program.ts';
import { TRIAL_LOG_FILE } from '../src/executor/trialFiles.ts';
import type { Executor } from '../src/executor/types.ts';
import { createSageMakerExecutor } from '../src/sagemaker/sageMakerExecutor.ts';
import {
  type AwsEmulator,
  FAKE_CREDENTIALS,
  type RawAnswer,
  startAwsEmulator,
} from './emulator/awsEmulator.ts';
import { TRAIN_IMAGE, trainImages } from './emulator/fixtures.ts';
import { emulatorSpec, ROLE_ARN } from './emulator/specs.ts';

/** nginx's 502 page, as a proxy in front of SageMaker answers when SageMaker does not. */
const BAD_GATEWAY: RawAnswer = {
  status: 502,
  headers: { 'content-type': 'text/html' },
  body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n',
};
const UNAVAILABLE: RawAnswer = {
  status: 503,
  headers: { 'content-type': 'text/html; charset=iso-8859-1' },
  body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service   Temporarily\n Unavailable &amp; more</title>\n</head><body><h1>Service Unavailable</h1></body></html>\n',
};
/** Temporary credentials' session token, shaped as AWS's are (long, base64). */
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEHUaCXVzLWVhc3QtMSJHMEUCIQDexampleTOKEN0123456789abcdefGHIJKLmnopQRSTuvwxYZ+/AbCdEf012345==';
const GATEWAY_WORDS = /HTTP 502 answered with an HTML page \("502 Bad Gateway"\) instead of AWS's JSON/;

let emulator: AwsEmulator;
let executor: Executor;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-sm-calls-'));
  emulator = await startAwsEmulator({ images: trainImages() });
  executor = createSageMakerExecutor({ credentials: FAKE_CREDENTIALS });
  process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await executor.close();
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

/** A tuning file for executor.sagemaker-managed on the emulator; `settings` merge into the executor's. */
function writeTuningFile(name: string, settings: Record<string, unknown> = {}): string {
  const path = join(dir, `${name}.json`);
  const file = {
    name,
    objective: { metric: 'validation:loss', type: 'Minimize' },
    metrics: [{ name: 'validation:loss', regex: 'validation-loss=([-+0-9.eE]+)' }],
    strategy: 'Random',
    parameters: { x: { type: 'continuous', min: 0.01, max: 1 } },
    static: { steps: '2' },
    limits: { maxTrials: 2, maxParallel: 2 },
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
        maxAttempts: 1,
        ...settings,
      },
    },
  };
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

/** The one error line the CLI printed. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.startsWith('tunekit: '));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('a failed call of executor.sagemaker-managed', () => {
  it('names the operation and the HTML page a proxy answered, not the SDK’s JSON error; tune then resumes', async () => {
    const file = writeTuningFile('calls-html');
    emulator.answer(1, 'ListTrainingJobsForHyperParameterTuningJob', BAD_GATEWAY);
    const failed = await cli('tune', file, '--json');
    expect(failed.code).toBe(1);
    const line = errorLine(failed.stderr);
    expect(line).toMatch(
      new RegExp(`^tunekit: ListTrainingJobsForHyperParameterTuningJob: ${GATEWAY_WORDS.source}`),
    );
    expect(line).toMatch(/a proxy, a gateway or an endpoint that is not AWS/);
    expect(failed.stderr).not.toMatch(/Unexpected token|Deserialization error|\$response|^\s+at /m);

    // Nothing is lost: running tune again follows the same SageMaker tuning job to its end.
    const resumed = await cli('tune', file, '--json');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'Completed', counts: { completed: 2 } });
    const creates = emulator.calls.filter(
      (call) =>
        call.target === 'SageMaker.CreateHyperParameterTuningJob' &&
        call.body.HyperParameterTuningJobName === 'calls-html',
    );
    expect(creates).toHaveLength(1);
  });

  it('says what a plain-text answer says, and names the operation of an AWS error with its name', async () => {
    emulator.answer(1, 'DescribeHyperParameterTuningJob', {
      status: 503,
      headers: { 'content-type': 'text/plain' },
      body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    });
    const plain = await cli('tune', writeTuningFile('calls-plain'), '--json');
    expect(plain.code).toBe(1);
    expect(errorLine(plain.stderr)).toMatch(
      /^tunekit: DescribeHyperParameterTuningJob: HTTP 503 answered with text\/plain \("upstream connect error or disconnect\/reset before headers\. reset reason:…"\) instead of AWS's JSON/,
    );

    // An HTML page under AWS's content type: the SDK's reading fails, and is said without its `Unexpected token`.
    emulator.answer(1, 'DescribeHyperParameterTuningJob', {
      ...BAD_GATEWAY,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    });
    const mislabelled = await cli('tune', writeTuningFile('calls-mislabelled'), '--json');
    expect(mislabelled.code).toBe(1);
    expect(errorLine(mislabelled.stderr)).toMatch(
      /^tunekit: DescribeHyperParameterTuningJob: HTTP 502 answered with a body that is not valid JSON, so not AWS's answer: check the endpoint/,
    );
    expect(mislabelled.stderr).not.toMatch(/Unexpected token|Deserialization error/);

    emulator.answer(1, 'DescribeHyperParameterTuningJob', {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' },
      body: JSON.stringify({
        __type: 'AccessDeniedException',
        message: 'User: arn:aws:iam::000000000000:user/ci is not authorized to perform this operation',
      }),
    });
    const denied = await cli('tune', writeTuningFile('calls-denied'), '--json');
    expect(denied.code).toBe(1);
    expect(errorLine(denied.stderr)).toBe(
      'tunekit: DescribeHyperParameterTuningJob: User: arn:aws:iam::000000000000:user/ci is not authorized to perform this operation (AccessDeniedException)',
    );
  });

  it('never repeats a secret an answer echoes (a debugging proxy, a hostile endpoint)', async () => {
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    emulator.answer(1, 'DescribeHyperParameterTuningJob', {
      status: 403,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        __type: 'InvalidSignatureException',
        message: `Signature mismatch for x-amz-security-token:${SESSION_TOKEN} and key ${secretKey}.`,
      }),
    });
    const json = await cli('tune', writeTuningFile('calls-echo-json'), '--json');
    expect(json.code).toBe(1);
    expect(errorLine(json.stderr)).toBe(
      'tunekit: DescribeHyperParameterTuningJob: Signature mismatch for x-amz-security-token:[redacted] and key [redacted]. (InvalidSignatureException)',
    );

    emulator.answer(1, 'DescribeHyperParameterTuningJob', {
      status: 400,
      headers: { 'content-type': 'text/plain' },
      body: `x-amz-security-token: ${SESSION_TOKEN}\nbad request`,
    });
    const plain = await cli('tune', writeTuningFile('calls-echo-plain'), '--json');
    expect(plain.code).toBe(1);
    expect(errorLine(plain.stderr)).toMatch(
      /^tunekit: DescribeHyperParameterTuningJob: HTTP 400 answered with text\/plain \("x-amz-security-token: \[redacted\] bad request"\)/,
    );
    for (const output of [json, plain]) {
      expect(output.stderr + output.stdout).not.toContain(SESSION_TOKEN.slice(0, 30));
      expect(output.stderr + output.stdout).not.toContain(secretKey);
    }
    // The call carried the token: it is the one a proxy could have echoed.
    expect(emulator.calls.some((call) => call.sessionToken === SESSION_TOKEN)).toBe(true);
  });

  it('lets the SDK retry a 5xx page as any 5xx, and waits out a 429 page as throttling', async () => {
    emulator.answer(2, 'DescribeHyperParameterTuningJob', BAD_GATEWAY);
    const retried = await cli('tune', writeTuningFile('calls-retried', { maxAttempts: 3 }), '--json');
    expect(retried.stderr).not.toMatch(/tunekit:/);
    expect(JSON.parse(retried.stdout)).toMatchObject({ status: 'Completed' });

    emulator.answer(3, 'ListTrainingJobsForHyperParameterTuningJob', {
      status: 429,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>429 Too Many Requests</title></head><body></body></html>',
    });
    const throttled = await cli('tune', writeTuningFile('calls-throttled'), '--json');
    expect(throttled.stderr).not.toMatch(/tunekit:/);
    expect(JSON.parse(throttled.stdout)).toMatchObject({ status: 'Completed' });
  });

  it('attach names DescribeHyperParameterTuningJob and the page', async () => {
    // attach's client makes the SDK's 5 attempts.
    emulator.answer(5, 'DescribeHyperParameterTuningJob', UNAVAILABLE);
    const attach = await cli(
      'attach',
      'calls-anything',
      '--region',
      'us-east-1',
      '--endpoint',
      emulator.endpoint,
    );
    expect(attach.code).toBe(1);
    expect(errorLine(attach.stderr)).toMatch(
      /^tunekit: DescribeHyperParameterTuningJob: HTTP 503 answered with an HTML page \("503 Service Temporarily Unavailable & more"\) instead of AWS's JSON/,
    );
  });
});

describe('a failed call of executor.sagemaker', () => {
  const spec: () => TuningJobSpec = () => emulatorSpec(emulator.endpoint, { name: 'calls-trial' });
  const start = (trialId: number) => {
    const trialDir = mkdtempSync(join(dir, `trial-${trialId}-`));
    const metrics: MetricObservation[] = [];
    const running = executor.start({
      spec: spec(),
      trialId,
      params: { x: 0.5 },
      trialDir,
      baseDir: dir,
      onMetric: (observation) => metrics.push(observation),
    });
    return { done: running.done, log: () => readFileSync(join(trialDir, TRIAL_LOG_FILE), 'utf8') };
  };

  it('fails the trial naming CreateTrainingJob and the page, not as SageMaker’s refusal', async () => {
    emulator.answer(1, 'CreateTrainingJob', UNAVAILABLE);
    const outcome = await start(1).done;
    expect(outcome.status).toBe('Failed');
    const reason = outcome.status === 'Failed' ? outcome.reason : '';
    expect(reason).toMatch(
      /^CreateTrainingJob: HTTP 503 answered with an HTML page \("503 Service Temporarily Unavailable & more"\) instead of AWS's JSON/,
    );
    expect(reason).not.toMatch(/SageMaker refused|Unexpected token/);
  });

  it('goes on without the CloudWatch log when its call gets a page, saying which call', async () => {
    emulator.answer(1, 'DescribeLogStreams', BAD_GATEWAY);
    const trial = start(2);
    expect(await trial.done).toMatchObject({ status: 'Completed', objective: 0.04 });
    expect(trial.log()).toMatch(
      new RegExp(
        `^\\[tunekit\\] stopped following the CloudWatch log: DescribeLogStreams: ${GATEWAY_WORDS.source}`,
        'm',
      ),
    );
  });

  it('gives up after DescribeTrainingJob got pages 5 times in a row, saying what they were', async () => {
    emulator.answer(5, 'DescribeTrainingJob', BAD_GATEWAY);
    const outcome = await start(3).done;
    expect(outcome.status).toBe('Failed');
    const reason = outcome.status === 'Failed' ? outcome.reason : '';
    expect(reason).toMatch(
      new RegExp(
        `^SageMaker executor error \\(training job calls-trial-3-[0-9a-f]{6}\\): DescribeTrainingJob failed 5 times in a row \\(${GATEWAY_WORDS.source}`,
      ),
    );
    expect(reason).not.toMatch(/Unexpected token/);
  });
});
