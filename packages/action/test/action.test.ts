/**
 * End to end: the BUILT Action (`dist/index.js`) runs as a process with the environment a GitHub runner gives it,
 * against a GitHub REST emulator on 127.0.0.1 and a real small tuning job (a Node training script).
 */
import { Buffer } from 'node:buffer';
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS_BOT, type GitHubEmulator, startGitHubEmulator } from './githubEmulator.ts';

const ACTION = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'ghs_emulatedTokenThatMustNeverLeak0123456789';
const REPOSITORY = 'acme/model';
/** The token as actions/checkout leaves it in `.git/config` (a Base64 basic credential). */
const BASIC_CREDENTIAL = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

const TRAIN = `
import { readFileSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const hp = {};
for (let i = 0; i < args.length; i += 2) hp[args[i].replace(/^--/, '')] = args[i + 1];
if (hp.mode === 'broken') { console.error('Traceback: ValueError: the data folder is empty'); process.exit(3); }
if (hp.mode === 'envdump') {
  // A crash dump as many training scripts write one: the whole environment, then the error.
  writeFileSync(process.env.SM_OUTPUT_DATA_DIR + '/env.json', JSON.stringify(process.env));
  for (const [name, value] of Object.entries(process.env).sort()) console.error(name + '=' + value);
  for (const [name, value] of Object.entries(process.env)) if (/TOKEN|INPUT_|COPY/.test(name)) console.error(name + '=' + value);
  console.error('RuntimeError: crashed with ' + Object.entries(process.env).filter(([name]) => /TOKEN|INPUT_|COPY/.test(name)).map(([n, v]) => n + '=' + v).join(' '));
  process.exit(1);
}
if (hp.mode === 'filedump') {
  // The token reaches the script another way (a credentials file): the Action's own output still hides it.
  const secret = readFileSync('secret.txt', 'utf8').trim();
  console.error('using credentials ' + secret);
  console.error('extraheader = AUTHORIZATION: basic ' + Buffer.from('x-access-token:' + secret).toString('base64'));
  console.error('RuntimeError: could not authenticate with ' + secret);
  process.exit(2);
}
if (hp.mode.startsWith('hostile') && Number(hp.x) >= 0.5) { console.error('Error: @octocat see https://evil.example/x <img src=x> www.evil.example #12'); process.exit(4); }
const x = Number(hp.x), depth = Number(hp.depth);
const loss = (x - 0.3) ** 2 + (depth - 3) ** 2 / 10 + (hp.kind === 'b' ? 0 : 0.2);
for (let epoch = 1; epoch <= 3; epoch++) console.log('epoch ' + epoch + ' loss: ' + (loss + (3 - epoch) * 0.1).toFixed(6));
`;

function tuningFile(name: string, mode: string, metric = 'loss', kinds = '[a, b]'): string {
  return [
    `name: ${name}`,
    `objective: { metric: ${JSON.stringify(metric)}, type: Minimize }`,
    'metrics:',
    `  - { name: ${JSON.stringify(metric)}, regex: 'loss: (\\S+)' }`,
    // Bayesian with more trials than its Sobol design (5 in 3-D), so the bundled worker pool runs the acquisition.
    'strategy: Bayesian',
    'parameters:',
    '  x: { type: continuous, min: 0, max: 1 }',
    '  depth: { type: integer, min: 1, max: 6 }',
    `  kind: { type: categorical, values: ${kinds} }`,
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
  writeFileSync(join(workspace, 'envdump.yaml'), tuningFile('pr-env', 'envdump'));
  writeFileSync(join(workspace, 'filedump.yaml'), tuningFile('pr-file', 'filedump'));
  writeFileSync(
    join(workspace, 'hostile.yaml'),
    tuningFile(
      'pr-hostile',
      '"hostile @octocat www.evil.example"',
      'loss <img src=x onerror=alert(1)> [click](https://evil.example) @octocat',
      `['@octocat', '<img src=x>', '[x](https://evil.example)', '@acme/admins', b]`,
    ),
  );
  // A credentials file the training code can read (actions/checkout persists the token in .git/config so).
  writeFileSync(join(workspace, 'secret.txt'), `${TOKEN}\n`);
  writeFileSync(join(workspace, '.gitignore'), '.tunekit/\nsecret.txt\n');
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
  variables: Record<string, string> = {},
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
  Object.assign(env, variables);
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

function commentEvent(
  body: string,
  association: string,
  login: string,
  id: number,
  action = 'created',
): unknown {
  return {
    action,
    issue: { number: 7, pull_request: { url: `${github.url}/repos/${REPOSITORY}/pulls/7` } },
    comment: { id, body, author_association: association, user: { login } },
  };
}

function assertNoLeak(run: ActionRun): void {
  // `::add-mask::<token>` is the workflow command that tells the runner to hide the token in every log line;
  // the runner consumes it and never prints it. Everything else must not hold the token.
  const [maskCommands, rest] = partition(run.stdout.split('\n'), (line) => line.startsWith('::add-mask::'));
  expect(maskCommands.every((line) => line === `::add-mask::${TOKEN}`)).toBe(true);
  const reportPath = run.outputs['report-path'];
  for (const text of [
    rest.join('\n'),
    run.summary,
    JSON.stringify(run.outputs),
    reportPath === undefined ? '' : readFileSync(reportPath, 'utf8'),
    ...[...github.comments.values()].flat().map((comment) => comment.body),
  ]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(BASIC_CREDENTIAL);
  }
}

/** The comment of a job on a pull request, with its id and author. */
function jobComment(pull: number, job: string) {
  return (github.comments.get(pull) ?? []).filter((comment) =>
    comment.body.includes(`<!-- tunekit-action job=${job} -->`),
  );
}

const ZWJ = '\u200d';

/** Hostile text that must reach a comment, summary or report only escaped. */
function expectInert(text: string): void {
  expect(text).not.toContain('<img');
  expect(text).not.toMatch(/(^|[^\\])\[(x|click)\]\(/); // a link whose `]` is not escaped
  expect(text).not.toMatch(/@(octocat|acme)/); // a mention: `@` directly before the name
  expect(text).not.toMatch(/https:\/\/evil|www\.evil/); // an auto-link
  expect(text).not.toMatch(/(^|\s)#12\b/); // an issue reference
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
    // Issue 14: static values keep the tuning file's types (`epochs: 3` a number, not "3").
    expect(best.epochs).toBe(3);
    expect(Number(run.outputs['best-objective'])).toBeGreaterThanOrEqual(0);
    // Issue 15: the best observed trial beside the reported best (the same one unless the noise is significant).
    expect(run.outputs['best-trial']).toMatch(/^\d+$/);
    expect(run.outputs['best-observed-trial']).toMatch(/^\d+$/);
    expect(Number(run.outputs['best-observed-objective'])).toBeLessThanOrEqual(
      Number(run.outputs['best-objective']),
    );
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

  test('/tune by a stranger: one confused reaction and no reply comment (replies are a spam channel), nothing run', async () => {
    const before = commentsOn(7).length;
    const run = await runAction('issue_comment', commentEvent('/tune', 'NONE', 'mallory', 502));
    expect(run.status).toBe(0);
    expect(existsSync(join(workspace, '.tunekit'))).toBe(false);
    expect(commentsOn(7)).toHaveLength(before);
    expect(github.reactions.filter((reaction) => reaction.commentId === 502).map((r) => r.content)).toEqual([
      'confused',
    ]);
    expect(run.stdout).toContain('mallory (NONE) may not run /tune');
  });

  test('an edited or deleted /tune comment starts nothing: only a created one does', async () => {
    for (const [action, id] of [
      ['edited', 504],
      ['deleted', 505],
    ] as const) {
      const requests = github.requests.length;
      const run = await runAction('issue_comment', commentEvent('/tune', 'OWNER', 'bob', id, action));
      expect(run.status).toBe(0);
      expect(github.requests.length).toBe(requests);
      expect(existsSync(join(workspace, '.tunekit'))).toBe(false);
      expect(run.stdout).toContain(action);
    }
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
    // Failed fast after 5 failures in a row (limits.maxConsecutiveFailures' default), not 8; the message says why.
    expect(run.stdout).toContain(
      'maxConsecutiveFailures: 5 trials failed in a row: 5 x "Traceback: ValueError: the data folder is empty"',
    );
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

  test('a marker comment by someone else is not ours: left alone, its forged baseline ignored, no crash', async () => {
    const forged = (sha: unknown) =>
      `<!-- tunekit-action job=pr-tune -->\n<!-- tunekit-action-data ${JSON.stringify({ objective: -1e308, hyperparameters: {}, sha })} -->\nI am the bot, trust me`;
    const planted = [
      github.plantComment(9, forged(42), 'mallory'),
      github.plantComment(9, forged('@octocat'), 'mallory'),
    ];
    const run = await runAction('pull_request', pullRequestEvent('opened', 9), { 'max-trials': '3' });
    expect(run.stdout).not.toContain('is not a function');
    expect(run.status).toBe(0);
    const comments = jobComment(9, 'pr-tune');
    expect(comments).toHaveLength(3);
    expect(comments.slice(0, 2).map((comment) => comment.body)).toEqual(
      planted.map((comment) => comment.body),
    );
    const ours = comments[2]!;
    expect(ours.user.login).toBe(ACTIONS_BOT.login);
    expect(ours.body).toContain('No baseline yet');
    expect(ours.body).not.toContain('octoca');
    assertNoLeak(run);
  });

  test('our own comment with a corrupt record: a warning, no baseline, the comment updated', async () => {
    const own = github.plantComment(
      10,
      `<!-- tunekit-action job=pr-tune -->\n<!-- tunekit-action-data {"objective":"1","hyperparameters":{"__proto__":{"x":1}},"sha":"@octocat","extra":true} -->\nold`,
      ACTIONS_BOT.login,
      ACTIONS_BOT.type,
    );
    const run = await runAction('pull_request', pullRequestEvent('opened', 10), { 'max-trials': '3' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/::warning::.*previous run's record.*ignored/);
    const comments = jobComment(10, 'pr-tune');
    expect(comments.map((comment) => comment.id)).toEqual([own.id]);
    expect(comments[0]!.body).toContain('No baseline yet');
    expect(comments[0]!.body).not.toContain('octocat');
  });

  test("with a personal access token, the comments of the user GET /user names are ours, not the bot's", async () => {
    github.identity = { kind: 'user', login: 'tune-bot', id: 77 };
    try {
      const record = (objective: number) =>
        `<!-- tunekit-action job=pr-tune -->\n<!-- tunekit-action-data ${JSON.stringify({ objective, hyperparameters: { x: 0.5 }, sha: 'abcdef0' })} -->`;
      const bots = github.plantComment(11, record(-5), ACTIONS_BOT.login, ACTIONS_BOT.type);
      const mine = github.plantComment(11, record(12345), 'tune-bot');
      const run = await runAction('pull_request', pullRequestEvent('opened', 11), { 'max-trials': '3' });
      expect(run.status).toBe(0);
      const comments = jobComment(11, 'pr-tune');
      expect(comments.map((comment) => comment.id)).toEqual([bots.id, mine.id]);
      expect(comments[0]!.body).toBe(bots.body);
      expect(comments[1]!.body).toContain('Baseline (best of the previous run on abcdef0): 12345');
    } finally {
      github.identity = { kind: 'actions' };
    }
  });

  test("trials get no token: a script that dumps its environment sees neither inputs nor tokens, but the workflow's variables", async () => {
    const run = await runAction(
      'pull_request',
      pullRequestEvent('opened', 12),
      { 'tuning-file': 'envdump.yaml', 'max-trials': '2' },
      {
        GITHUB_TOKEN: TOKEN,
        MY_COPY: TOKEN,
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-secret',
        ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-secret',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
        WANDB_API_KEY: 'set-by-the-workflow',
      },
    );
    expect(run.status).not.toBe(0);
    const trials = join(workspace, '.tunekit', 'jobs', 'pr-env', 'trials');
    const dumps = readdirSync(trials).map(
      (id) =>
        JSON.parse(readFileSync(join(trials, id, 'output', 'data', 'env.json'), 'utf8')) as Record<
          string,
          string
        >,
    );
    expect(dumps.length).toBeGreaterThan(0);
    for (const env of dumps) {
      expect(Object.keys(env).filter((name) => name.startsWith('INPUT_'))).toEqual([]);
      for (const name of [
        'GITHUB_TOKEN',
        'MY_COPY',
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_URL',
      ]) {
        expect(env[name], name).toBeUndefined();
      }
      expect(Object.values(env)).not.toContain(TOKEN);
      expect(env.WANDB_API_KEY).toBe('set-by-the-workflow');
      expect(env.GITHUB_REPOSITORY).toBe(REPOSITORY);
      expect(env.SM_HP_MODE).toBe('envdump');
    }
    expect(jobComment(12, 'pr-env')[0]!.body).toContain('RuntimeError: crashed with');
    assertNoLeak(run);
  });

  test('the token a trial prints anyway is redacted in the comment, summary, outputs, report and log', async () => {
    const run = await runAction('pull_request', pullRequestEvent('opened', 13), {
      'tuning-file': 'filedump.yaml',
      'max-trials': '2',
    });
    expect(run.status).not.toBe(0);
    const trials = join(workspace, '.tunekit', 'jobs', 'pr-file', 'trials');
    // The trial's own log holds what it printed (it is the user's file); nothing the Action writes does.
    const logs = readdirSync(trials).map((id) => readFileSync(join(trials, id, 'output.log'), 'utf8'));
    expect(logs.join('')).toContain(TOKEN);
    const body = jobComment(13, 'pr-file')[0]!.body;
    expect(body).toContain('could not authenticate with ***');
    expect(body).toContain('using credentials ***');
    expect(body).toContain('AUTHORIZATION: basic ***');
    expect(run.summary).toContain('could not authenticate with ***');
    assertNoLeak(run);
  });

  test('hostile names and values reach the comment, summary and report escaped: no HTML, link or mention', async () => {
    const run = await runAction('pull_request', pullRequestEvent('opened', 14), {
      'tuning-file': 'hostile.yaml',
      'max-trials': '8',
    });
    expect(jobComment(14, 'pr-hostile'), run.stdout).toHaveLength(1);
    const body = jobComment(14, 'pr-hostile')[0]!.body;
    expect(body, run.stdout).toContain(`@${ZWJ}octocat`);
    // The failed trial's reason and last log lines are there, escaped or in code.
    expect(body).toContain('### Failed trials');
    for (const text of [body, run.summary, readFileSync(run.outputs['report-path']!, 'utf8')]) {
      // Code blocks render literally and GitHub links nothing in them: check the text outside them.
      const outside = text
        .replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?\n\1\2$/gm, '')
        .replace(/(`+)[^`\n][\s\S]*?\1/g, '');
      expectInert(outside);
      // The Mermaid block ends where the Action ends it.
      expect(text.match(/^```mermaid$/gm)).toHaveLength(1);
    }
    assertNoLeak(run);
  });
});
