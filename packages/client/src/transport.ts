/**
 * The client's one way to the server: a JSON request with the bearer token, sent again after a lost connection,
 * a timeout or a 5xx (503 `stopping` included) with exponential backoff until `giveUpSeconds` pass without an
 * answer (protocol.ts, "Retries"). Every retry sends the same body, which the protocol makes safe: an `ask`
 * retried with its `requestId` gets the trial already leased for it.
 *
 * Error answers become {@link ClientError}s: 401 `unauthorized`, 409 `leaseLost`, other 4xx `badRequest` with
 * the server's message. The token is sent in the `Authorization` header only, and never appears in an error.
 */
import { abortedError, backoffSeconds, sleep } from './backoff.ts';
import { ClientError } from './errors.ts';
import { ENVIRONMENT, type ErrorBody } from './protocol.ts';

/** @internal */
export interface TransportOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8470`. */
  readonly url: string;
  readonly token: string;
  /** Give up after this long without an answer. */
  readonly giveUpSeconds: number;
}

/** @internal */
export interface RequestOptions {
  /** How long one attempt may take before it counts as lost (default 30 s). */
  readonly attemptSeconds?: number;
  /** Aborting it ends the request (and its retries) with `aborted`. */
  readonly signal?: AbortSignal | undefined;
}

/** @internal */
export interface Transport {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  request(method: 'GET' | 'POST', path: string, body?: object, options?: RequestOptions): Promise<unknown>;
}

/**
 * Creates the transport of one study.
 *
 * @internal
 */
export function createTransport(options: TransportOptions): Transport {
  const url = options.url.replace(/\/+$/, '');
  const token = options.token;
  const giveUpMs = options.giveUpSeconds * 1000;
  // Set when a request gave up, cleared by any answer: until the server answers again, later requests (a loop's
  // last tell, a heartbeat) give up at their first failure instead of waiting giveUpSeconds once more.
  let unreachable = false;

  async function request(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
    requestOptions: RequestOptions = {},
  ): Promise<unknown> {
    const { signal } = requestOptions;
    const attemptMs = (requestOptions.attemptSeconds ?? 30) * 1000;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortedError(signal);
      const timeout = AbortSignal.timeout(attemptMs);
      let problem: string;
      try {
        const response = await fetch(url + path, {
          method,
          headers,
          body: payload,
          signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        });
        const text = await response.text();
        unreachable = false;
        if (response.ok) return parseJson(text, method, path);
        const error = errorBody(text);
        const said = error === undefined ? `${response.status} ${response.statusText}` : error.message;
        if (response.status === 401) {
          throw new ClientError(
            'unauthorized',
            `token refused by ${url}: check ${ENVIRONMENT.token} (it must be the token tunekit serve printed)`,
            { status: 401 },
          );
        }
        if (response.status === 409) {
          throw new ClientError('leaseLost', `${method} ${path}: ${said}`, { status: 409 });
        }
        if (response.status < 500 && response.status !== 429) {
          throw new ClientError('badRequest', `${method} ${url}${path}: ${said} (${response.status})`, {
            status: response.status,
          });
        }
        problem = `${response.status} ${error?.error ?? response.statusText}: ${said}`;
      } catch (error) {
        if (error instanceof ClientError) throw error;
        if (signal?.aborted) throw abortedError(signal);
        problem = describeFailure(error, attemptMs);
      }
      const elapsed = Date.now() - started;
      const hint = 'is tunekit serve running there, and reachable from here?';
      if (unreachable) {
        throw new ClientError(
          'gaveUp',
          `no answer from ${url} since an earlier request gave up after ${options.giveUpSeconds} s (last: ${problem}): ${hint}`,
        );
      }
      if (elapsed >= giveUpMs) {
        unreachable = true;
        throw new ClientError(
          'gaveUp',
          `no answer from ${url} for ${Math.round(elapsed / 1000)} s (last: ${problem}): ${hint}`,
        );
      }
      await sleep(Math.min(backoffSeconds(attempt), (giveUpMs - elapsed) / 1000), signal);
    }
  }

  return { url, request };
}

function parseJson(text: string, method: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ClientError(
      'badResponse',
      `${method} ${path}: the answer is not JSON (${JSON.stringify(text.slice(0, 80))}): is that URL tunekit serve?`,
    );
  }
}

function errorBody(text: string): ErrorBody | undefined {
  try {
    const value = JSON.parse(text) as Partial<ErrorBody> | null;
    if (typeof value?.error === 'string' && typeof value.message === 'string') return value as ErrorBody;
  } catch {
    // not JSON: a proxy's page, say
  }
  return undefined;
}

/** One line for a failed fetch: Node's `fetch failed` hides the reason (ECONNREFUSED, ...) in its cause. */
function describeFailure(error: unknown, attemptMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${attemptMs / 1000} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
