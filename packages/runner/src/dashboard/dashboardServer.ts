/**
 * `tunekit dashboard`'s HTTP server: the JSON API of packages/dashboard/src/api.ts over the journals of one folder,
 * and the built page. Plain `node:http`: six read-only GET routes need no framework, and one less dependency is
 * one less thing between a user's logs and the network.
 *
 * Safety: every name and id is checked before it touches the file system (a job name must pass jobPaths.ts's
 * check, a trial id must be a decimal integer of a trial the job asked); any other method than GET is 405; the
 * API sends no CORS header, so another site's page cannot read it; and while the server listens on a loopback
 * address it answers only requests whose Host is a loopback name, so a site that rebinds its DNS name to
 * 127.0.0.1 cannot read the jobs either.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiError } from '@tunekit/dashboard/api';
import { appDir } from '@tunekit/dashboard/assets';
import { trialLogPathOf } from '../journal/jobPaths.ts';
import { isLoopback, listen } from '../net/listen.ts';
import { apiTrialDetail } from './apiValues.ts';
import { createDetailJson } from './detailJson.ts';
import { type EventStream, isLineStart, openEventStream } from './eventStream.ts';
import { createJobHub } from './jobHub.ts';
import type { FoldedJob, JobWatcher } from './jobWatcher.ts';
import { readLogPiece } from './logTail.ts';
import { assetAnswer, safeSegments } from './staticAssets.ts';

/** How the server is started. */
export interface DashboardOptions {
  /** Folder holding `.tunekit/`. */
  readonly rootDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** The built page's folder (default: `@tunekit/dashboard`'s `appDir`, its `dist/app`). */
  readonly distDir?: string;
  /** Poll and heartbeat periods in ms (tests shorten them). */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
}

/** A listening dashboard. */
export interface DashboardServer {
  /** `http://<host>:<port>/`, with the real port. */
  readonly url: string;
  readonly port: number;
  /** Ends every event stream, stops the watchers and closes the server. */
  close(): Promise<void>;
}

/**
 * The page's content security policy: its own scripts, styles, images and API only (styles may be inline: the
 * charts' tooltips are HTML with style attributes); no framing, no form posts, no base URL. A string a journal
 * smuggles into the page (a trial's log line, a metric name) cannot load or run anything.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Starts the server.
 *
 * @param options - Folder, port and host.
 * @returns The server, listening.
 * @throws RunnerError `addressUnavailable` when the port is taken or the host is not this machine's.
 */
export async function startDashboardServer(options: DashboardOptions): Promise<DashboardServer> {
  const hub = createJobHub(options.rootDir, {
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const distDir = options.distDir ?? appDir;
  const streams = new Set<EventStream>();
  hub.onHeartbeat(() => {
    for (const stream of streams) stream.beat();
  });
  const detailCache = new WeakMap<JobWatcher, { readonly version: number; readonly json: string }>();
  const detailJson = createDetailJson();
  const loopback = isLoopback(options.host);

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const target = request.url ?? '/';
    const query = target.indexOf('?');
    const rawPath = query === -1 ? target : target.slice(0, query);
    // Read as properties (`parameters.from`): the install test scans the built code for imports, and reads the
    // word from between quotes as the start of one.
    const parameters: Readonly<Record<string, string>> = Object.fromEntries(
      new URLSearchParams(query === -1 ? '' : target.slice(query + 1)),
    );
    if (loopback && !isLoopbackHost(request.headers.host)) {
      sendError(
        response,
        403,
        'this dashboard answers only requests to a loopback address (localhost, 127.0.0.1)',
      );
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      sendError(response, 405, `the dashboard is read-only: ${request.method} is not allowed, only GET`);
      return;
    }
    if (rawPath !== '/api' && !rawPath.startsWith('/api/')) {
      const answer = assetAnswer(distDir, rawPath);
      if (answer.status === 200) {
        response.writeHead(200, {
          'Content-Type': answer.contentType,
          'Cache-Control': answer.cacheControl,
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Frame-Options': 'DENY',
          'Referrer-Policy': 'no-referrer',
        });
        response.end(answer.body);
      } else {
        response.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`${answer.text}\n`);
      }
      return;
    }
    const segments = safeSegments(rawPath);
    if (segments === undefined || segments[1] !== 'jobs' || segments.length > 6) {
      sendError(response, 404, `no such API route: ${rawPath.slice(0, 200)}`);
      return;
    }
    if (segments.length === 2) {
      sendJson(response, JSON.stringify(hub.list()));
      return;
    }
    const name = segments[2]!;
    const found = findJob(name);
    if ('error' in found) {
      sendError(response, found.status, found.error);
      return;
    }
    const { watcher, job } = found;
    if (segments.length === 3) {
      const cached = detailCache.get(watcher);
      const json = cached?.version === job.version ? cached.json : detailJson.of(job);
      detailCache.set(watcher, { version: job.version, json });
      sendJson(response, json);
      return;
    }
    if (segments.length === 4 && segments[3] === 'events') {
      const from = offsetParameter(request.headers['last-event-id'] ?? parameters.from ?? '0');
      if (from === undefined) {
        sendError(
          response,
          400,
          '`from` (or Last-Event-ID) must be a journal byte offset: a decimal integer',
        );
        return;
      }
      if (from <= job.offset && !isLineStart(watcher.jobDir, from)) {
        sendError(response, 400, `\`from\` ${from} is not where a journal event starts: use an event's id`);
        return;
      }
      const stream = openEventStream(response, watcher, job, from, () => streams.delete(stream));
      streams.add(stream);
      return;
    }
    if (segments[3] !== 'trials' || segments.length < 5) {
      sendError(response, 404, `no such API route: ${rawPath.slice(0, 200)}`);
      return;
    }
    const idText = segments[4]!;
    const trial = /^\d{1,9}$/.test(idText)
      ? job.view.trials.find((candidate) => candidate.id === Number(idText))
      : undefined;
    if (trial === undefined) {
      sendError(response, 404, `job ${name} has no trial ${idText.slice(0, 40)}`);
      return;
    }
    if (segments.length === 5) {
      sendJson(response, JSON.stringify(apiTrialDetail(trial, job.view, job.curves, job.tunerPid)));
      return;
    }
    if (segments[5] !== 'log') {
      sendError(response, 404, `no such API route: ${rawPath.slice(0, 200)}`);
      return;
    }
    const from = offsetParameter(parameters.from ?? '0');
    if (from === undefined) {
      sendError(response, 400, '`from` must be a byte offset of the log: a decimal integer');
      return;
    }
    const piece = readLogPiece(trialLogPathOf(watcher.jobDir, trial.id), from);
    const detail = apiTrialDetail(trial, job.view, job.curves, job.tunerPid);
    response.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Log-Offset': String(piece.next),
      'X-Log-Start': String(piece.start),
      'X-Trial-Status': detail.trial.status,
    });
    response.end(piece.text);
  };

  const findJob = (
    name: string,
  ): { watcher: JobWatcher; job: FoldedJob } | { status: 404 | 500; error: string } => {
    let watcher: JobWatcher;
    try {
      watcher = hub.watcher(name);
    } catch {
      return { status: 404, error: `no job named ${name.slice(0, 80)}: not a valid job name` };
    }
    try {
      const job = watcher.folded();
      return job === undefined
        ? { status: 404, error: `no job named ${name} in ${options.rootDir}` }
        : { watcher, job };
    } catch (error) {
      return { status: 500, error: `the journal of job ${name} cannot be read: ${(error as Error).message}` };
    }
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      if (!response.headersSent) sendError(response, 500, (error as Error).message);
      else response.end();
    }
  });
  let address: { url: string; port: number };
  try {
    address = await listen(server, options.host, options.port);
  } catch (error) {
    hub.close();
    throw error;
  }
  hub.warmUp();
  return {
    url: address.url,
    port: address.port,
    async close() {
      for (const stream of [...streams]) stream.end();
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** Whether a Host header names this machine by a loopback name. */
function isLoopbackHost(header: string | undefined): boolean {
  if (header === undefined) return false;
  const host = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '');
  return isLoopback(host.toLowerCase());
}

function offsetParameter(text: string | string[]): number | undefined {
  const value = Array.isArray(text) ? text[0] : text;
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function sendJson(response: ServerResponse, json: string): void {
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(json);
}

function sendError(response: ServerResponse, status: number, error: string): void {
  const body: ApiError = { error };
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(JSON.stringify(body));
}
