/**
 * A GitHub REST emulator for the Action's tests: a real HTTP server on 127.0.0.1 serving the endpoints the Action
 * calls (issue comments, comment reactions, pull requests, the authenticated user), with GitHub's pagination (`Link`
 * headers), its token check and its 65,536-character limit on comment bodies.
 *
 * The token acts as an identity, as on GitHub: the `GITHUB_TOKEN` of a workflow run by default, which writes as
 * `github-actions[bot]` and gets 403 "Resource not accessible by integration" from `GET /user` (an installation
 * token has no user); or a personal access token's user, which `GET /user` returns.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatedComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/** Who the token acts as. */
export type EmulatedIdentity =
  | { readonly kind: 'actions' }
  | { readonly kind: 'user'; readonly login: string; readonly id: number };

/** The user GitHub shows for comments written with a workflow's `GITHUB_TOKEN`. */
export const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' } as const;

export interface GitHubEmulator {
  readonly url: string;
  /** Who the token acts as; change it to emulate another kind of token. */
  identity: EmulatedIdentity;
  readonly comments: Map<number, EmulatedComment[]>;
  readonly reactions: { commentId: number; content: string }[];
  readonly pulls: Map<number, { number: number; head: { sha: string; ref: string }; base: { ref: string } }>;
  readonly requests: RecordedRequest[];
  /** Adds a comment as if `login` had written it (a user, or another bot). */
  plantComment(issue: number, body: string, login: string, type?: string): EmulatedComment;
  close(): Promise<void>;
}

/**
 * Starts the emulator.
 *
 * @param options - The repository, the token it accepts and the page size of comment listings.
 * @returns The running emulator.
 */
export async function startGitHubEmulator(options: {
  repository: string;
  token: string;
  pageSize?: number;
}): Promise<GitHubEmulator> {
  const comments = new Map<number, EmulatedComment[]>();
  const reactions: { commentId: number; content: string }[] = [];
  const pulls = new Map<
    number,
    { number: number; head: { sha: string; ref: string }; base: { ref: string } }
  >();
  const requests: RecordedRequest[] = [];
  let nextId = 1000;
  const pageSize = options.pageSize ?? 30;
  const prefix = `/repos/${options.repository}`;
  let url = '';
  const emulator = { identity: { kind: 'actions' } as EmulatedIdentity };
  const author = (): EmulatedComment['user'] =>
    emulator.identity.kind === 'actions'
      ? { login: ACTIONS_BOT.login, type: ACTIONS_BOT.type }
      : { login: emulator.identity.login, type: 'User' };
  const addComment = (issue: number, body: string, user: EmulatedComment['user']): EmulatedComment => {
    const id = nextId++;
    const comment: EmulatedComment = {
      id,
      body,
      user,
      html_url: `https://github.com/${options.repository}/pull/${issue}#issuecomment-${id}`,
    };
    comments.set(issue, [...(comments.get(issue) ?? []), comment]);
    return comment;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const parsed = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = parsed.pathname;
    requests.push({
      method: request.method ?? 'GET',
      path: `${path}${parsed.search}`,
      ...(body === undefined ? {} : { body }),
    });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(data));
    };
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    if (path === '/user' && request.method === 'GET') {
      const identity = emulator.identity;
      if (identity.kind === 'actions') {
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403',
        });
      } else {
        send(200, { login: identity.login, id: identity.id, type: 'User' });
      }
      return;
    }
    if (!path.startsWith(`${prefix}/`)) {
      send(404, { message: 'Not Found' });
      return;
    }
    const rest = path.slice(prefix.length);
    let match = /^\/issues\/(\d+)\/comments$/.exec(rest);
    if (match !== null) {
      const issue = Number(match[1]);
      const list = comments.get(issue) ?? [];
      if (request.method === 'GET') {
        const page = Number(parsed.searchParams.get('page') ?? '1');
        const perPage = Math.min(pageSize, Number(parsed.searchParams.get('per_page') ?? '30'));
        const slice = list.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < list.length) {
          headers.link = `<${url}${prefix}/issues/${issue}/comments?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        }
        send(200, slice, headers);
        return;
      }
      if (request.method === 'POST') {
        const commentBody = String(body?.body ?? '');
        if (commentBody.length > 65_536) {
          send(422, {
            message: 'Validation Failed',
            errors: [{ message: 'body is too long (maximum is 65536 characters)' }],
          });
          return;
        }
        send(201, addComment(issue, commentBody, author()));
        return;
      }
    }
    match = /^\/issues\/comments\/(\d+)$/.exec(rest);
    if (match !== null && request.method === 'PATCH') {
      const id = Number(match[1]);
      const comment = [...comments.values()].flat().find((candidate) => candidate.id === id);
      if (comment === undefined) {
        send(404, { message: 'Not Found' });
        return;
      }
      const commentBody = String(body?.body ?? '');
      if (commentBody.length > 65_536) {
        send(422, {
          message: 'Validation Failed',
          errors: [{ message: 'body is too long (maximum is 65536 characters)' }],
        });
        return;
      }
      comment.body = commentBody;
      send(200, comment);
      return;
    }
    match = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest);
    if (match !== null && request.method === 'POST') {
      const content = String(body?.content ?? '');
      if (!['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'].includes(content)) {
        send(422, { message: 'Validation Failed' });
        return;
      }
      reactions.push({ commentId: Number(match[1]), content });
      send(201, { id: nextId++, content });
      return;
    }
    match = /^\/pulls\/(\d+)$/.exec(rest);
    if (match !== null && request.method === 'GET') {
      const pull = pulls.get(Number(match[1]));
      if (pull === undefined) send(404, { message: 'Not Found' });
      else send(200, pull);
      return;
    }
    send(404, { message: 'Not Found' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get identity() {
      return emulator.identity;
    },
    set identity(identity: EmulatedIdentity) {
      emulator.identity = identity;
    },
    comments,
    reactions,
    pulls,
    requests,
    plantComment: (issue, body, login, type = 'User') => addComment(issue, body, { login, type }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
