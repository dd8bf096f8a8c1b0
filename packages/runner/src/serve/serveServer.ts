/**
 * The HTTP server of a served job: the protocol's paths (packages/client/src/protocol.ts) over a trial broker.
 *
 * Every request must carry the job's bearer token (compared in constant time); bodies over 1 MiB are refused
 * unread; an `ask` that waits is released when its connection closes, so no trial is leased to a worker that went
 * away. The server adds no CORS header: a web page of another origin cannot call it with the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type JobInfo, MAX_BODY_BYTES, PROTOCOL_VERSION } from '@tunekit/client/protocol';
import { listen } from '../net/listen.ts';
import { ProtocolError } from './protocolError.ts';
import { readAsk, readHeartbeat, readReport, readTell } from './requestBodies.ts';
import type { TrialBroker } from './trialBroker.ts';

/** Options of the server. */
export interface ServeServerOptions {
  readonly broker: TrialBroker;
  readonly token: string;
  readonly host: string;
  readonly port: number;
  /** The metric names workers may report (the tuning file's definitions and the objective). */
  readonly metricNames: ReadonlySet<string>;
  /** The job as workers see it (`GET /v1/job`). */
  readonly info: () => JobInfo;
}

/** A listening served-job server. */
export interface ServeServer {
  /** `http://<host>:<port>` (no trailing slash), with the real port. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests: later ones are answered 503 `stopping` until `close`. */
  drain(): void;
  close(): Promise<void>;
}

const TRIAL_PATH = /^\/v1\/trials\/(\d{1,9})\/(heartbeat|report|tell)$/;

/**
 * Starts the server.
 *
 * @param options - The broker, the token, the address, the metric names, the job's summary.
 * @returns The server, listening.
 * @throws RunnerError `addressUnavailable` when the port is taken or the host is not this machine's.
 */
export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  const { broker, metricNames } = options;
  const expected = digest(options.token);
  let draining = false;

  const route = async (request: IncomingMessage, path: string, signal: AbortSignal): Promise<unknown> => {
    if (!authorized(request.headers.authorization, expected))
      throw new ProtocolError(
        'unauthorized',
        'missing or wrong bearer token: send Authorization: Bearer <the token tunekit serve printed>',
      );
    if (draining) throw new ProtocolError('stopping', 'the server is shutting down: retry later');
    if (path === `/${PROTOCOL_VERSION}/job`) {
      requireMethod(request, 'GET');
      return options.info();
    }
    requireMethod(request, 'POST');
    const text = await readBody(request);
    if (path === `/${PROTOCOL_VERSION}/ask`) return broker.ask({ ...readAsk(text), signal });
    const match = TRIAL_PATH.exec(path);
    if (match === null) throw new ProtocolError('notFound', `no such path: ${path.slice(0, 200)}`);
    const trialId = Number(match[1]);
    switch (match[2]) {
      case 'heartbeat':
        return broker.heartbeat(trialId, readHeartbeat(text).lease);
      case 'report':
        return broker.report(trialId, readReport(text, metricNames));
      default:
        broker.tell(trialId, readTell(text, metricNames));
        return { ok: true };
    }
  };

  const server = createServer((request, response) => {
    const abort = new AbortController();
    // The client went away before the answer (a long-polled ask): nothing is leased to it.
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const path = (request.url ?? '/').split('?')[0]!;
    route(request, path, abort.signal).then(
      (body) => send(response, 200, body),
      (error: unknown) => {
        if (error instanceof ProtocolError) {
          if (error.code === 'methodNotAllowed')
            response.setHeader('Allow', path.endsWith('/job') ? 'GET' : 'POST');
          if (error.code === 'unauthorized') response.setHeader('WWW-Authenticate', 'Bearer');
          send(response, error.status, error.body());
          if (error.code === 'tooLarge') request.destroy();
        } else {
          send(response, 500, { error: 'internal', message: (error as Error).message });
        }
      },
    );
  });
  // Long polls last up to 30 s; keep-alive connections of busy workers are reused between requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = await listen(server, options.host, options.port);
  return {
    url: address.url.replace(/\/$/, ''),
    port: address.port,
    drain() {
      draining = true;
    },
    async close() {
      // Answers already decided (a long poll just told `done` or `wait`) are written before connections go.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 500).unref();
      });
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), expected);
}

function requireMethod(request: IncomingMessage, method: 'GET' | 'POST'): void {
  if (request.method !== method)
    throw new ProtocolError('methodNotAllowed', `${request.method} is not allowed here, only ${method}`);
}

/** Reads a request's body as UTF-8, refusing one over {@link MAX_BODY_BYTES}. */
function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.includes('\u0000')) reject(new ProtocolError('badRequest', 'body: holds a NUL byte'));
      else resolve(text);
    });
    request.on('error', reject);
  });
}

function tooLarge(): ProtocolError {
  return new ProtocolError('tooLarge', `body: larger than ${MAX_BODY_BYTES} bytes; send less at a time`);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(json);
}
