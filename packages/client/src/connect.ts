/**
 * `connect`: a {@link Study} for a served job, from arguments or, in worker mode, from the environment that
 * `tunekit serve`'s users and `executor.local.reuse` set (`TUNEKIT_URL`, `TUNEKIT_TOKEN`, `TUNEKIT_WORKER`).
 */
import { ClientError } from './errors.ts';
import { checkWorkerName, defaultWorkerName, nodeProcess } from './identity.ts';
import { ENVIRONMENT } from './protocol.ts';
import { Study } from './study.ts';
import { createTransport } from './transport.ts';

/** What {@link connect} accepts besides the URL and the token. */
export interface ConnectOptions {
  /**
   * This worker's name, shown in trial logs and lease reasons: 1-100 characters of `A-Z a-z 0-9 . _ : @ -`
   * (default: `TUNEKIT_WORKER`, else `<hostname>:<pid>`).
   */
  readonly worker?: string;
  /** Give up after this many seconds without an answer from the server (default 600). */
  readonly giveUpSeconds?: number;
  /** Aborting it ends a worker loop: iteration and `optimize` stop asking and return (a trial in hand is kept). */
  readonly signal?: AbortSignal;
}

/**
 * Connects to a served job and checks the URL and the token (`GET /v1/job`). A server not up yet is waited for,
 * with backoff, for `giveUpSeconds`.
 *
 * @param url - The server's URL, as `tunekit serve` printed it (default: `TUNEKIT_URL`).
 * @param token - The token it printed (default: `TUNEKIT_TOKEN`). It is sent in the `Authorization` header only,
 *   and never printed.
 * @param options - The worker's name, the give-up time, an abort signal.
 * @returns The study.
 * @throws {ClientError} `invalidArgument` without a URL or token, or for a bad worker name; `unauthorized` when
 *   the server refuses the token; `gaveUp` when it never answers.
 * @example
 * const study = await connect('http://127.0.0.1:8470', process.env.TUNEKIT_TOKEN);
 * await study.optimize((trial) => (Number(trial.params.x) - 2) ** 2);
 */
export async function connect(url?: string, token?: string, options: ConnectOptions = {}): Promise<Study> {
  const env = nodeProcess()?.env ?? {};
  const baseUrl = url ?? env[ENVIRONMENT.url];
  if (baseUrl === undefined || baseUrl === '') {
    throw new ClientError(
      'invalidArgument',
      `url: no server URL: pass it to connect() or set ${ENVIRONMENT.url} (tunekit serve prints it)`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ClientError(
      'invalidArgument',
      `url: not a URL (got ${JSON.stringify(baseUrl.slice(0, 200))}): write it as tunekit serve prints it, e.g. http://127.0.0.1:8470`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ClientError(
      'invalidArgument',
      `url: must start with http:// or https:// (got ${parsed.protocol})`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ClientError(
      'invalidArgument',
      'url: must not hold a user name or password: pass the token instead',
    );
  }
  const bearer = token ?? env[ENVIRONMENT.token];
  if (bearer === undefined || bearer === '') {
    throw new ClientError(
      'invalidArgument',
      `token: no token: pass it to connect() or set ${ENVIRONMENT.token} (tunekit serve prints it)`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(bearer)) {
    throw new ClientError(
      'invalidArgument',
      'token: must be printable ASCII without spaces, as tunekit serve prints it',
    );
  }
  const giveUpSeconds = options.giveUpSeconds ?? 600;
  if (!(giveUpSeconds > 0) || !Number.isFinite(giveUpSeconds)) {
    throw new ClientError('invalidArgument', `giveUpSeconds: must be a number > 0 (got ${giveUpSeconds})`);
  }
  const envWorker = env[ENVIRONMENT.worker];
  const worker =
    options.worker !== undefined
      ? checkWorkerName(options.worker, 'worker')
      : envWorker !== undefined && envWorker !== ''
        ? checkWorkerName(envWorker, ENVIRONMENT.worker)
        : defaultWorkerName();
  const transport = createTransport({
    url: `${parsed.origin}${parsed.pathname}`,
    token: bearer,
    giveUpSeconds,
  });
  const study = new Study(transport, worker, options.signal);
  await study.info();
  return study;
}
