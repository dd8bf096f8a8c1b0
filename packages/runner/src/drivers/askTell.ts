/**
 * The job loop: keeps up to maxParallel trials running, journals each step before acting on it, feeds metric
 * values to the tuner's early-stopping rule, and ends on the tuner's completion criteria or a stop signal.
 *
 * Trial identity across resumes: a trial that was in flight when the tuner died keeps its id and hyperparameters
 * and simply runs again (a second `trialStarted` for the same id); the tuner, rebuilt from the journal, holds it
 * as Pending. Only `trialFinished` makes a trial final, so no finished trial ever runs twice.
 */
import { mkdirSync } from 'node:fs';
import type { MetricObservation, ParameterValues, Trial, TrialOutcome } from '@tunekit/core';
import type { Executor, RunningTrial } from '../executor/types.ts';
import type { JournalEvent } from '../journal/events.ts';
import { inFlightTrials } from '../journal/jobView.ts';
import type { JobEvent, JobStatus, ProgressSnapshot } from '../session/jobEvents.ts';
import type { OpenedJob } from '../session/openJob.ts';
import type { JobResult, RunJobOptions } from './runJob.ts';
import { createExecutorFor, createTunerFor, type TunerHandle } from './seams.ts';

/** Completion reasons after which trials still running are stopped rather than awaited (as SageMaker does). */
const STOP_RUNNING_ON = new Set(['targetObjective', 'maxRuntime', 'maxTrialsNotImproving', 'convergence']);

interface ActiveTrial {
  readonly id: number;
  readonly params: ParameterValues;
  readonly running: RunningTrial;
  /** Set when the loop asked this trial to stop because of Ctrl-C: its end is journaled as interrupted. */
  interrupted: boolean;
  handle?: Readonly<Record<string, unknown>>;
}

interface LoopInit {
  readonly job: OpenedJob;
  readonly options: RunJobOptions;
  readonly now: () => number;
}

/** @internal Runs one session of a job; see {@link runJob}. */
export class JobLoop {
  private readonly job: OpenedJob;
  private readonly options: RunJobOptions;
  private readonly now: () => number;
  private readonly active = new Map<number, ActiveTrial>();
  private readonly sessionStart: number;
  private readonly elapsedBefore: number;
  private tuner: TunerHandle | undefined;
  private executor: Executor | undefined;
  private ownsExecutor = false;
  private wake: (() => void) | undefined;
  /** Set when something happened while the loop was not asleep, so its next sleep returns at once. */
  private woken = false;
  private interrupting = false;
  private killed = false;
  private stoppingForCompletion = false;
  private counts = { completed: 0, failed: 0, stopped: 0 };
  private best: { trialId: number; objective: number } | undefined;

  constructor(init: LoopInit) {
    this.job = init.job;
    this.options = init.options;
    this.now = init.now;
    this.sessionStart = this.now();
    this.elapsedBefore = init.job.view.activeMs;
  }

  async run(): Promise<JobResult> {
    const { job } = this;
    const spec = job.spec;
    this.tuner = await createTunerFor(spec, job.view, this.now);
    this.executor = this.options.executor ?? createExecutorFor(spec);
    this.ownsExecutor = this.options.executor === undefined;
    for (const trial of job.view.trials) {
      if (trial.outcome === undefined) continue;
      if (trial.outcome.status === 'Completed') this.counts.completed += 1;
      else if (trial.outcome.status === 'Failed') this.counts.failed += 1;
      else this.counts.stopped += 1;
    }
    this.best = this.tunerBest();

    const reruns = inFlightTrials(job.view);
    const onAbort = (): void => this.interrupt();
    const onKill = (): void => this.kill();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    this.options.killSignal?.addEventListener('abort', onKill, { once: true });
    this.emit({
      type: 'jobStarted',
      name: spec.name,
      resumed: job.resumed,
      changes: job.changes,
      rerun: reruns.map((t) => t.id),
    });
    for (const warning of job.warnings) this.emit({ type: 'warning', message: warning });

    try {
      if (this.options.signal?.aborted) this.interrupting = true;
      const queue = [...reruns];
      let exhausted = false;
      for (;;) {
        if (this.killed) break;
        const completion = this.tuner.completion();
        if (completion.done && STOP_RUNNING_ON.has(completion.reason ?? '') && !this.stoppingForCompletion) {
          this.stoppingForCompletion = true;
          for (const trial of this.active.values()) void trial.running.stop('completion');
        }
        if (!this.interrupting && !completion.done) {
          while (this.active.size < spec.limits.maxParallel && queue.length > 0) {
            const trial = queue.shift()!;
            this.start(trial.id, trial.params, true);
          }
          const free = spec.limits.maxParallel - this.active.size;
          if (free > 0 && !exhausted) {
            const asked = await this.tuner.ask(free);
            // A trial that ended during the ask may have completed the job: then the ask gave nothing, but the
            // search is not exhausted.
            if (asked.length === 0 && this.active.size === 0 && !this.tuner.completion().done)
              exhausted = true;
            for (const trial of asked) {
              // Journaled even when Ctrl-C came during the ask: the trial is then in flight and reruns on resume.
              this.journalAsked(trial);
              if (!this.interrupting && !this.killed) this.start(trial.id, trial.params, false);
            }
            if (asked.length > 0) continue;
          }
        }
        if (this.active.size === 0) {
          // Asked again: `completion` above may be stale when a trial ended while the tuner was asked.
          const final = this.tuner.completion();
          if (final.done || this.interrupting || exhausted || this.killed) {
            return this.finish(
              final.done ? (final.reason ?? 'maxTrials') : exhausted ? 'exhausted' : undefined,
            );
          }
        }
        await this.sleep();
      }
      return this.finish(undefined);
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
      this.options.killSignal?.removeEventListener('abort', onKill);
    }
  }

  /** Closes what this session opened: the executor it created and the tuner's worker pool. */
  async dispose(): Promise<void> {
    if (this.ownsExecutor) await this.executor?.close();
    await this.tuner?.close();
  }

  private start(id: number, params: ParameterValues, rerun: boolean): void {
    const { job } = this;
    const trialDir = job.prepareTrialDir(id, rerun);
    mkdirSync(trialDir, { recursive: true });
    // The executor calls onStarted once the job runs (synchronously for a process, later for SageMaker):
    // `trialStarted` is journaled then, with the handle a resumed tuner needs to kill or reattach.
    let handle: Readonly<Record<string, unknown>> | undefined;
    let started = false;
    const markStarted = (): void => {
      const entry = this.active.get(id);
      if (started || entry === undefined || this.killed) return;
      started = true;
      if (handle !== undefined) entry.handle = handle;
      this.append({
        type: 'trialStarted',
        t: this.now(),
        trialId: id,
        ...(handle === undefined ? {} : { handle: { ...handle } }),
      });
      this.emit({ type: 'trialStarted', trialId: id, params, rerun });
    };
    const running = this.executor!.start({
      spec: job.spec,
      trialId: id,
      params,
      trialDir,
      baseDir: this.options.baseDir,
      onMetric: (observation) => this.onMetric(id, observation),
      onStarted: (startedHandle) => {
        handle = startedHandle;
        markStarted();
      },
    });
    this.active.set(id, { id, params, running, interrupted: false });
    if (handle !== undefined) markStarted();
    running.done.then(
      (outcome) => this.onDone(id, outcome),
      (error: unknown) => this.onDone(id, { status: 'Failed', reason: `executor error: ${String(error)}` }),
    );
  }

  private onMetric(id: number, observation: MetricObservation): void {
    if (this.killed || !this.active.has(id)) return;
    this.append({ type: 'metric', t: observation.time ?? this.now(), trialId: id, observation });
    this.emit({ type: 'trialMetric', trialId: id, observation });
    const entry = this.active.get(id)!;
    if (this.job.spec.earlyStopping !== 'Auto' || entry.interrupted) return;
    if (observation.metric !== this.job.spec.objective.metric || observation.invalid !== undefined) return;
    if (this.tuner!.report(id, observation) === 'stop') void entry.running.stop('early-stopping');
  }

  private onDone(id: number, outcome: TrialOutcome): void {
    const entry = this.active.get(id);
    if (entry === undefined) return;
    this.active.delete(id);
    if (this.killed) return;
    if (entry.interrupted && outcome.status !== 'Completed') {
      this.append({ type: 'trialInterrupted', t: this.now(), trialId: id });
      this.emit({ type: 'trialInterrupted', trialId: id });
    } else {
      this.append({ type: 'trialFinished', t: this.now(), trialId: id, outcome });
      this.tuner!.tell(id, outcome);
      if (outcome.status === 'Completed') this.counts.completed += 1;
      else if (outcome.status === 'Failed') this.counts.failed += 1;
      else this.counts.stopped += 1;
      const before = this.best?.trialId;
      this.best = this.tunerBest();
      this.emit({
        type: 'trialFinished',
        trialId: id,
        params: entry.params,
        outcome,
        isBest: this.best !== undefined && this.best.trialId !== before && this.best.trialId === id,
      });
    }
    this.notify();
  }

  private journalAsked(trial: Trial): void {
    this.append({
      type: 'trialAsked',
      t: this.now(),
      trialId: trial.id,
      configIndex: trial.configIndex,
      attempt: trial.attempt,
      params: trial.params,
      unit: [...trial.unit],
    });
  }

  private interrupt(): void {
    if (this.interrupting || this.killed) return;
    this.interrupting = true;
    this.emit({ type: 'interrupting', running: this.active.size });
    for (const entry of this.active.values()) {
      entry.interrupted = true;
      void entry.running.stop('interrupted');
    }
    this.notify();
  }

  private kill(): void {
    if (this.killed) return;
    this.killed = true;
    for (const entry of this.active.values()) this.job.killTrial(entry.handle);
    this.notify();
  }

  private finish(reason: string | undefined): JobResult {
    const job = this.job;
    let status: JobStatus;
    let why: string;
    if (this.killed) {
      status = 'Interrupted';
      why = 'killed';
    } else if (reason === undefined) {
      status = 'Interrupted';
      why = 'interrupted';
    } else {
      status = this.counts.completed > 0 ? 'Completed' : 'Failed';
      why = status === 'Failed' ? `${reason}; no trial succeeded` : reason;
      this.append({ type: 'jobFinished', t: this.now(), reason: why });
    }
    if (!this.killed) this.emit({ type: 'jobFinished', status, reason: why });
    const bestTrial = this.tuner?.best();
    return {
      name: job.spec.name,
      status,
      reason: why,
      resumed: job.resumed,
      ...(bestTrial?.objective === undefined
        ? {}
        : {
            best: {
              trialId: bestTrial.id,
              objective: bestTrial.objective,
              hyperparameters: { ...bestTrial.params },
            },
          }),
      counts: { total: this.tuner?.trialCount() ?? 0, ...this.counts },
      elapsedMs: this.elapsed(),
      jobDir: job.jobDir,
    };
  }

  private tunerBest(): { trialId: number; objective: number } | undefined {
    const best = this.tuner?.best();
    return best?.objective === undefined ? undefined : { trialId: best.id, objective: best.objective };
  }

  private append(event: JournalEvent): void {
    if (this.killed) return;
    this.job.append(event);
  }

  /** Wakes the loop, or makes its next sleep return at once when it is busy. */
  private notify(): void {
    if (this.wake !== undefined) this.wake();
    else this.woken = true;
  }

  /** Waits for something to happen: a trial ends, a signal, the runtime deadline. */
  private sleep(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const deadline = this.tuner!.msUntilDeadline();
      const timer =
        deadline === undefined || deadline <= 0 ? undefined : setTimeout(() => this.notify(), deadline + 5);
      this.wake = () => {
        this.wake = undefined;
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
    });
  }

  private elapsed(): number {
    return this.elapsedBefore + (this.now() - this.sessionStart);
  }

  private snapshot(): ProgressSnapshot {
    const done = this.counts.completed + this.counts.failed + this.counts.stopped;
    return {
      done,
      ...this.counts,
      running: this.active.size,
      budget: this.job.spec.limits.maxTrials,
      ...(this.best === undefined ? {} : { best: this.best }),
      elapsedMs: this.elapsed(),
    };
  }

  private emit(event: DistributiveOmit<JobEvent, 'progress'>): void {
    this.options.onEvent?.({ ...event, progress: this.snapshot() } as JobEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
