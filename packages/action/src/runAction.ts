/**
 * The Action's work, given its inputs and the runner's environment as plain values: plan the event, check out
 * the pull request's head when a `/tune` comment asked, run the tuning job with the runner, then answer: the
 * sticky comment, the job summary and the step's outputs. `main.ts` only reads `@actions/core` and calls this.
 *
 * The token stays in: trials start from the Action's environment without it (secrets.ts), and every sink (logs,
 * outputs, summary, comments, `report.md`) redacts it. The sticky comment is the one the token's own identity
 * wrote; a comment by anyone else is never edited nor read for a baseline, whatever marker it carries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TuningJobSpec } from '@tunekit/core';
import {
  bestHyperparameters,
  bestObservedTrial,
  bestTrial,
  createLocalExecutor,
  createPlainProgress,
  type Executor,
  type JobResult,
  type JobView,
  loadTuningFile,
  markdownReport,
  readJob,
  runJob,
  trialLogPathOf,
  withOverrides,
} from '@tunekit/runner';
import {
  commentMarker,
  type RunRecord,
  readRunRecord,
  renderComment,
  renderFailureComment,
} from './comment.ts';
import type { GitHubClient, Identity, IssueComment } from './github.ts';
import { type ActionInputs, planRun, type RunPlan } from './plan.ts';
import { createRedactor, trialEnvironment } from './secrets.ts';

/** What the Action reads from the runner's environment. */
export interface ActionEnvironment {
  readonly eventName: string;
  readonly payload: unknown;
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`, when known. */
  readonly runUrl?: string;
  /** `GITHUB_SHA`. */
  readonly sha?: string;
  /** The Action's process environment (`process.env`): trials start from it, without the token. */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

/** Where the Action writes: logs, outputs, the job summary. */
export interface ActionSinks {
  info(line: string): void;
  warning(line: string): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
}

export interface ActionResult {
  /** Whether the step succeeds. */
  readonly ok: boolean;
  /** Why it failed, for `setFailed`. */
  readonly failure?: string;
}

/**
 * Runs the Action.
 *
 * @param inputs - The parsed inputs.
 * @param environment - The event and the run's identity.
 * @param github - The REST client (a real one against GITHUB_API_URL).
 * @param sinks - Logs, outputs and summary.
 * @returns Whether the step succeeds and why not.
 */
export async function runAction(
  inputs: ActionInputs,
  environment: ActionEnvironment,
  unsafeGitHub: GitHubClient,
  unsafeSinks: ActionSinks,
): Promise<ActionResult> {
  const redact = createRedactor([inputs.token]);
  const sinks = redactedSinks(unsafeSinks, redact);
  const github = redactedGitHub(unsafeGitHub, redact);
  const result = await planAndRun(inputs, environment, github, sinks, redact);
  return result.failure === undefined ? result : { ...result, failure: redact(result.failure) };
}

/**
 * The sinks, each text redacted; a line that would read as a workflow command (`::name::`) is indented, so text
 * from a trial cannot set outputs, masks or annotations.
 */
function redactedSinks(sinks: ActionSinks, redact: (text: string) => string): ActionSinks {
  const logLine = (text: string): string => redact(text).replace(/^::/gm, ' ::');
  return {
    info: (line) => sinks.info(logLine(line)),
    warning: (line) => sinks.warning(logLine(line)),
    setOutput: (name, value) => sinks.setOutput(name, redact(value)),
    appendSummary: (markdown) => sinks.appendSummary(redact(markdown)),
  };
}

function redactedGitHub(github: GitHubClient, redact: (text: string) => string): GitHubClient {
  return {
    listComments: (issueNumber) => github.listComments(issueNumber),
    createComment: (issueNumber, body) => github.createComment(issueNumber, redact(body)),
    updateComment: (commentId, body) => github.updateComment(commentId, redact(body)),
    react: (commentId, reaction) => github.react(commentId, reaction),
    pullRequest: (pullNumber) => github.pullRequest(pullNumber),
    identity: () => github.identity(),
  };
}

async function planAndRun(
  inputs: ActionInputs,
  environment: ActionEnvironment,
  github: GitHubClient,
  sinks: ActionSinks,
  redact: (text: string) => string,
): Promise<ActionResult> {
  const plan = planRun(environment.eventName, environment.payload, inputs);
  if (plan.kind === 'ignore') {
    sinks.info(plan.message);
    return { ok: true };
  }
  if (plan.kind === 'refuse') {
    sinks.warning(plan.message);
    if (plan.reaction !== undefined) await github.react(plan.reaction.commentId, plan.reaction.content);
    if (plan.reply !== undefined) await github.createComment(plan.reply.pullNumber, plan.reply.body);
    return plan.fail ? { ok: false, failure: plan.message } : { ok: true };
  }
  if (plan.trigger !== undefined) await github.react(plan.trigger.commentId, 'eyes');
  const result = await tuneAndAnswer(inputs, environment, plan, github, sinks, redact);
  if (plan.trigger !== undefined) await github.react(plan.trigger.commentId, result.ok ? 'rocket' : '-1');
  return result;
}

async function tuneAndAnswer(
  inputs: ActionInputs,
  environment: ActionEnvironment,
  plan: RunPlan,
  github: GitHubClient,
  sinks: ActionSinks,
  redact: (text: string) => string,
): Promise<ActionResult> {
  const workDir = resolve(inputs.workingDirectory);
  const commenting = plan.comment && plan.pullNumber !== undefined;
  // Asked before the run: a token that cannot say who it is fails the step now, not after an hour of tuning.
  const identity = commenting ? await github.identity() : undefined;
  let sha = environment.sha;
  let spec: TuningJobSpec | undefined;
  let job: { result: JobResult; view: JobView } | undefined;
  let failure: string | undefined;
  let executor: Executor | undefined;
  try {
    if (plan.checkoutHead && plan.pullNumber !== undefined) {
      const pull = await github.pullRequest(plan.pullNumber);
      sha = checkoutPullRequest(workDir, plan.pullNumber, pull.head.sha, sinks);
    }
    const loaded = loadTuningFile(inputs.tuningFile, workDir);
    spec = withOverrides(loaded.spec, plan.overrides);
    sinks.info(
      `tunekit: tuning ${spec.name} (${spec.strategy}, ${spec.limits.maxTrials} trials, ${spec.limits.maxParallel} at once)`,
    );
    // Local trials start from the Action's environment without its token; SageMaker training jobs get only the
    // tuning file's variables anyway.
    if (spec.executor.kind === 'local')
      executor = createLocalExecutor({
        environment: trialEnvironment(environment.variables, [inputs.token]),
      });
    const result = await runJob({
      spec,
      rootDir: workDir,
      baseDir: loaded.baseDir,
      source: loaded.path,
      ...(executor === undefined ? {} : { executor }),
      onEvent: createPlainProgress((text) => sinks.info(text.replace(/\n$/, '')), spec.objective.metric),
    });
    const view = readJob(workDir, spec.name).view;
    job = { result, view };
    if (result.status === 'Failed')
      // Too many failures in a row fail the job even after a success: the reason then says why, grouped.
      failure =
        result.counts.completed > 0
          ? `job ${spec.name} failed (${result.reason})`
          : `no trial of ${spec.name} succeeded (${result.counts.failed} failed)` +
            (result.reason.startsWith('maxConsecutiveFailures') ? `: ${result.reason}` : '');
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    await executor?.close();
  }
  const previous =
    identity !== undefined && plan.pullNumber !== undefined && spec !== undefined
      ? await findOwnComment(github, plan.pullNumber, commentMarker(spec.name), identity, sinks)
      : undefined;
  let baseline: RunRecord | undefined;
  if (previous !== undefined) {
    const read = readRunRecord(previous.body);
    if (read.ok) baseline = read.record;
    else sinks.warning(`the previous run's record in comment ${previous.id} is ignored: ${read.problem}`);
  }
  let body: string;
  if (job !== undefined) {
    body = renderComment({
      view: job.view,
      outcome:
        failure === undefined
          ? { ok: true, message: `Done (${job.result.reason})` }
          : { ok: false, message: `Failed: ${failure}` },
      ...(environment.runUrl === undefined ? {} : { runUrl: environment.runUrl }),
      ...(sha === undefined ? {} : { sha }),
      ...(baseline === undefined ? {} : { baseline }),
      failedLogs: failedLogs(job.result.jobDir, job.view),
    });
    const reportPath = join(job.result.jobDir, 'report.md');
    writeFileSync(reportPath, redact(markdownReport(job.view, { headingLevel: 1 })));
    writeOutputs(sinks, job.view, reportPath);
  } else {
    body = renderFailureComment({
      ...(spec === undefined ? {} : { jobName: spec.name }),
      message: failure ?? 'unknown error',
      ...(environment.runUrl === undefined ? {} : { runUrl: environment.runUrl }),
    });
  }
  sinks.appendSummary(body);
  if (commenting && plan.pullNumber !== undefined) {
    if (previous !== undefined) {
      await github.updateComment(previous.id, body);
      sinks.info(`tunekit: updated the comment on pull request #${plan.pullNumber}`);
    } else {
      await github.createComment(plan.pullNumber, body);
      sinks.info(`tunekit: commented on pull request #${plan.pullNumber}`);
    }
  }
  return failure === undefined ? { ok: true } : { ok: false, failure };
}

/**
 * The job's sticky comment: the first comment on the pull request with the job's marker that the token's own
 * identity wrote. Anyone can paste a marker into a comment; such comments are named in the log and left alone.
 */
async function findOwnComment(
  github: GitHubClient,
  pullNumber: number,
  marker: string,
  identity: Identity,
  sinks: ActionSinks,
): Promise<IssueComment | undefined> {
  const marked = (await github.listComments(pullNumber)).filter((comment) => comment.body.includes(marker));
  const isOwn = (comment: IssueComment): boolean =>
    comment.user?.login?.toLowerCase() === identity.login.toLowerCase();
  const others = marked.filter((comment) => !isOwn(comment));
  if (others.length > 0) {
    sinks.info(
      `tunekit: ignored ${others.length} comment${others.length === 1 ? '' : 's'} carrying this job's marker ` +
        `written by someone other than ${identity.login} (${others.map((comment) => comment.id).join(', ')})`,
    );
  }
  return marked.find(isOwn);
}

function writeOutputs(sinks: ActionSinks, view: JobView, reportPath: string): void {
  for (const [name, value] of Object.entries(actionOutputs(view, reportPath))) sinks.setOutput(name, value);
}

/**
 * The step's outputs. `best-*` name the job's reported best ({@link bestTrial}: under significant noise the
 * model's choice); `best-observed-*` the trial with the best observed value, the same one without such noise.
 *
 * @param view - The finished job.
 * @param reportPath - Where the Markdown report was written.
 * @returns Each output's name and value (empty when there is no such trial).
 */
export function actionOutputs(view: JobView, reportPath: string): Record<string, string> {
  const best = bestTrial(view);
  const observed = bestObservedTrial(view);
  return {
    'job-name': view.name,
    'report-path': reportPath,
    'best-hyperparameters': best === undefined ? '' : JSON.stringify(bestHyperparameters(view)),
    'best-objective': best?.objective === undefined ? '' : String(best.objective),
    'best-trial': best === undefined ? '' : String(best.id),
    'best-observed-objective': observed?.objective === undefined ? '' : String(observed.objective),
    'best-observed-trial': observed === undefined ? '' : String(observed.id),
  };
}

function failedLogs(jobDir: string, view: JobView): Map<number, string> {
  const logs = new Map<number, string>();
  for (const trial of view.trials.filter((record) => record.status === 'Failed').slice(0, 20)) {
    const path = trialLogPathOf(jobDir, trial.id);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    logs.set(
      trial.id,
      lines
        .slice(-15)
        .map((line) => line.slice(0, 300))
        .join('\n'),
    );
  }
  return logs;
}

/**
 * Checks out a pull request's head (`refs/pull/<n>/head`) in the workspace, detached.
 *
 * @returns The commit checked out.
 */
function checkoutPullRequest(
  workDir: string,
  pullNumber: number,
  expectedSha: string,
  sinks: ActionSinks,
): string {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: workDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('fetch', '--no-tags', 'origin', `+refs/pull/${pullNumber}/head:refs/remotes/origin/pr/${pullNumber}`);
  git('checkout', '--detach', `refs/remotes/origin/pr/${pullNumber}`);
  const sha = git('rev-parse', 'HEAD');
  if (sha !== expectedSha) {
    sinks.warning(
      `the pull request's head moved to ${sha.slice(0, 7)} since the comment; tuning that commit`,
    );
  }
  sinks.info(`tunekit: checked out pull request #${pullNumber} at ${sha.slice(0, 7)}`);
  return sha;
}
