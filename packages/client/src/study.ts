/**
 * A served job as one worker drives it: iterate it for trials (`for await (const trial of study)`), or hand it a
 * function (`study.optimize(fn)`, Optuna's style). Each `ask` is a long poll with a fresh `requestId`, sent again
 * unchanged when the transport retries it; `wait` answers are waited out; `done` ends the iteration.
 */
import { checkAskResponse, checkJobInfo } from './answers.ts';
import { sleep } from './backoff.ts';
import { ClientError, isClientError } from './errors.ts';
import { newRequestId } from './identity.ts';
import type { JobInfo } from './protocol.ts';
import type { Transport } from './transport.ts';
import { Trial } from './trial.ts';

/** How long an ask may wait on the server for a trial, in seconds (the protocol allows 0-30). */
const ASK_WAIT_SECONDS = 20;

/** What {@link Study.optimize} accepts. */
export interface OptimizeOptions {
  /** The most trials this worker runs (default: until the job is done). */
  readonly nTrials?: number;
}

/** What {@link Study.optimize} did, trial by trial outcome. */
export interface OptimizeSummary {
  readonly completed: number;
  readonly failed: number;
  readonly stopped: number;
  /** Trials whose lease was lost (the server gave them up, or another worker's retry took over). */
  readonly leaseLost: number;
}

/** The function {@link Study.optimize} runs for each trial: its number completes the trial. */
export type Objective = (trial: Trial) => number | undefined | Promise<number | undefined>;

/** A served job, seen from one worker. Made by {@link connect}. */
export class Study implements AsyncIterable<Trial> {
  /** The server's base URL. */
  readonly url: string;
  /** This worker's name, as the server shows it. */
  readonly worker: string;

  readonly #transport: Transport;
  readonly #signal: AbortSignal | undefined;

  /** @internal Use {@link connect}. */
  constructor(transport: Transport, worker: string, signal: AbortSignal | undefined) {
    this.url = transport.url;
    this.worker = worker;
    this.#transport = transport;
    this.#signal = signal;
  }

  /**
   * The job as the server sees it: status, counts, the best trial so far.
   *
   * @returns `GET /v1/job`'s answer.
   * @throws {ClientError} `unauthorized`, `gaveUp`, `badResponse`.
   */
  async info(): Promise<JobInfo> {
    return checkJobInfo(await this.#transport.request('GET', '/v1/job'));
  }

  /**
   * The best Completed trial so far, if any.
   *
   * @returns `info().best`.
   */
  async best(): Promise<JobInfo['best']> {
    return (await this.info()).best;
  }

  /**
   * Yields trials until the server answers `done` (or the `signal` given to `connect` is aborted), then ends.
   * Tell each trial (`complete`, `fail` or `stop`) before taking the next: one the loop body left untold is told
   * Failed when the loop goes on or ends (by `break`, `return` or an exception), with a reason saying so. A
   * `leaseLost` error from a trial's `report` means: drop it, `continue` to the next.
   *
   * @example
   * for await (const trial of study) {
   *   let loss = 0;
   *   for (let epoch = 0; epoch < 20; epoch++) {
   *     loss = train(trial.params, epoch);
   *     if (await trial.report(epoch, loss)) break;
   *   }
   *   await (trial.shouldStop ? trial.stop() : trial.complete(loss));
   * }
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Trial, void, undefined> {
    let open: Trial | undefined;
    try {
      for (;;) {
        if (open !== undefined) {
          await tellUntold(
            open,
            `the worker's loop went on to the next trial without telling trial ${open.id}`,
          );
          open = undefined;
        }
        const leased = await this.#ask();
        if (leased === undefined) return;
        open = leased;
        yield leased;
      }
    } finally {
      if (open !== undefined) {
        await tellUntold(
          open,
          `the worker's loop ended (break, return or an exception) before telling trial ${open.id}`,
        );
      }
    }
  }

  /**
   * Runs `fn` for each trial, Optuna's style: the number it returns completes the trial (no number: the last
   * reported value); if `report` said stop, the trial is told Stopped; a `trialStopped` error (from
   * `trial.throwIfStopped()`) tells it Stopped; any other error tells it Failed with the error's `name: message`
   * and the loop goes on (unlike Optuna, which re-raises errors outside `catch`). A lost lease is logged on stderr
   * and the loop asks for the next trial. `unauthorized`, `gaveUp` and `aborted` end the loop by throwing.
   *
   * @param fn - Trains one trial; may `report` as it goes.
   * @param options - `nTrials`: at most this many trials for this worker.
   * @returns How the trials ended, once the job is done (or `nTrials` ran, or the signal was aborted).
   * @throws {ClientError} `unauthorized`, `gaveUp`; `invalidArgument` for an `nTrials` that is not a whole number >= 0.
   * @example
   * await study.optimize(async (trial) => {
   *   const x = Number(trial.params.x);
   *   return (x - 2) ** 2;
   * });
   */
  async optimize(fn: Objective, options: OptimizeOptions = {}): Promise<OptimizeSummary> {
    const tally = { completed: 0, failed: 0, stopped: 0, leaseLost: 0 };
    const limit = options.nTrials ?? Number.POSITIVE_INFINITY;
    if (options.nTrials !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new ClientError(
        'invalidArgument',
        `nTrials: must be a whole number >= 0 (got ${options.nTrials})`,
      );
    }
    if (limit === 0) return tally;
    let ran = 0;
    for await (const trial of this) {
      ran++;
      try {
        const value = await fn(trial);
        if (trial.outcome === undefined) {
          if (trial.shouldStop) await trial.stop();
          else await trial.complete(value ?? undefined);
        }
      } catch (error) {
        await endAfterError(trial, error);
      }
      if (trial.outcome === 'Completed') tally.completed++;
      else if (trial.outcome === 'Failed') tally.failed++;
      else if (trial.outcome === 'Stopped') tally.stopped++;
      else if (trial.outcome === 'leaseLost') tally.leaseLost++;
      if (ran >= limit) break;
    }
    return tally;
  }

  /** One trial, or undefined when the job is done or the signal was aborted. */
  async #ask(): Promise<Trial | undefined> {
    for (;;) {
      if (this.#signal?.aborted) return undefined;
      let answer: ReturnType<typeof checkAskResponse>;
      try {
        const body = { worker: this.worker, requestId: newRequestId(), waitSeconds: ASK_WAIT_SECONDS };
        answer = checkAskResponse(
          await this.#transport.request('POST', '/v1/ask', body, {
            attemptSeconds: ASK_WAIT_SECONDS + 15,
            signal: this.#signal,
          }),
        );
      } catch (error) {
        if (isClientError(error, 'aborted')) return undefined;
        throw error;
      }
      if (answer.status === 'done') return undefined;
      if (answer.status === 'trial') return new Trial(answer.trial, this.#transport);
      try {
        await sleep(Math.min(Math.max(answer.retryAfterSeconds, 0.05), 30), this.#signal);
      } catch (error) {
        if (isClientError(error, 'aborted')) return undefined;
        throw error;
      }
    }
  }
}

/** After `fn` threw: tell the trial how it ended, unless the error says the study itself cannot go on. */
async function endAfterError(trial: Trial, error: unknown): Promise<void> {
  if (
    isClientError(error, 'unauthorized') ||
    isClientError(error, 'gaveUp') ||
    isClientError(error, 'aborted')
  ) {
    trial.close();
    throw error;
  }
  if (isClientError(error, 'leaseLost')) {
    console.error(`tunekit: trial ${trial.id} dropped: ${error.message}`);
    return;
  }
  if (trial.outcome !== undefined) return;
  try {
    if (isClientError(error, 'trialStopped')) await trial.stop();
    else await trial.fail(describeError(error));
  } catch (tellError) {
    // A refused tell (lost lease, or a reason the server finds wrong) costs this trial, never the loop: the trial
    // then ends on the server when its lease runs out.
    if (isClientError(tellError, 'leaseLost') || isClientError(tellError, 'badRequest')) {
      trial.close();
      console.error(`tunekit: trial ${trial.id} dropped: ${tellError.message}`);
    } else throw tellError;
  }
}

/** An error in one line: `name: message` (its first line). */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  const line = text.split('\n', 1)[0] ?? text;
  return line.length > 1000 ? `${line.slice(0, 1000)}...` : line;
}

/** The iteration's safety net for a trial the loop body left untold. */
async function tellUntold(trial: Trial, reason: string): Promise<void> {
  if (trial.outcome !== undefined) return;
  try {
    await trial.fail(reason);
  } catch (error) {
    trial.close();
    if (!isClientError(error, 'leaseLost'))
      console.error(`tunekit: could not tell trial ${trial.id} Failed: ${error}`);
  }
}
