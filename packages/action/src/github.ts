/**
 * The few GitHub REST endpoints the Action uses, over `fetch`: issue comments (list, create, update), reactions
 * on a comment, a pull request, and who the token acts as. Six endpoints do not justify a bundled Octokit;
 * pagination follows the `Link` header as GitHub documents it.
 */

export interface GitHubClientOptions {
  /** `GITHUB_API_URL`, e.g. https://api.github.com */
  readonly apiUrl: string;
  /** `owner/repo` */
  readonly repository: string;
  readonly token: string;
  /** For tests: the fetch to use. */
  readonly fetch?: typeof fetch;
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly html_url?: string;
  readonly user?: { readonly login?: string; readonly type?: string };
}

export interface PullRequest {
  readonly number: number;
  readonly head: { readonly sha: string; readonly ref: string };
  readonly base: { readonly ref: string };
}

/** Who the token acts as: the author GitHub records for the comments the Action writes. */
export interface Identity {
  readonly login: string;
  readonly type: string;
}

/**
 * The author of what a workflow's `GITHUB_TOKEN` writes. That token is a GitHub App installation token, which has
 * no user: `GET /user` answers 403 "Resource not accessible by integration".
 */
export const ACTIONS_IDENTITY: Identity = { login: 'github-actions[bot]', type: 'Bot' };

export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** A failed GitHub call: the HTTP status and GitHub's message, never the token. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

export interface GitHubClient {
  listComments(issueNumber: number): Promise<IssueComment[]>;
  createComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  react(commentId: number, reaction: Reaction): Promise<void>;
  pullRequest(pullNumber: number): Promise<PullRequest>;
  /** Who the token acts as: `GET /user` (a personal access token), else `github-actions[bot]` (`GITHUB_TOKEN`). */
  identity(): Promise<Identity>;
}

/**
 * Creates the client.
 *
 * @param options - API URL, repository and token.
 * @returns The client.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const doFetch = options.fetch ?? fetch;
  const apiRoot = options.apiUrl.replace(/\/+$/, '');
  const base = `${apiRoot}/repos/${options.repository}`;
  const call = async <T>(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ data: T; link: string | null }> => {
    const response = await doFetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'tunekit-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new GitHubError(
        response.status,
        `GitHub ${method} ${url.replace(options.apiUrl, '')} failed with ${response.status}: ${message}` +
          (response.status === 403 || response.status === 404
            ? ' (does the workflow grant `pull-requests: write`? see the README)'
            : ''),
      );
    }
    return { data: (text === '' ? undefined : JSON.parse(text)) as T, link: response.headers.get('link') };
  };
  return {
    async listComments(issueNumber) {
      const comments: IssueComment[] = [];
      let url: string | undefined = `${base}/issues/${issueNumber}/comments?per_page=100`;
      while (url !== undefined) {
        const page: { data: IssueComment[]; link: string | null } = await call<IssueComment[]>('GET', url);
        comments.push(...page.data);
        url = nextLink(page.link);
      }
      return comments;
    },
    async createComment(issueNumber, body) {
      return (await call<IssueComment>('POST', `${base}/issues/${issueNumber}/comments`, { body })).data;
    },
    async updateComment(commentId, body) {
      return (await call<IssueComment>('PATCH', `${base}/issues/comments/${commentId}`, { body })).data;
    },
    async react(commentId, reaction) {
      await call('POST', `${base}/issues/comments/${commentId}/reactions`, { content: reaction });
    },
    async pullRequest(pullNumber) {
      return (await call<PullRequest>('GET', `${base}/pulls/${pullNumber}`)).data;
    },
    async identity() {
      let user: { login?: unknown; type?: unknown };
      try {
        user = (await call<{ login?: unknown; type?: unknown }>('GET', `${apiRoot}/user`)).data;
      } catch (error) {
        if (error instanceof GitHubError && error.status === 403) return ACTIONS_IDENTITY;
        throw error;
      }
      if (typeof user?.login !== 'string' || user.login === '')
        throw new GitHubError(200, 'GitHub GET /user answered without a login');
      return { login: user.login, type: typeof user.type === 'string' ? user.type : 'User' };
    },
  };
}

function nextLink(link: string | null): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match !== null) return match[1];
  }
  return undefined;
}
