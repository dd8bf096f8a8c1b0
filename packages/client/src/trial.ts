/**
 * One leased trial as a worker sees it: its hyperparameters, `report` for intermediate values (whose answer may
 * be "stop"), and one of `complete`, `fail` or `stop` to end it. While it is open a timer sends a heartbeat every
 * `heartbeatSeconds` (the lease runs out after `leaseSeconds` without one) and records a `stop` answer; the timer
 * is unref'd, so it never keeps a Node process alive, and it ends when the trial is told or its lease is lost.
 */
import { checkActionResponse } from './answers.ts';
import { ClientError, isClientError } from './errors.ts';
import type { LeasedTrial, ParamValue, TellRequest } from './protocol.ts';
import type { Transport } from './transport.ts';

/** How a trial ended for this worker: told, or lost (its lease ran out or the server refused it). */
export type TrialOutcome = 'Completed' | 'Failed' | 'Stopped' | 'leaseLost';

/** A trial leased to this worker. Get trials by iterating a {@link Study}, or through {@link Study.optimize}. */
export class Trial {
  /** The trial's id in the job (a retry of a failed trial has a new id). */
  readonly id: number;
  /** 0 for a configuration's first run; a retry has the same params and attempt + 1. */
  readonly attempt: number;
  /** The tuned hyperparameters and the tuning file's `static` ones, by name. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Only the tuned hyperparameters. */
  readonly tuned: Readonly<Record<string, ParamValue>>;
  /** The objective: `report` and `complete` take this metric's values. */
  readonly objective: LeasedTrial['objective'];
  /** Early stopping and Hyperband settings (train at most `context.hyperband.maxResource` steps). */
  readonly context: LeasedTrial['context'];
  /** Seconds between heartbeats. */
  readonly heartbeatSeconds: number;
  /** Seconds the lease lasts without a heartbeat, report or tell. */
  readonly leaseSeconds: number;

  readonly #lease: string;
  readonly #transport: Transport;
  readonly #heartbeats = new AbortController();
  #timer: ReturnType<typeof setInterval> | undefined;
  #heartbeatInFlight: Promise<void> | undefined;
  /** True from the start of a tell until it fails (a told trial sends no more heartbeats). */
  #telling = false;
  #stopReason: string | undefined;
  #outcome: TrialOutcome | undefined;

  /** @internal Trials come from a Study; this constructor is not public API. */
  constructor(leased: LeasedTrial, transport: Transport) {
    this.id = leased.id;
    this.attempt = leased.attempt;
    this.params = leased.params;
    this.tuned = leased.tuned;
    this.objective = leased.objective;
    this.context = leased.context;
    this.heartbeatSeconds = leased.heartbeatSeconds;
    this.leaseSeconds = leased.leaseSeconds;
    this.#lease = leased.lease;
    this.#transport = transport;
    const every = Math.max(0.05, leased.heartbeatSeconds) * 1000;
    this.#timer = setInterval(() => this.#heartbeat(), every);
    (this.#timer as unknown as { unref?: () => void }).unref?.();
  }

  /** True once the server answered `stop` to a report or heartbeat: end the trial and tell it with `stop()`. */
  get shouldStop(): boolean {
    return this.#stopReason !== undefined;
  }

  /** Why the server said stop (early stopping, Hyperband, the job ended), once it did. */
  get stopReason(): string | undefined {
    return this.#stopReason;
  }

  /** How the trial ended for this worker, once it did; `undefined` while it is open. */
  get outcome(): TrialOutcome | undefined {
    return this.#outcome;
  }

  /**
   * Reports the objective's value at a step (an epoch), and learns whether to go on.
   *
   * @param step - 0, 1, 2, ...; a step reported again is ignored by the server.
   * @param value - The objective metric's value at that step (`undefined` to report other metrics only).
   * @param metrics - Other metrics of the tuning file, by name.
   * @returns True when the server says stop (also sets {@link Trial.shouldStop}).
   * @throws {ClientError} `leaseLost` when the trial is no longer this worker's; `invalidArgument` for a value that
   *   is not a finite number; `alreadyTold`; `badRequest` (the server names the field); `gaveUp`.
   * @example
   * if (await trial.report(epoch, loss)) break; // then: await trial.stop()
   */
  async report(
    step: number,
    value: number | undefined,
    metrics?: Readonly<Record<string, number>>,
  ): Promise<boolean> {
    this.#checkOpen('report');
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new ClientError('invalidArgument', `report step: must be a whole number >= 0 (got ${step})`);
    }
    if (value === undefined && (metrics === undefined || Object.keys(metrics).length === 0)) {
      throw new ClientError('invalidArgument', "report: give the objective's value, or metrics, or both");
    }
    if (value === undefined && (metrics === undefined || Object.keys(metrics).length === 0)) {
      throw new ClientError('invalidArgument', "report: give the objective's value, or metrics, or both");
    }
    checkFinite(value, 'report value');
    for (const [name, metric] of Object.entries(metrics ?? {})) checkFinite(metric, `report metrics.${name}`);
    const answer = checkActionResponse(
      await this.#send('report', { lease: this.#lease, step, value, metrics }),
      'report',
    );
    if (answer.action === 'stop') this.#stopReason ??= answer.reason;
    return this.shouldStop;
  }

  /**
   * Throws a `trialStopped` {@link ClientError} when the server said stop: inside {@link Study.optimize}'s function,
   * this ends the trial as Stopped (like Optuna's `TrialPruned`).
   *
   * @throws {ClientError} `trialStopped`.
   */
  throwIfStopped(): void {
    if (this.#stopReason !== undefined) {
      throw new ClientError('trialStopped', `trial ${this.id} stopped: ${this.#stopReason}`);
    }
  }

  /**
   * Tells the trial Completed.
   *
   * @param value - The objective's final value; without it the server takes the last reported value.
   * @param metrics - Other final metrics, by name.
   * @throws {ClientError} `leaseLost`, `alreadyTold`, `invalidArgument`, `badRequest`, `gaveUp`.
   */
  async complete(value?: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.#checkOpen('complete');
    checkFinite(value, 'complete value');
    for (const [name, metric] of Object.entries(metrics ?? {}))
      checkFinite(metric, `complete metrics.${name}`);
    await this.#tell({ lease: this.#lease, status: 'Completed', value, metrics });
  }

  /**
   * Tells the trial Failed. Under the tuning file's `limits.maxRetries` the server runs its hyperparameters again as
   * a new trial.
   *
   * @param reason - What went wrong, in one line (an exception's `name: message`).
   * @throws {ClientError} `leaseLost`, `alreadyTold`, `badRequest`, `gaveUp`.
   */
  async fail(reason: string): Promise<void> {
    this.#checkOpen('fail');
    await this.#tell({ lease: this.#lease, status: 'Failed', reason: reason === '' ? 'failed' : reason });
  }

  /**
   * Tells the trial Stopped: the answer to a `stop`, or the worker's own decision.
   *
   * @param reason - Why, when the worker decided it.
   * @throws {ClientError} `leaseLost`, `alreadyTold`, `badRequest`, `gaveUp`.
   */
  async stop(reason?: string): Promise<void> {
    this.#checkOpen('stop');
    await this.#tell({ lease: this.#lease, status: 'Stopped', reason });
  }

  /** Ends the heartbeats (and one in flight) without telling the server anything. @internal */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#heartbeats.abort();
  }

  #checkOpen(what: string): void {
    if (this.#outcome === 'leaseLost') {
      throw new ClientError(
        'leaseLost',
        `trial ${this.id}: ${what} after the lease was lost; ask for the next trial`,
      );
    }
    if (this.#outcome !== undefined) {
      throw new ClientError('alreadyTold', `trial ${this.id}: ${what} after it was told ${this.#outcome}`);
    }
  }

  /**
   * Once a tell begins no heartbeat is sent, and one in flight is answered first, so the server never sees a
   * heartbeat of a trial after its tell (a tell slower than the heartbeat interval used to be overtaken). A tell
   * that fails lets the heartbeats go on, so the lease holds while the caller tries again.
   */
  async #tell(body: TellRequest): Promise<void> {
    this.#telling = true;
    try {
      await this.#heartbeatInFlight;
      await this.#send('tell', body);
    } catch (error) {
      this.#telling = false;
      throw error;
    }
    this.#outcome = body.status;
    this.close();
  }

  async #send(what: 'report' | 'tell' | 'heartbeat', body: object, signal?: AbortSignal): Promise<unknown> {
    try {
      return await this.#transport.request('POST', `/v1/trials/${this.id}/${what}`, body, { signal });
    } catch (error) {
      if (isClientError(error, 'leaseLost') && this.#outcome === undefined) {
        this.#outcome = 'leaseLost';
        this.close();
      }
      throw error;
    }
  }

  #heartbeat(): void {
    if (this.#heartbeatInFlight !== undefined || this.#telling || this.#outcome !== undefined) return;
    this.#heartbeatInFlight = this.#send('heartbeat', { lease: this.#lease }, this.#heartbeats.signal)
      .then((answer) => {
        const action = checkActionResponse(answer, 'heartbeat');
        if (action.action === 'stop') this.#stopReason ??= action.reason;
      })
      .catch(() => {
        // A lost lease is recorded by #send and surfaces at the next report or tell; any other failure (the server
        // away for longer than giveUpSeconds) surfaces there too. Nothing here may be an unhandled rejection.
      })
      .finally(() => {
        this.#heartbeatInFlight = undefined;
      });
  }
}

function checkFinite(value: number | undefined, field: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new ClientError('invalidArgument', `${field}: must be a finite number (got ${String(value)})`);
  }
}
