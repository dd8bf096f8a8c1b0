/**
 * End to end: the BUILT Action (`dist/index.js`) runs as a process with the environment a GitHub runner gives it,
 * against a GitHub REST emulator on 127.0.0.1 and a real small tuning job (a Node training script).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from './githubEmulator.ts';

const ACTION = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'ghs_emulatedTokenThatMustNeverLeak0123456789';
const REPOSITORY = 'acme/model';

const TRAIN = `
const args = process.argv.slice(2);
const hp = {};
for (let i = 0; i < args.length; i += 2) hp[args[i].replace(/^--/, '')] = args[i + 1];
if (hp.mode === 'broken') { console.error('Traceback: ValueError: the data folder is empty'); process.exit(3); }
const x = Number(hp.x), depth = Number(hp.depth);
const loss = (x - 0.3) ** 2 + (depth - 3) ** 2 / 10 + (hp.kind === 'b' ? 0 : 0.2);
for (let epoch = 1; epoch <= 3; epoch++) console.log('epoch ' + epoch + ' loss: ' + (loss + (3 - epoch) * 0.1).toFixed(6));
`;

function tuningFile(name: string, mode: string): string {
  return [
    `name: ${name}`,
    'objective: { metric: loss, type: Minimize }',
    'metrics:',
    "  - { name: loss, regex: 'loss: (\\S+)' }",
    // Bayesian with more trials than its Sobol design (5 in 3-D), so the bundled worker pool runs the acquisition.
    'strategy: Bayesian',
    'parameters:',
    '  x: { type: continuous, min: 0, max: 1 }',
    '  depth: { type: integer, min: 1, max: 6 }',
    '  kind: { type: categorical, values: [a, b] }',
    `static: { mode: ${mode}, epochs: 3 }`,
    'limits: { maxTrials: 8, maxParallel: 2 }',
    'seed: 3',
    'executor:',
    '  local: { command: [node, train.mjs], timeoutSeconds: 60 }',
    '',
  ].join('\n');
}

let github: GitHubEmulator;
let root: string;
let origin: string;
let workspace: string;
let headSha: string;

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

beforeAll(async () => {
  github = await startGitHubEmulator({ repository: REPOSITORY, token: TOKEN, pageSize: 2 });
  root = mkdtempSync(join(tmpdir(), 'tunekit-action-'));
  origin = join(root, 'origin.git');
  workspace = join(root, 'workspace');
  git(root, 'init', '-q', '--bare', origin);
  mkdirSync(workspace);
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'user.email', 'ci@example.com');
  git(workspace, 'config', 'user.name', 'CI');
  writeFileSync(join(workspace, 'train.mjs'), TRAIN);
  writeFileSync(join(workspace, 'tuning.yaml'), tuningFile('pr-tune', 'ok'));
  writeFileSync(join(workspace, 'failing.yaml'), tuningFile('pr-broken', 'broken'));
  writeFileSync(join(workspace, '.gitignore'), '.tunekit/\n');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-q', '-m', 'base');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', 'origin', 'main');
  // The pull request's head: one more commit, published as GitHub does under refs/pull/7/head.
  writeFileSync(join(workspace, 'NOTES.md'), 'the pull request\n');
  git(workspace, 'add', 'NOTES.md');
  git(workspace, 'commit', '-q', '-m', 'pull request');
  headSha = git(workspace, 'rev-parse', 'HEAD');
  git(workspace, 'push', '-q', 'origin', 'HEAD:refs/pull/7/head');
  git(workspace, 'reset', '-q', '--hard', 'HEAD~1');
  github.pulls.set(7, { number: 7, head: { sha: headSha, ref: 'feature' }, base: { ref: 'main' } });
});

afterAll(async () => {
  await github?.close();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

async function runAction(
  eventName: string,
  event: unknown,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  rmSync(join(workspace, '.tunekit'), { recursive: true, force: true }); // every workflow run starts clean
  const files = mkdtempSync(join(root, 'run-'));
  const eventPath = join(files, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const outputPath = join(files, 'output');
  const summaryPath = join(files, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? root,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: git(workspace, 'rev-parse', 'HEAD'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    'INPUT_TUNING-FILE': 'tuning.yaml',
    'INPUT_GITHUB-TOKEN': TOKEN,
    INPUT_COMMENT: 'true',
    INPUT_COMMAND: '/tune',
    'INPUT_ALLOW-PULL-REQUEST-TARGET': 'false',
    'INPUT_WORKING-DIRECTORY': '.',
    'INPUT_MAX-TRIALS': '',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  // Asynchronously: the GitHub emulator answers from this process's event loop, which spawnSync would block.
  const result = await runProcess(process.execPath, [ACTION], { cwd: workspace, env, timeoutMs: 120_000 });
  const stdout = result.output;
  return {
    status: result.status,
    stdout,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}

function partition<T>(items: T[], predicate: (item: T) => boolean): [T[], T[]] {
  return [items.filter(predicate), items.filter((item) => !predicate(item))];
}

function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

function parseOutputs(text: string): Record<string, string> {
  // @actions/core writes `name<<DELIMITER\nvalue\nDELIMITER` blocks.
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

function commentsOn(pull: number): string[] {
  return (github.comments.get(pull) ?? []).map((comment) => comment.body);
}

function pullRequestEvent(action: string, number = 7): unknown {
  return { action, number, pull_request: { number, head: { sha: headSha, ref: 'feature' } } };
}

function commentEvent(body: string, association: string, login: string, id: number): unknown {
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: `${github.url}/repos/${REPOSITORY}/pulls/7` } },
    comment: { id, body, author_association: association, user: { login } },
  };
}

function assertNoLeak(run: ActionRun): void {
  // `::add-mask::<token>` is the workflow command that tells the runner to hide the token in every log line;
  // the runner consumes it and never prints it. Everything else must not hold the token.
  const [maskCommands, rest] = partition(run.stdout.split('\n'), (line) => line.startsWith('::add-mask::'));
  expect(maskCommands.every((line) => line === `::add-mask::${TOKEN}`)).toBe(true);
  for (const text of [
    rest.join('\n'),
    run.summary,
    JSON.stringify(run.outputs),
    ...commentsOn(7),
    ...commentsOn(8),
  ]) {
    expect(text).not.toContain(TOKEN);
  }
}

describe.sequential('the built Action', () => {
  test('pull_request opened: runs the job, creates one comment, writes outputs and the summary', async () => {
    const run = await runAction('pull_request', pullRequestEvent('opened'));
    expect(run.stdout).toContain('tunekit: tuning pr-tune');
    expect(run.status).toBe(0);
    const comments = commentsOn(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!;
    expect(body).toContain('<!-- tunekit-action job=pr-tune -->');
    expect(body).toContain('| hyperparameter | value |');
    expect(body).toContain('```mermaid');
    expect(body).toContain('static:');
    expect(body).toContain('https://github.com/acme/model/actions/runs/4242');
    expect(body).toContain('No baseline yet');
    const best = JSON.parse(run.outputs['best-hyperparameters']!) as Record<string, unknown>;
    expect(Object.keys(best).sort()).toEqual(['depth', 'epochs', 'kind', 'mode', 'x']);
    expect(Number(run.outputs['best-objective'])).toBeGreaterThanOrEqual(0);
    expect(run.outputs['job-name']).toBe('pr-tune');
    expect(readFileSync(run.outputs['report-path']!, 'utf8')).toContain('# tunekit: pr-tune');
    expect(run.summary).toContain('<!-- tunekit-action job=pr-tune -->');
    expect(run.stdout).not.toContain('worker threads unavailable');
    // `TUNEKIT_WRITE_EXAMPLE=1 pnpm test` refreshes the example comment the README shows.
    if (process.env.TUNEKIT_WRITE_EXAMPLE === '1') {
      writeFileSync(fileURLToPath(new URL('../example-comment.md', import.meta.url)), body);
    }
    assertNoLeak(run);
  });

  test('pull_request synchronize: updates the same comment and compares with the previous run', async () => {
    const run = await runAction('pull_request', pullRequestEvent('synchronize'), { 'max-trials': '5' });
    expect(run.status).toBe(0);
    const comments = commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('Baseline (best of the previous run');
    expect(comments[0]).toContain('5 of 5 trials');
    assertNoLeak(run);
  });

  test('/tune by a collaborator: reacts, checks out the head, runs with the overrides, updates the comment', async () => {
    const run = await runAction(
      'issue_comment',
      commentEvent('/tune max-trials=3 seed=11', 'COLLABORATOR', 'alice', 501),
    );
    expect(run.status).toBe(0);
    expect(github.reactions.filter((reaction) => reaction.commentId === 501).map((r) => r.content)).toEqual([
      'eyes',
      'rocket',
    ]);
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(headSha);
    const comments = commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('3 of 3 trials');
    expect(comments[0]).toContain(`on ${headSha.slice(0, 7)}`);
    assertNoLeak(run);
    git(workspace, 'checkout', '-q', 'main');
  });

  test('/tune by a stranger: a polite refusal, a confused reaction, nothing run', async () => {
    const before = commentsOn(7).length;
    const run = await runAction('issue_comment', commentEvent('/tune', 'NONE', 'mallory', 502));
    expect(run.status).toBe(0);
    expect(existsSync(join(workspace, '.tunekit'))).toBe(false);
    const comments = commentsOn(7);
    expect(comments).toHaveLength(before + 1);
    expect(comments.at(-1)).toContain('@mallory');
    expect(comments.at(-1)).toContain('only its owners, members and collaborators');
    expect(github.reactions.filter((reaction) => reaction.commentId === 502).map((r) => r.content)).toEqual([
      'confused',
    ]);
  });

  test('a comment that is not the command is ignored', async () => {
    const requests = github.requests.length;
    const run = await runAction(
      'issue_comment',
      commentEvent('looks good, /tune later', 'OWNER', 'bob', 503),
    );
    expect(run.status).toBe(0);
    expect(github.requests.length).toBe(requests);
  });

  test('pull_request_target is refused with the risk explained, unless allowed', async () => {
    const requests = github.requests.length;
    const run = await runAction('pull_request_target', pullRequestEvent('opened', 8));
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('pull_request_target');
    expect(run.stdout).toContain('secrets');
    expect(github.requests.length).toBe(requests);
    expect(existsSync(join(workspace, '.tunekit'))).toBe(false);
  });

  test('a failing job still comments, with the reasons and the last log lines, and the step fails', async () => {
    const run = await runAction('pull_request', pullRequestEvent('opened', 8), {
      'tuning-file': 'failing.yaml',
    });
    expect(run.status).not.toBe(0);
    const comments = commentsOn(8);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('<!-- tunekit-action job=pr-broken -->');
    expect(comments[0]).toContain('Failed');
    expect(comments[0]).toContain('ValueError: the data folder is empty');
    expect(run.stdout).toContain('no trial of pr-broken succeeded');
    assertNoLeak(run);
  });

  test('push: outputs and summary, no comment', async () => {
    const before = github.requests.length;
    const run = await runAction('push', { ref: 'refs/heads/main' });
    expect(run.status).toBe(0);
    expect(github.requests.length).toBe(before);
    expect(run.summary).toContain('tunekit: pr-tune');
    expect(run.outputs['job-name']).toBe('pr-tune');
  });
});
