import { describe, expect, it } from 'vitest';
import { fileWith } from './fixtures/validFile.ts';
import { problemAt, sageMakerSettingsOf, specOf } from './testHelpers.ts';
import { validateTuningJob } from './validateTuningJob.ts';

const withExecutor = (executor: unknown) => validateTuningJob(fileWith({ executor }));

describe('executor', () => {
  it('reads a full local executor, stringifying env values', () => {
    const spec = specOf(
      withExecutor({
        local: {
          command: ['python3', 'train.py', 3],
          cwd: 'scripts',
          env: { OMP_NUM_THREADS: 1, MODE: 'fast' },
          timeoutSeconds: 60,
          killGraceSeconds: 0,
          channels: { train: '../data', 'validation.v2': '../val' },
        },
      }),
    );
    expect(spec.executor).toEqual({
      kind: 'local',
      command: ['python3', 'train.py', '3'],
      cwd: 'scripts',
      env: { OMP_NUM_THREADS: '1', MODE: 'fast' },
      timeoutSeconds: 60,
      killGraceSeconds: 0,
      channels: { train: '../data', 'validation.v2': '../val' },
    });
  });

  it('reads executor.remote with its defaults, and local reuse', () => {
    expect(specOf(withExecutor({ remote: {} })).executor).toEqual({
      kind: 'remote',
      leaseSeconds: 60,
      heartbeatSeconds: 10,
    });
    expect(specOf(withExecutor({ remote: { leaseSeconds: 5, heartbeatSeconds: 1 } })).executor).toEqual({
      kind: 'remote',
      leaseSeconds: 5,
      heartbeatSeconds: 1,
    });
    expect(
      specOf(withExecutor({ local: { command: ['python3', 'w.py'], reuse: true } })).executor,
    ).toMatchObject({
      kind: 'local',
      reuse: true,
    });
  });

  it('refuses remote settings that would lose every lease, and a reuse that is not a boolean', () => {
    expect(
      problemAt(withExecutor({ remote: { leaseSeconds: 5, heartbeatSeconds: 5 } }), [
        'executor',
        'remote',
        'heartbeatSeconds',
      ]).message,
    ).toBe(
      'must be less than leaseSeconds (5): a worker would lose every lease between two heartbeats; try 1',
    );
    expect(
      problemAt(withExecutor({ remote: { leaseSeconds: 0 } }), ['executor', 'remote', 'leaseSeconds']),
    ).toBeDefined();
    expect(problemAt(withExecutor({ remote: { lease: 5 } }), ['executor', 'remote', 'lease'])).toBeDefined();
    expect(
      problemAt(withExecutor({ local: { command: ['x'], reuse: 'yes' } }), ['executor', 'local', 'reuse'])
        .message,
    ).toBe('must be true or false, not the string "yes"');
  });

  it('reads SageMaker settings into typed settings with their defaults', () => {
    const settings = {
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/x',
      image: 'train:1',
      outputPath: 's3://bucket/out/',
    };
    const parsed = { ...sageMakerSettingsOf('sagemaker', settings) };
    expect(parsed).toMatchObject({ ...settings, instanceType: 'ml.m5.large', instanceCount: 1, spot: false });
    expect(specOf(withExecutor({ sagemaker: settings })).executor).toEqual({
      kind: 'sagemaker',
      settings: parsed,
    });
    const managed = { TrainingJobDefinition: { RoleArn: 'arn:aws:iam::1:role/x' } };
    expect(specOf(withExecutor({ 'sagemaker-managed': managed })).executor).toEqual({
      kind: 'sagemaker-managed',
      settings: sageMakerSettingsOf('sagemaker-managed', managed),
    });
  });

  it('wants exactly one executor', () => {
    expect(problemAt(withExecutor({}), ['executor']).message).toBe(
      'names no executor: add one of local: { command: [python3, train.py] }, remote: {}, sagemaker: {...} or sagemaker-managed: {...}',
    );
    expect(problemAt(withExecutor({ local: { command: ['x'] }, sagemaker: {} }), ['executor']).message).toBe(
      'names 2 executors (local, sagemaker): keep exactly one',
    );
    expect(problemAt(withExecutor({ locl: {} }), ['executor', 'locl']).message).toBe(
      'unknown key "locl"; did you mean "local"?',
    );
  });

  it('wants the command as a non-empty list', () => {
    expect(problemAt(withExecutor({ local: {} }), ['executor', 'local', 'command']).message).toBe(
      'is required: add the training command as a list, command: [python3, train.py]',
    );
    expect(
      problemAt(withExecutor({ local: { command: 'python3  train.py' } }), ['executor', 'local', 'command'])
        .message,
    ).toBe(
      'must be a list of arguments, not one string: write command: [python3, train.py] (no shell is involved)',
    );
    expect(
      problemAt(withExecutor({ local: { command: [] } }), ['executor', 'local', 'command']).message,
    ).toBe('must not be empty: give the program and its arguments, [python3, train.py]');
    expect(
      problemAt(withExecutor({ local: { command: ['python3', null] } }), ['executor', 'local', 'command', 1])
        .message,
    ).toBe('must be a string, not null');
  });

  it('checks env, timeouts and channels', () => {
    const result = withExecutor({
      local: {
        command: ['x'],
        env: { A: { b: 1 } },
        timeoutSeconds: 0,
        killGraceSeconds: -1,
        channels: { 'bad name': './d', train: 5 },
        timeout: 3,
      },
    });
    expect(problemAt(result, ['executor', 'local', 'env', 'A']).message).toBe(
      'must be a string, a number or true/false, not a mapping: write it as a quoted string',
    );
    expect(problemAt(result, ['executor', 'local', 'timeoutSeconds']).message).toBe(
      'must be greater than 0, not 0',
    );
    expect(problemAt(result, ['executor', 'local', 'killGraceSeconds']).message).toBe(
      'must be at least 0, not -1',
    );
    expect(problemAt(result, ['executor', 'local', 'channels', 'bad name']).message).toBe(
      'a channel name takes 1 to 64 letters, digits, ".", "-" or "_" (SageMaker\'s ChannelName): rename it',
    );
    expect(problemAt(result, ['executor', 'local', 'channels', 'train']).message).toBe(
      'must be a string, not the number 5',
    );
    expect(problemAt(result, ['executor', 'local', 'timeout']).message).toBe(
      'unknown key "timeout"; did you mean "timeoutSeconds"?',
    );
  });

  it('refuses SageMaker settings that are not a mapping', () => {
    expect(problemAt(withExecutor({ sagemaker: 'us-east-1' }), ['executor', 'sagemaker']).message).toBe(
      'must be a mapping of sagemaker settings, not the string "us-east-1"',
    );
  });
});
