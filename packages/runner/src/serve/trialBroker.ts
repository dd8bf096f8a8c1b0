/**
 * The trial broker of a served job: an executor whose trials are run by workers that ask for them over the
 * served-job protocol (packages/client/src/protocol.ts), instead of by processes this tuner starts. The ask/tell
 * driver (drivers/askTell.ts) is unchanged: it starts a trial (here: queues it), feeds the values the worker
 * reports to early stopping and Hyperband, stops it (here: answers `stop` to the worker's next report or
 * heartbeat), and journals its outcome.
 *
 * Leases: a queued trial goes to the first worker that asks, under a random lease; every request with the lease
 * renews it. A lease not renewed for `leaseSeconds` runs out: the trial is Failed with the worker's name and the
 * silence, and the tuner retries it as `limits.maxRetries` says. The lease is journaled with `trialStarted` (the
 * executor's handle), so a server restarted after a crash takes back the trials its workers still train.
 *
 * What workers send is written to the trial's log (`trials/<id>/output.log`): the lease, each report as a line,
 * the outcome. A reported value is a metric observation whose line is that log line.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ActionResponse,
  AskResponse,
  LeasedTrial,
  ParamValue,
  ReportRequest,
  TellRequest,
} from '@tunekit/client/protocol';
import type { MetricObservation, TrialOutcome, TuningJobSpec } from '@tunekit/core';
import { isRunnerError } from '../errors.ts';
import { TRIAL_LOG_FILE } from '../executor/trialFiles.ts';
import type { Executor, RunningTrial, TrialLaunch } from '../executor/types.ts';
import { guardWrite } from '../journal/writeFailure.ts';
import { ProtocolError } from './protocolError.ts';

/** Settings of a broker. */
export interface TrialBrokerOptions {
  /** How long a lease lasts without a request from its worker. */
  readonly leaseSeconds: number;
  /** How often workers are told to send a heartbeat. */
  readonly heartbeatSeconds: number;
  /** Clock (epoch ms), for tests. */
  readonly now?: () => number;
  /** Receives a line for people when something happens to a lease (a worker lost, a stop not acknowledged). */
  readonly onNotice?: (message: string) => void;
  /**
   * A worker was let go of its trial (its lease ran out, or it did not stop when told): whoever runs that worker
   * should end it (the reusable processes of the local executor kill it).
   */
  readonly onAbandon?: (worker: string) => void;
}

/**
 * The handle journaled with `trialStarted`: which worker holds the trial, under which lease, for which ask (so a
 * restarted server answers that ask's retry with this trial; journals written before it have no `requestId`).
 */
type LeaseHandle = {
  readonly kind: 'remote';
  readonly worker: string;
  readonly lease: string;
  readonly requestId?: string;
};

type Waiter = {
  readonly worker: string;
  readonly requestId: string;
  readonly resolve: (answer: AskResponse) => void;
  readonly timer: NodeJS.Timeout;
};

/** One trial out: queued for a worker or leased to one. */
class BrokeredTrial implements RunningTrial {
  readonly done: Promise<TrialOutcome>;
  resolveDone!: (outcome: TrialOutcome) => void;
  lease: string | undefined;
  worker: string | undefined;
  requestId: string | undefined;
  /** Epoch ms after which the lease has run out. */
  expiresAt = 0;
  stopReason: string | undefined;
  /** Epoch ms after which a stop the worker did not acknowledge ends the trial anyway. */
  stopBy = 0;
  finished = false;
  /** How many times a worker's crash gave the trial back to the queue. */
  requeued = 0;
  /** Epoch ms when the current lease was granted. */
  leasedAt = 0;
  /** Set once the worker sent anything after the ask: a lease that runs out before is given to another worker. */
  confirmed = false;
  /** The last step reported of each metric: a report of an earlier or equal step is a retry, ignored. */
  readonly lastStep = new Map<string, number>();
  /** Each metric's last value. */
  readonly lastValue = new Map<string, number>();
  logLines = 0;

  constructor(
    readonly launch: TrialLaunch,
    private readonly broker: TrialBroker,
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  stop(reason: string): Promise<void> {
    this.broker.requestStop(this, reason);
    return this.done.then(() => undefined);
  }
}

/** The broker; `executor` is what the ask/tell driver runs trials with. */
export class TrialBroker {
  readonly executor: Executor;
  private readonly trials = new Map<number, BrokeredTrial>();
  private readonly queue: BrokeredTrial[] = [];
  private readonly waiters: Waiter[] = [];
  /** Leases told recently, so that a retried tell is answered `ok`: lease -> trial id. */
  private readonly told = new Map<string, number>();
  private readonly now: () => number;
  /** Workers heard from, with when: those heard from within a lease are told `done` before the server goes. */
  private readonly workers = new Map<string, number>();
  /** Workers answered `done`. */
  private readonly toldDone = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;
  private ended: string | undefined;

  constructor(private readonly options: TrialBrokerOptions) {
    this.now = options.now ?? Date.now;
    const period = Math.max(50, Math.min(1000, options.leaseSeconds * 250));
    this.sweeper = setInterval(() => this.sweep(), period);
    this.sweeper.unref();
    this.executor = {
      kind: 'remote',
      start: (launch) => this.offer(launch),
      close: async () => {
        await Promise.all([...this.trials.values()].map((trial) => trial.stop('executor closed')));
      },
    };
  }

  /** How many trials are out (queued or leased). */
  outstanding(): number {
    return this.trials.size;
  }

  /**
   * The server stops without the job being over (Ctrl-C: it resumes later): waiting asks are answered `wait`, so
   * that workers keep asking until a server serves the job again, and the broker's timer stops.
   */
  pause(): void {
    clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({
        status: 'wait',
        retryAfterSeconds: 1,
        reason: 'the server is stopping; the job resumes when it is served again',
      });
    }
  }

  /**
   * The job is over: waiting and later asks are answered `done` with this reason, and the broker's timer stops.
   *
   * @param reason - Why (the job's end).
   */
  end(reason: string): void {
    this.ended = reason;
    clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      this.toldDone.add(waiter.worker);
      waiter.resolve({ status: 'done', reason });
    }
  }

  /**
   * After {@link end}: waits until every worker heard from within a lease was answered `done`, or `seconds` pass.
   *
   * @param seconds - The longest wait.
   */
  async lingerForWorkers(seconds: number): Promise<void> {
    const until = this.now() + seconds * 1000;
    const recent = (): boolean =>
      [...this.workers].some(
        ([worker, seen]) =>
          !this.toldDone.has(worker) && seen > this.now() - this.options.leaseSeconds * 1000,
      );
    while (recent() && this.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /**
   * A worker asks for a trial: a queued one at once, else the answer waits up to `waitSeconds` for one.
   *
   * @param request - The worker, the ask's id, the wait.
   * @returns A trial, `wait` or `done`.
   */
  ask(request: {
    worker: string;
    requestId: string;
    waitSeconds: number;
    signal?: AbortSignal;
  }): Promise<AskResponse> {
    this.workers.set(request.worker, this.now());
    if (this.ended !== undefined) {
      this.toldDone.add(request.worker);
      return Promise.resolve({ status: 'done', reason: this.ended });
    }
    // A retried ask gets the trial it was given before, while that lease lives.
    for (const trial of this.trials.values()) {
      if (trial.requestId === request.requestId && trial.worker === request.worker && !trial.finished)
        return Promise.resolve({ status: 'trial', trial: this.leased(trial) });
    }
    const next = this.queue.shift();
    if (next !== undefined) return Promise.resolve(this.grant(next, request.worker, request.requestId));
    return new Promise((resolve) => {
      const leave = (): boolean => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        return index >= 0;
      };
      const waiter: Waiter = {
        worker: request.worker,
        requestId: request.requestId,
        resolve,
        timer: setTimeout(() => {
          leave();
          resolve({
            status: 'wait',
            retryAfterSeconds: 0,
            reason:
              this.trials.size > 0
                ? `${this.trials.size} trial(s) out, none waiting for a worker (limits.maxParallel bounds them)`
                : 'the tuner has no trial to give yet',
          });
        }, request.waitSeconds * 1000),
      };
      this.waiters.push(waiter);
      // The worker's connection closed while it waited: nothing may be leased to it.
      request.signal?.addEventListener(
        'abort',
        () => {
          if (!leave()) return;
          clearTimeout(waiter.timer);
          resolve({ status: 'wait', retryAfterSeconds: 0, reason: 'the connection closed' });
        },
        { once: true },
      );
    });
  }

  /**
   * A heartbeat: renews the lease.
   *
   * @returns `continue`, or `stop` with the reason when the tuner decided to stop the trial.
   * @throws ProtocolError `notFound`, `leaseLost`.
   */
  heartbeat(trialId: number, lease: string): ActionResponse {
    const trial = this.holder(trialId, lease);
    return this.action(trial);
  }

  /**
   * Intermediate values: each becomes a metric observation (the objective's as `value`), fed to the tuner, which
   * may decide at once to stop the trial: the answer says so.
   *
   * @throws ProtocolError `notFound`, `leaseLost`.
   */
  report(trialId: number, request: ReportRequest): ActionResponse {
    const trial = this.holder(trialId, request.lease);
    const metric = trial.launch.spec.objective.metric;
    const values: [string, number][] = [];
    if (request.value !== undefined) values.push([metric, request.value]);
    for (const [name, value] of Object.entries(request.metrics ?? {})) {
      if (name !== metric || request.value === undefined) values.push([name, value]);
    }
    const fresh = values.filter(([name]) => (trial.lastStep.get(name) ?? -1) < request.step);
    if (fresh.length > 0) {
      const text = fresh.map(([name, value]) => `${name}=${value}`).join(' ');
      const line = this.log(trial, `step ${request.step}: ${text}`);
      for (const [name, value] of fresh) this.observe(trial, name, value, request.step, line);
    }
    return this.action(trial);
  }

  /**
   * The worker tells how the trial ended; a retried tell of a lease already told is answered the same.
   *
   * @throws ProtocolError `notFound`, `leaseLost`, `badRequest` (Completed without any value of the objective).
   */
  tell(trialId: number, request: TellRequest): void {
    if (this.told.get(request.lease) === trialId) return;
    const trial = this.holder(trialId, request.lease);
    const { spec } = trial.launch;
    const metric = spec.objective.metric;
    let outcome: TrialOutcome;
    if (request.status === 'Completed') {
      const step = Math.max(-1, ...trial.lastStep.values()) + 1;
      const values: [string, number][] = Object.entries(request.metrics ?? {});
      if (request.value !== undefined) values.unshift([metric, request.value]);
      if (values.length > 0) {
        const line = this.log(trial, `final: ${values.map(([name, value]) => `${name}=${value}`).join(' ')}`);
        for (const [name, value] of values) this.observe(trial, name, value, step, line);
      }
      const objective = trial.lastValue.get(metric);
      if (objective === undefined)
        throw new ProtocolError(
          'badRequest',
          `body.value: is required: trial ${trialId} reported no value of ${metric}, so Completed needs the objective's final value`,
        );
      outcome =
        trial.stopReason === undefined
          ? { status: 'Completed', objective, finalMetrics: Object.fromEntries(trial.lastValue) }
          : { status: 'Stopped', reason: trial.stopReason, objective };
    } else if (request.status === 'Failed') {
      outcome = { status: 'Failed', reason: `worker ${trial.worker}: ${request.reason}` };
    } else {
      outcome = this.stoppedOutcome(trial, request.reason ?? `stopped by worker ${trial.worker}`);
    }
    this.log(trial, `told ${request.status}${request.status === 'Failed' ? `: ${request.reason}` : ''}`);
    this.told.set(request.lease, trialId);
    if (this.told.size > 10_000) this.told.delete(this.told.keys().next().value!);
    this.finish(trial, outcome);
  }

  /** @internal The driver stops a trial: a queued one ends now, a leased one at its worker's next request. */
  requestStop(trial: BrokeredTrial, reason: string): void {
    if (trial.finished || trial.stopReason !== undefined) return;
    trial.stopReason = reason;
    if (trial.lease === undefined) {
      const index = this.queue.indexOf(trial);
      if (index >= 0) this.queue.splice(index, 1);
      this.finish(trial, { status: 'Stopped', reason });
      return;
    }
    // The worker hears of it at its next heartbeat; one that never answers is let go after two heartbeats more.
    trial.stopBy = this.now() + (2 * this.options.heartbeatSeconds + 5) * 1000;
  }

  private offer(launch: TrialLaunch): RunningTrial {
    const trial = new BrokeredTrial(launch, this);
    this.trials.set(launch.trialId, trial);
    const handle = launch.resumeHandle;
    if (isLeaseHandle(handle)) {
      // The server restarted while this worker trained the trial: its lease is taken back, for a lease's time.
      trial.lease = handle.lease;
      trial.worker = handle.worker;
      trial.requestId = handle.requestId;
      trial.expiresAt = this.now() + this.options.leaseSeconds * 1000;
      trial.leasedAt = this.now();
      this.log(
        trial,
        `server restarted: the lease of worker ${handle.worker} is kept while it sends heartbeats`,
      );
      launch.onStarted?.(handle);
      return trial;
    }
    this.enqueue(trial, false);
    return trial;
  }

  /** Gives a trial to a waiting worker, or queues it: a new one last, one given back (`again`) first. */
  private enqueue(trial: BrokeredTrial, again: boolean): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      if (again) this.queue.unshift(trial);
      else this.queue.push(trial);
    } else {
      clearTimeout(waiter.timer);
      waiter.resolve(this.grant(trial, waiter.worker, waiter.requestId));
    }
  }

  /**
   * Whether a worker ever asked for a trial (it speaks the protocol).
   *
   * @param worker - The worker's name.
   */
  heardFrom(worker: string): boolean {
    return this.workers.has(worker);
  }

  /**
   * The trial a worker holds, if any.
   *
   * @param worker - The worker's name.
   * @returns Its id, folder and when it was leased.
   */
  leaseOf(worker: string): { trialId: number; trialDir: string; leasedAt: number } | undefined {
    for (const trial of this.trials.values()) {
      if (trial.worker === worker && trial.lease !== undefined && !trial.finished)
        return { trialId: trial.launch.trialId, trialDir: trial.launch.trialDir, leasedAt: trial.leasedAt };
    }
    return undefined;
  }

  /**
   * The worker is gone (its process exited, or was killed): its trial fails, or, the first time a crash takes
   * it, goes back to the queue for another worker.
   *
   * @param worker - The worker's name.
   * @param reason - What happened, for the trial's log and reason.
   * @param requeue - Whether a first crash gives the trial to another worker instead of failing it.
   */
  releaseWorker(worker: string, reason: string, requeue: boolean): void {
    for (const trial of [...this.trials.values()]) {
      if (trial.worker !== worker || trial.lease === undefined || trial.finished) continue;
      this.log(trial, reason);
      if (trial.stopReason !== undefined) this.finish(trial, this.stoppedOutcome(trial, trial.stopReason));
      else if (requeue && trial.requeued === 0) {
        trial.requeued += 1;
        this.log(trial, 'the trial runs again in another worker');
        this.unlease(trial);
        this.enqueue(trial, true);
      } else this.finish(trial, { status: 'Failed', reason });
    }
  }

  /**
   * Fails the oldest trial waiting for a worker (a worker process that cannot even ask: each one fails a trial,
   * so the job's failure rules end a job whose workers cannot start).
   *
   * @param reason - Why.
   * @returns False when no trial was waiting.
   */
  failQueued(reason: string): boolean {
    const trial = this.queue.shift();
    if (trial === undefined) return false;
    this.log(trial, reason);
    this.finish(trial, { status: 'Failed', reason });
    return true;
  }

  private unlease(trial: BrokeredTrial): void {
    trial.lease = undefined;
    trial.worker = undefined;
    trial.requestId = undefined;
    trial.confirmed = false;
  }

  private grant(trial: BrokeredTrial, worker: string, requestId: string): AskResponse {
    trial.lease = randomBytes(18).toString('base64url');
    trial.leasedAt = this.now();
    trial.worker = worker;
    trial.requestId = requestId;
    trial.expiresAt = this.now() + this.options.leaseSeconds * 1000;
    this.log(trial, `leased to worker ${worker}`);
    const handle: LeaseHandle = { kind: 'remote', worker, lease: trial.lease, requestId };
    trial.launch.onStarted?.(handle);
    return { status: 'trial', trial: this.leased(trial) };
  }

  private leased(trial: BrokeredTrial): LeasedTrial {
    const { spec, params, trialId, attempt } = trial.launch;
    const tuned: Record<string, ParamValue> = Object.create(null);
    for (const [name, value] of Object.entries(params)) tuned[name] = value as ParamValue;
    const all: Record<string, ParamValue> = Object.create(null);
    for (const [name, value] of Object.entries(spec.static)) all[name] = value;
    Object.assign(all, tuned);
    return {
      id: trialId,
      lease: trial.lease!,
      attempt: attempt ?? 0,
      params: all,
      tuned,
      objective: { metric: spec.objective.metric, type: spec.objective.type },
      context: decisionContext(spec),
      heartbeatSeconds: this.options.heartbeatSeconds,
      leaseSeconds: this.options.leaseSeconds,
    };
  }

  private holder(trialId: number, lease: string): BrokeredTrial {
    const trial = this.trials.get(trialId);
    if (trial === undefined || trial.lease !== lease)
      throw new ProtocolError(
        'leaseLost',
        trial === undefined
          ? `trial ${trialId} is not out (it ended, or its lease ran out): drop it and ask for another`
          : `trial ${trialId} is not leased under this lease (it ran out): drop it and ask for another`,
      );
    trial.expiresAt = this.now() + this.options.leaseSeconds * 1000;
    trial.confirmed = true;
    // The worker is alive: the job's end waits for it to hear `done` (its last ask may be older than a lease).
    if (trial.worker !== undefined) this.workers.set(trial.worker, this.now());
    return trial;
  }

  private action(trial: BrokeredTrial): ActionResponse {
    return trial.stopReason === undefined
      ? { action: 'continue' }
      : { action: 'stop', reason: trial.stopReason };
  }

  private observe(trial: BrokeredTrial, metric: string, value: number, step: number, line: number): void {
    trial.lastStep.set(metric, step);
    trial.lastValue.set(metric, value);
    const observation: MetricObservation = { metric, value, step, line, time: this.now() };
    trial.launch.onMetric(observation);
  }

  private stoppedOutcome(trial: BrokeredTrial, reason: string): TrialOutcome {
    const value = trial.lastValue.get(trial.launch.spec.objective.metric);
    return {
      status: 'Stopped',
      reason: trial.stopReason ?? reason,
      ...(value === undefined ? {} : { objective: value }),
    };
  }

  private finish(trial: BrokeredTrial, outcome: TrialOutcome): void {
    if (trial.finished) return;
    trial.finished = true;
    this.trials.delete(trial.launch.trialId);
    trial.resolveDone(outcome);
  }

  /** Ends the trials whose lease ran out and the stops nobody acknowledged. */
  private sweep(): void {
    const now = this.now();
    for (const trial of [...this.trials.values()]) {
      if (trial.lease === undefined || trial.finished) continue;
      if (trial.stopReason !== undefined && now > trial.stopBy) {
        const message = `worker ${trial.worker} did not end trial ${trial.launch.trialId} after being told to stop; it is let go`;
        this.log(trial, message);
        this.told.set(trial.lease, trial.launch.trialId);
        this.finish(trial, this.stoppedOutcome(trial, trial.stopReason));
        this.options.onAbandon?.(trial.worker!);
      } else if (now > trial.expiresAt && !trial.confirmed) {
        // The answer to the ask never reached a worker that went on (or it died at once): another one gets it.
        this.log(
          trial,
          `worker ${trial.worker} never started it within ${this.options.leaseSeconds} s; it waits for another worker`,
        );
        const worker = trial.worker!;
        this.unlease(trial);
        this.options.onAbandon?.(worker);
        if (trial.stopReason !== undefined)
          this.finish(trial, { status: 'Stopped', reason: trial.stopReason });
        else this.enqueue(trial, true);
      } else if (now > trial.expiresAt) {
        const reason = `worker ${trial.worker} sent nothing for ${this.options.leaseSeconds} s: its lease ran out (the worker stopped, crashed or lost its connection)`;
        this.log(trial, reason);
        this.options.onNotice?.(`trial ${trial.launch.trialId}: ${reason}`);
        this.finish(trial, { status: 'Failed', reason });
        this.options.onAbandon?.(trial.worker!);
      }
    }
  }

  /** Appends a line to the trial's log; returns its 1-based line number. A refused write halts the job. */
  private log(trial: BrokeredTrial, text: string): number {
    trial.logLines += 1;
    const path = join(trial.launch.trialDir, TRIAL_LOG_FILE);
    try {
      guardWrite(path, () => appendFileSync(path, `[tunekit] ${text}\n`));
    } catch (error) {
      if (!isRunnerError(error)) throw error;
      trial.launch.onWriteError?.(error);
    }
    return trial.logLines;
  }
}

function isLeaseHandle(handle: Readonly<Record<string, unknown>> | undefined): handle is LeaseHandle {
  return (
    handle !== undefined &&
    handle.kind === 'remote' &&
    typeof handle.worker === 'string' &&
    typeof handle.lease === 'string' &&
    (handle.requestId === undefined || typeof handle.requestId === 'string')
  );
}

/** What a worker is told about the rules that may stop its trial. */
function decisionContext(spec: TuningJobSpec): LeasedTrial['context'] {
  const earlyStopping = spec.earlyStopping === 'Off' ? 'Off' : 'Auto';
  if (spec.strategy !== 'Hyperband' || spec.hyperband === undefined) return { earlyStopping };
  const { minResource, maxResource, eta, resourceMetric } = spec.hyperband;
  return {
    earlyStopping,
    hyperband: { minResource, maxResource, eta, ...(resourceMetric === undefined ? {} : { resourceMetric }) },
  };
}
