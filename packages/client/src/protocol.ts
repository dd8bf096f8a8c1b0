/**
 * The served-job protocol, version 1: how workers drive a tuner that runs no trials itself (`tunekit serve`, and
 * the local executor's reusable processes). HTTP + JSON; this file is the contract between the server
 * (packages/runner/src/serve/) and every client (this package, clients/python/tunekit.py). docs/serve.md says the
 * same for people.
 *
 * Every request carries `Authorization: Bearer <token>` (401 without it). Bodies are JSON objects of at most
 * 1 MiB (413 above), UTF-8, with no duplicate keys. Every answer is JSON: 200 with the bodies below, or an error
 * body ({@link ErrorBody}) with status 400 (bad request: `message` names the field, e.g. `body.step`), 401, 404
 * (unknown path or trial), 405, 409 (`leaseLost`), 413, or 503 (`stopping`: the server is shutting down; retry).
 *
 * Paths (all `POST` except `GET /v1/job`):
 * - `GET  /v1/job`                     -> {@link JobInfo}
 * - `POST /v1/ask`                     {@link AskRequest} -> {@link AskResponse}
 * - `POST /v1/trials/<id>/heartbeat`   {@link HeartbeatRequest} -> {@link ActionResponse}
 * - `POST /v1/trials/<id>/report`      {@link ReportRequest} -> {@link ActionResponse}
 * - `POST /v1/trials/<id>/tell`        {@link TellRequest} -> {@link TellResponse}
 *
 * Leases: an asked trial belongs to the worker it was given to, under a lease (a random token). Any heartbeat,
 * report or tell with that lease renews it; a lease not renewed for `leaseSeconds` runs out, and the trial is
 * then Failed (`worker <w> sent nothing for <n> s`) and retried as the tuning file's `limits.maxRetries` says (a
 * new trial id, the same hyperparameters). A request for a lease that ran out, was stopped and told, or never
 * existed gets 409 `leaseLost`: the worker drops that trial and asks again.
 *
 * Retries: every request can be sent again after a lost connection or a 5xx with the same body, and means the
 * same: `ask` with the same `requestId` gets the same trial back; a `report` of a step already reported is
 * ignored (the answer is still current); a `tell` of a trial this lease already told answers `{ ok: true }`.
 * Clients retry with exponential backoff (0.5 s doubling to 10 s, with jitter) until `giveUpSeconds` (default
 * 600) pass without an answer.
 */

/** The protocol's version, the first segment of every path. */
export const PROTOCOL_VERSION = 'v1';

/** The largest request body the server reads, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The longest wait an `ask` may request, in seconds (the server answers `wait` after it). */
export const MAX_ASK_WAIT_SECONDS = 30;

/** Environment variables a worker process of `executor.local.reuse` (or any worker) is connected with. */
export const ENVIRONMENT = {
  /** The server's base URL, e.g. `http://127.0.0.1:8470`. */
  url: 'TUNEKIT_URL',
  /** The bearer token. */
  token: 'TUNEKIT_TOKEN',
  /** The worker's name (default: `<hostname>:<pid>`). */
  worker: 'TUNEKIT_WORKER',
} as const;

/** A hyperparameter's value as a worker receives it: numbers for continuous and integer ranges, strings for categorical ones. */
export type ParamValue = number | string;

/** `GET /v1/job`: the job as the server sees it. */
export interface JobInfo {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly name: string;
  /** Running until the job ends; then Completed, Failed or Interrupted (the server is shutting down). */
  readonly status: 'Running' | 'Completed' | 'Failed' | 'Interrupted';
  readonly objective: { readonly metric: string; readonly type: 'Minimize' | 'Maximize' };
  readonly strategy: string;
  readonly maxTrials: number;
  readonly maxParallel: number;
  /** Trials finished so far, by outcome, and trials out (leased or waiting for a worker). */
  readonly counts: {
    readonly completed: number;
    readonly failed: number;
    readonly stopped: number;
    readonly running: number;
  };
  /** The best Completed trial so far. */
  readonly best?: {
    readonly trialId: number;
    readonly objective: number;
    readonly params: Readonly<Record<string, ParamValue>>;
  };
  readonly heartbeatSeconds: number;
  readonly leaseSeconds: number;
}

/** `POST /v1/ask`. */
export interface AskRequest {
  /** The worker's name: 1-100 characters of `A-Z a-z 0-9 . _ : @ -`. Shown in the trial's log and reasons. */
  readonly worker: string;
  /**
   * A token the client makes once per trial it wants (1-100 characters of the worker's alphabet) and sends again,
   * unchanged, when it retries the same ask: the server then returns the trial it already leased for it.
   */
  readonly requestId: string;
  /** How long the server may hold the request when no trial is ready, 0-30 s (default 20): a long poll. */
  readonly waitSeconds?: number;
}

/** What a trial's worker needs to run it. */
export interface LeasedTrial {
  readonly id: number;
  /** The lease token: send it with every heartbeat, report and tell of this trial. */
  readonly lease: string;
  /** 0 for a configuration's first run; a retry of a failed one has the same params and attempt + 1. */
  readonly attempt: number;
  /** The tuned hyperparameters, and the tuning file's `static` ones, by name. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Only the tuned hyperparameters (what the tuner chose). */
  readonly tuned: Readonly<Record<string, ParamValue>>;
  /** The objective: report this metric's values (`report`'s `value`). */
  readonly objective: { readonly metric: string; readonly type: 'Minimize' | 'Maximize' };
  /**
   * Decision context. `hyperband`: the trial may be stopped at a rung of these resources (steps, unless the
   * tuning file names a `resourceMetric`) and should train at most `maxResource`. `earlyStopping`: the median rule
   * judges the reported values (Auto) or not (Off).
   */
  readonly context: {
    readonly earlyStopping: 'Off' | 'Auto';
    readonly hyperband?: {
      readonly minResource: number;
      readonly maxResource: number;
      readonly eta: number;
      readonly resourceMetric?: string;
    };
  };
  /** How often to send a heartbeat while training (a report counts as one). */
  readonly heartbeatSeconds: number;
  /** How long the lease lasts without a heartbeat. */
  readonly leaseSeconds: number;
}

/** `POST /v1/ask`'s answer: a trial, nothing yet (ask again after `retryAfterSeconds`), or the job is over. */
export type AskResponse =
  | { readonly status: 'trial'; readonly trial: LeasedTrial }
  | { readonly status: 'wait'; readonly retryAfterSeconds: number; readonly reason: string }
  | { readonly status: 'done'; readonly reason: string };

/** `POST /v1/trials/<id>/heartbeat`: the worker still trains this trial. */
export interface HeartbeatRequest {
  readonly lease: string;
}

/**
 * `POST /v1/trials/<id>/report`: intermediate values. `step` is 0, 1, 2, ... (an epoch; a step reported twice is
 * ignored, so a retry is harmless); `value` is the objective's value at that step; `metrics` holds other metrics
 * the tuning file defines, by name (all optional; at least one of `value` and `metrics`).
 */
export interface ReportRequest {
  readonly lease: string;
  readonly step: number;
  readonly value?: number;
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * The answer to a heartbeat or report: go on, or stop (early stopping, Hyperband, the job completed, or the server
 * was interrupted). After `stop`, the worker ends the trial and tells it `Stopped` (or `Completed` when it had
 * finished anyway); a worker that does not within `leaseSeconds` loses the lease, and the trial is Stopped.
 */
export type ActionResponse =
  | { readonly action: 'continue' }
  | { readonly action: 'stop'; readonly reason: string };

/**
 * `POST /v1/trials/<id>/tell`: how the trial ended. `Completed` needs the objective's final `value` (or the last
 * reported value is used when `value` is absent); `Failed` a `reason` (the exception); `Stopped` is the answer to
 * a `stop` (or the worker's own decision; then `reason` says why).
 */
export type TellRequest =
  | {
      readonly lease: string;
      readonly status: 'Completed';
      readonly value?: number;
      readonly metrics?: Readonly<Record<string, number>>;
    }
  | { readonly lease: string; readonly status: 'Failed'; readonly reason: string }
  | { readonly lease: string; readonly status: 'Stopped'; readonly reason?: string };

/** The answer to a tell. */
export interface TellResponse {
  readonly ok: true;
}

/** Every error answer. */
export interface ErrorBody {
  readonly error:
    | 'badRequest'
    | 'unauthorized'
    | 'notFound'
    | 'methodNotAllowed'
    | 'leaseLost'
    | 'tooLarge'
    | 'stopping';
  /** What was wrong and what to change, e.g. `body.step: must be a whole number >= 0 (got -1)`. */
  readonly message: string;
}
