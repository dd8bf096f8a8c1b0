import { describe, expect, test } from 'vitest';
import { type ActionInputs, commandArguments, parseOverrides, planRun } from './plan.ts';

const inputs: ActionInputs = {
  tuningFile: 'tuning.yaml',
  token: 't',
  comment: true,
  command: '/tune',
  allowPullRequestTarget: false,
  workingDirectory: '.',
};

const comment = (body: string, association: string, action = 'created') => ({
  action,
  issue: { number: 3, pull_request: {} },
  comment: { id: 9, body, author_association: association, user: { login: 'ann' } },
});

describe('planRun', () => {
  test('pull_request runs and comments on its pull request', () => {
    expect(planRun('pull_request', { pull_request: { number: 12 } }, inputs)).toEqual({
      kind: 'run',
      pullNumber: 12,
      comment: true,
      checkoutHead: false,
      overrides: {},
    });
  });

  test('the comment input turns the pull-request comment off', () => {
    const plan = planRun('pull_request', { pull_request: { number: 12 } }, { ...inputs, comment: false });
    expect(plan).toMatchObject({ kind: 'run', comment: false });
  });

  test('pull_request_target is refused unless explicitly allowed', () => {
    const refused = planRun('pull_request_target', { pull_request: { number: 1 } }, inputs);
    expect(refused).toMatchObject({ kind: 'refuse', fail: true });
    expect(refused.kind === 'refuse' && refused.message).toContain('allow-pull-request-target');
    const allowed = planRun(
      'pull_request_target',
      { pull_request: { number: 1 } },
      { ...inputs, allowPullRequestTarget: true },
    );
    expect(allowed).toMatchObject({ kind: 'run', pullNumber: 1 });
  });

  test.each(['OWNER', 'MEMBER', 'COLLABORATOR'])(
    '/tune by %s runs on the head with overrides',
    (association) => {
      expect(
        planRun('issue_comment', comment('/tune max-trials=20 seed=4', association), {
          ...inputs,
          maxTrials: 5,
        }),
      ).toEqual({
        kind: 'run',
        pullNumber: 3,
        comment: true,
        trigger: { commentId: 9, user: 'ann' },
        checkoutHead: true,
        overrides: { maxTrials: 20, seed: 4 },
      });
    },
  );

  test.each(['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'NONE', undefined])(
    '/tune by %s gets one reaction and no reply (a reply would be a spam channel)',
    (association) => {
      const plan = planRun('issue_comment', comment('/tune', association as string), inputs);
      expect(plan).toEqual({
        kind: 'refuse',
        fail: false,
        message: `ann (${association ?? 'NONE'}) may not run /tune; nothing was run`,
        reaction: { commentId: 9, content: 'confused' },
      });
    },
  );

  test.each(['edited', 'deleted', undefined])('a /tune comment that was %s starts nothing', (action) => {
    const payload = { ...comment('/tune max-trials=3', 'OWNER'), action };
    const plan = planRun('issue_comment', payload, inputs);
    expect(plan.kind).toBe('ignore');
    expect(plan.kind === 'ignore' && plan.message).toContain(`${action ?? 'no action'}`);
  });

  test('a bad override is answered and fails the step', () => {
    const plan = planRun('issue_comment', comment('/tune max-trials=lots', 'OWNER'), inputs);
    expect(plan).toMatchObject({
      kind: 'refuse',
      fail: true,
      reaction: { commentId: 9, content: 'confused' },
    });
    expect(plan.kind === 'refuse' && plan.reply?.body).toContain('max-trials must be a whole number');
    expect(plan.kind === 'refuse' && plan.reply?.pullNumber).toBe(3);
  });

  test('comments on issues, and comments that are not the command, are ignored', () => {
    expect(
      planRun('issue_comment', { issue: { number: 3 }, comment: { id: 1, body: '/tune' } }, inputs).kind,
    ).toBe('ignore');
    expect(planRun('issue_comment', comment('please /tune', 'OWNER'), inputs).kind).toBe('ignore');
    expect(planRun('issue_comment', comment('/tuner', 'OWNER'), inputs).kind).toBe('ignore');
  });

  test('push and workflow_dispatch run without a comment', () => {
    expect(planRun('push', {}, inputs)).toMatchObject({ kind: 'run', comment: false });
    expect(planRun('workflow_dispatch', {}, inputs)).toMatchObject({ kind: 'run', comment: false });
  });

  test('other events are refused, naming the event', () => {
    const plan = planRun('release', {}, inputs);
    expect(plan.kind === 'refuse' && plan.message).toContain('release');
  });
});

describe('command parsing', () => {
  test('the command is the first word of the first line', () => {
    expect(commandArguments('  /tune  max-trials=3\nthanks', '/tune')).toBe('max-trials=3');
    expect(commandArguments('/tune', '/tune')).toBe('');
    expect(commandArguments('/tunes', '/tune')).toBeUndefined();
  });

  test('overrides are whole numbers in range, unknown keys named', () => {
    expect(parseOverrides('max-trials=3 max-parallel=2 seed=0')).toEqual({
      maxTrials: 3,
      maxParallel: 2,
      seed: 0,
    });
    expect(parseOverrides('learning-rate=3')).toContain('`learning-rate=3` is not an override');
    expect(parseOverrides('max-trials=0')).toContain('between 1 and 10000');
    expect(parseOverrides('max-trials=2.5')).toContain('max-trials');
  });
});
