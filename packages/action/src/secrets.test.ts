import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { createRedactor, trialEnvironment } from './secrets.ts';

const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ';

describe('trialEnvironment', () => {
  test('drops the inputs, the runner tokens and any variable holding the token; keeps the workflow variables', () => {
    const env = trialEnvironment(
      {
        PATH: '/usr/bin',
        'INPUT_GITHUB-TOKEN': TOKEN,
        'INPUT_TUNING-FILE': 'tuning.yaml',
        GITHUB_TOKEN: 'another-token',
        ACTIONS_RUNTIME_TOKEN: 'runtime',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example',
        MY_COPY: TOKEN,
        GIT_AUTH: `x-access-token:${TOKEN}`,
        WANDB_API_KEY: 'kept',
        GITHUB_REPOSITORY: 'acme/model',
        UNSET: undefined,
      },
      [TOKEN],
    );
    expect(env).toEqual({ PATH: '/usr/bin', WANDB_API_KEY: 'kept', GITHUB_REPOSITORY: 'acme/model' });
  });

  test('an empty token removes no variable for its value', () => {
    expect(trialEnvironment({ A: '', B: 'b' }, [''])).toEqual({ A: '', B: 'b' });
  });
});

describe('createRedactor', () => {
  test('replaces every occurrence, the longer secret first', () => {
    const redact = createRedactor([TOKEN, `${TOKEN}-suffix`, '', 'ab']);
    expect(redact(`a ${TOKEN} b ${TOKEN}-suffix ab`)).toBe('a *** b *** ab');
    expect(redact('nothing secret')).toBe('nothing secret');
  });

  test('replaces the Base64 forms: the token, and the basic credential actions/checkout writes to .git/config', () => {
    const redact = createRedactor([TOKEN]);
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    expect(redact(`extraheader = AUTHORIZATION: basic ${basic}`)).toBe(
      'extraheader = AUTHORIZATION: basic ***',
    );
    expect(redact(`b64 ${Buffer.from(TOKEN).toString('base64')}`)).toBe('b64 ***');
  });
});
