/**
 * A GitHub REST emulator for the Action's tests: a real HTTP server on 127.0.0.1 serving the endpoints the Action
 * calls (issue comments, comment reactions, pull requests), with GitHub's pagination (`Link` headers), its token
 * check and its 65,536-character limit on comment bodies.
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

export interface GitHubEmulator {
  readonly url: string;
  readonly comments: Map<number, EmulatedComment[]>;
  readonly reactions: { commentId: number; content: string }[];
  readonly pulls: Map<number, { number: number; head: { sha: string; ref: string }; base: { ref: string } }>;
  readonly requests: RecordedRequest[];
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
        const comment: EmulatedComment = {
          id: nextId++,
          body: commentBody,
          user: { login: 'github-actions[bot]', type: 'Bot' },
          html_url: `https://github.com/${options.repository}/pull/${issue}#issuecomment-${nextId}`,
        };
        comments.set(issue, [...list, comment]);
        send(201, comment);
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
    comments,
    reactions,
    pulls,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
