/**
 * Decides what a workflow event asks of the Action: run a tuning job (and where to answer), refuse, or ignore.
 * Pure: it reads the event's payload and the inputs, nothing else.
 */

/** The Action's inputs, parsed. */
export interface ActionInputs {
  /** Path of the tuning file, relative to the working directory. */
  readonly tuningFile: string;
  readonly token: string;
  /** Overrides the tuning file's `limits.maxTrials`. */
  readonly maxTrials?: number;
  /** Whether to comment on the pull request. */
  readonly comment: boolean;
  /** The comment command, `/tune` by default. */
  readonly command: string;
  /** Run on `pull_request_target` (untrusted code with secrets) anyway. */
  readonly allowPullRequestTarget: boolean;
  /** Folder the tuning file and `.tunekit/` are in. */
  readonly workingDirectory: string;
}

/** Budget overrides from the inputs or from a `/tune key=value` comment. */
export interface Overrides {
  readonly maxTrials?: number;
  readonly maxParallel?: number;
  readonly seed?: number;
}

export interface RunPlan {
  readonly kind: 'run';
  /** The pull request to answer on; undefined for push and workflow_dispatch. */
  readonly pullNumber?: number;
  /** Whether to write the sticky comment. */
  readonly comment: boolean;
  /** The `/tune` comment that asked for the run: reacted to at start and end. */
  readonly trigger?: { readonly commentId: number; readonly user: string };
  /** Check out the pull request's head first (issue_comment runs on the default branch otherwise). */
  readonly checkoutHead: boolean;
  readonly overrides: Overrides;
}

export interface RefusePlan {
  readonly kind: 'refuse';
  readonly message: string;
  /** A reaction to the comment that asked. */
  readonly reaction?: { readonly commentId: number; readonly content: 'confused' };
  /**
   * An answer on the pull request, for a trusted commenter only: a reply to anyone would let anyone make the
   * repository's bot write comments (a spam channel).
   */
  readonly reply?: { readonly pullNumber: number; readonly body: string };
  /** Whether the step fails. */
  readonly fail: boolean;
}

export interface IgnorePlan {
  readonly kind: 'ignore';
  readonly message: string;
}

export type Plan = RunPlan | RefusePlan | IgnorePlan;

/** Author associations allowed to run `/tune`. */
export const TRUSTED_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

const OVERRIDE_KEYS: Readonly<Record<string, keyof Overrides>> = {
  'max-trials': 'maxTrials',
  'max-parallel': 'maxParallel',
  seed: 'seed',
};

interface Payload {
  readonly pull_request?: { readonly number?: number };
  readonly issue?: { readonly number?: number; readonly pull_request?: unknown };
  readonly comment?: {
    readonly id?: number;
    readonly body?: string;
    readonly author_association?: string;
    readonly user?: { readonly login?: string };
  };
  readonly action?: string;
}

/**
 * Plans the run for an event.
 *
 * @param eventName - `GITHUB_EVENT_NAME`.
 * @param payload - The parsed `GITHUB_EVENT_PATH` file.
 * @param inputs - The Action's inputs.
 * @returns What to do.
 */
export function planRun(eventName: string, payload: unknown, inputs: ActionInputs): Plan {
  const event = (payload ?? {}) as Payload;
  const base: Overrides = inputs.maxTrials === undefined ? {} : { maxTrials: inputs.maxTrials };
  switch (eventName) {
    case 'pull_request_target':
      if (!inputs.allowPullRequestTarget) {
        return {
          kind: 'refuse',
          fail: true,
          message:
            "tunekit refuses to run on pull_request_target: that event runs with the base repository's secrets " +
            "and a write token, and tuning runs the pull request's training code, so anyone opening a pull " +
            'request could read your secrets. Use `on: pull_request` instead, or set ' +
            '`allow-pull-request-target: true` only if every pull request comes from a trusted branch.',
        };
      }
      return pullRequestPlan(event, inputs, base);
    case 'pull_request':
      return pullRequestPlan(event, inputs, base);
    case 'issue_comment':
      return commentPlan(event, inputs, base);
    case 'push':
    case 'workflow_dispatch':
    case 'schedule':
      return { kind: 'run', comment: false, checkoutHead: false, overrides: base };
    default:
      return {
        kind: 'refuse',
        fail: true,
        message: `tunekit does not run on ${eventName} events; use pull_request, issue_comment, push or workflow_dispatch`,
      };
  }
}

function pullRequestPlan(event: Payload, inputs: ActionInputs, overrides: Overrides): Plan {
  const pullNumber = event.pull_request?.number;
  if (pullNumber === undefined) {
    return { kind: 'refuse', fail: true, message: 'the event has no pull_request.number' };
  }
  return { kind: 'run', pullNumber, comment: inputs.comment, checkoutHead: false, overrides };
}

function commentPlan(event: Payload, inputs: ActionInputs, base: Overrides): Plan {
  // Only a new comment asks: an edit (a typo fixed, the same text saved again) or a deletion must not run again.
  if (event.action !== 'created') {
    return {
      kind: 'ignore',
      message: `the comment was ${event.action ?? 'sent with no action'}: only a newly created ${inputs.command} comment starts a run; nothing to do`,
    };
  }
  const body = event.comment?.body ?? '';
  const args = commandArguments(body, inputs.command);
  if (args === undefined) {
    return { kind: 'ignore', message: `the comment does not start with ${inputs.command}; nothing to do` };
  }
  const pullNumber = event.issue?.number;
  const commentId = event.comment?.id;
  if (event.issue?.pull_request === undefined || pullNumber === undefined || commentId === undefined) {
    return {
      kind: 'ignore',
      message: `${inputs.command} was written on an issue, not a pull request; nothing to do`,
    };
  }
  const user = event.comment?.user?.login ?? 'someone';
  const association = event.comment?.author_association ?? 'NONE';
  if (!TRUSTED_ASSOCIATIONS.includes(association)) {
    return {
      kind: 'refuse',
      fail: false,
      message: `${user} (${association}) may not run ${inputs.command}; nothing was run`,
      reaction: { commentId, content: 'confused' },
    };
  }
  const parsed = parseOverrides(args);
  if (typeof parsed === 'string') {
    return {
      kind: 'refuse',
      fail: true,
      message: parsed,
      reaction: { commentId, content: 'confused' },
      reply: { pullNumber, body: `@${user}, ${parsed}. Nothing was run.` },
    };
  }
  return {
    kind: 'run',
    pullNumber,
    comment: true,
    trigger: { commentId, user },
    checkoutHead: true,
    overrides: { ...base, ...parsed },
  };
}

/**
 * The arguments after the command on the comment's first line, or undefined when the comment is not the command.
 *
 * @param body - The comment.
 * @param command - For example `/tune`.
 * @returns The arguments (possibly empty), or undefined.
 */
export function commandArguments(body: string, command: string): string | undefined {
  const firstLine = body.trimStart().split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.startsWith(command)) return undefined;
  const rest = firstLine.slice(command.length);
  if (rest !== '' && !/^\s/.test(rest)) return undefined;
  return rest.trim();
}

/**
 * Parses `key=value` overrides (`max-trials=20 max-parallel=2 seed=3`).
 *
 * @param text - The arguments.
 * @returns The overrides, or a message saying what is wrong.
 */
export function parseOverrides(text: string): Overrides | string {
  const overrides: Record<string, number> = {};
  for (const token of text.split(/\s+/).filter((part) => part !== '')) {
    const match = /^([a-z-]+)=(.*)$/.exec(token);
    const key = match === null ? undefined : OVERRIDE_KEYS[match[1]!];
    if (match === null || key === undefined) {
      return `\`${token.replaceAll('`', "'")}\` is not an override I know: use ${Object.keys(OVERRIDE_KEYS)
        .map((name) => `${name}=<n>`)
        .join(', ')}`;
    }
    const value = Number(match[2]);
    if (!Number.isInteger(value) || value < (key === 'seed' ? 0 : 1) || value > 10_000) {
      return `${match[1]} must be a whole number between ${key === 'seed' ? 0 : 1} and 10000, not \`${match[2]!.replaceAll('`', "'")}\``;
    }
    overrides[key] = value;
  }
  return overrides;
}
