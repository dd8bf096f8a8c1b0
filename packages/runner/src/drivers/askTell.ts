/**
 * The ask/tell driver, for the local and SageMaker training-job executors: keeps up to maxParallel trials
 * running, has the session journal each step before acting on it, feeds metric values to the tuner's
 * early-stopping rule, and ends on the tuner's completion criteria or a stop signal. Counts, the best trial,
 * progress snapshots and the result are the session's (session/jobSession.ts).
 *
 * Trial identity across resumes: a trial that was in flight when the tuner died keeps its id and hyperparameters
 * and simply runs again (a second `trialStarted` for the same id); the tuner, rebuilt from the journal, holds it
 * as Pending. Only `trialFinished` makes a trial final, so no finished trial ever runs twice.
 *
 * A disk that refuses a write of the journal or of a trial's files (full, read-only) halts the session: the
 * running trials are stopped cleanly and nothing more is journaled (they are in flight, and run again on resume),
 * then `run` throws the write's `diskWriteFailed` error, which names the file and what to do.
 */
import { mkdirSync } from 'node:fs';
import type { MetricObservation, ParameterValues, TrialOutcome } from '@tunekit/core';
import { describeRungDecision, type RungDecision } from '@tunekit/core/unstable';
import { isRunnerError } from '../errors.ts';
import type { Executor, RunningTrial } from '../executor/types.ts';
import type { JobStatus } from '../journal/events.ts';
import { inFlightTrials, type TrialRecord } from '../journal/jobView.ts';
import { guardWrite } from '../journal/writeFailure.ts';
import type { JobResult } from '../session/jobResult.ts';
import {
  type JobEventBody,
  type JobSession,
  openJobSession,
  type TrialDecisionBody,
} from '../session/jobSession.ts';
import { describeFailureStreak } from './failureStreak.ts';
import type { RunJobOptions } from './runOptions.ts';
import { createExecutorFor, createTunerFor, type TunerHandle } from './seams.ts';
import { readWarmStartParents, type WarmStartPrior } from './warmStartParents.ts';

/** Completion reasons after which trials still running are stopped rather than awaited (as SageMaker does). */
const STOP_RUNNING_ON = new Set([
  'targetObjective',
  'maxRuntime',
  'maxTrialsNotImproving',
  'convergence',
  'maxConsecutiveFailures',
]);

interface ActiveTrial {
  readonly id: number;
  readonly params: ParameterValues;
  readonly running: RunningTrial;
  /** Set when the loop asked this trial to stop because of Ctrl-C: its end is journaled as interrupted. */
  interrupted: boolean;
  /** Set once the median rule decided to stop the trial (journaled): later values are not judged again. */
  stopDecided?: boolean;
  /**
   * The objective's value when the trial reached Hyperband's maxResource. A trial that goes on past it is stopped,
   * and its Stopped outcome becomes Completed with this value.
   */
  valueAtMaxResource?: number;
  handle?: Readonly<Record<string, unknown>>;
}

const CONTINUE = { action: 'continue' } as const;

/** The reason a trial is stopped with when it reached Hyperband's maxResource (it is then told as Completed). */
const MAX_RESOURCE_REASON = 'Hyperband: reached maxResource';

/**
 * Runs (or resumes) a job whose trials this process starts: local processes or SageMaker training jobs.
 *
 * @param options - The spec, the folders, the event listener and the stop signals.
 * @returns The job's result.
 * @throws RunnerError `specChanged`, `jobLocked`, `diskWriteFailed` (after stopping the running trials).
 */
export async function runAskTellJob(options: RunJobOptions): Promise<JobResult> {
  // Read before the session opens: a parent that is missing or does not fit is refused before anything is journaled.
  readWarmStartParents(options.spec, options.rootDir);
  const session = await openJobSession({
    spec: options.spec,
    rootDir: options.rootDir,
    ...(options.source === undefined ? {} : { source: options.source }),
    now: options.now ?? Date.now,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.retryFailed === true ? { retryFailed: true } : {}),
  });
  // Then the parents' trials as they were when this job was created (a resumed job sees the same ones).
  let warmStart: WarmStartPrior | undefined;
  try {
    warmStart = readWarmStartParents(options.spec, options.rootDir, session.opened.createdAt);
  } catch (error) {
    await session.close();
    throw error;
  }
  const driver = new AskTellDriver(session, options, options.now ?? Date.now, warmStart);
  try {
    return await driver.run();
  } finally {
    await driver.dispose();
    await session.close();
  }
}

/** One session of an ask/tell job. */
class AskTellDriver {
  private readonly active = new Map<number, ActiveTrial>();
  private tuner: TunerHandle | undefined;
  private executor: Executor | undefined;
  private ownsExecutor = false;
  private wake: (() => void) | undefined;
  /** Set when something happened while the loop was not asleep, so its next sleep returns at once. */
  private woken = false;
  private interrupting = false;
  private killed = false;
  private stoppingForCompletion = false;
  /** Reruns to stop as soon as they start, with the reason of the stop journaled before the tuner died. */
  private readonly replayedStops = new Map<number, string>();

  constructor(
    private readonly session: JobSession,
    private readonly options: RunJobOptions,
    private readonly now: () => number,
    private readonly warmStart: WarmStartPrior | undefined,
  ) {}

  async run(): Promise<JobResult> {
    const { session } = this;
    const spec = session.spec;
    this.tuner = await createTunerFor(spec, session.opened, this.now, this.warmStart);
    this.executor = this.options.executor ?? createExecutorFor(spec);
    this.ownsExecutor = this.options.executor === undefined;

    // A trial in flight whose stop a rule journaled is finished as decided (finishStoppedReruns), not run again.
    const reruns = inFlightTrials(session.opened);
    const stopDecided = (trial: TrialRecord): boolean =>
      trial.decisions?.some((decision) => decision.decision === 'stop') === true;
    session.onHalt(() => this.halt());
    const onAbort = (): void => this.interrupt();
    const onKill = (): void => this.kill();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    this.options.killSignal?.addEventListener('abort', onKill, { once: true });
    this.emit({
      type: 'jobStarted',
      name: spec.name,
      resumed: session.resumed,
      changes: session.changes,
      rerun: reruns.filter((t) => !stopDecided(t)).map((t) => t.id),
    });
    for (const warning of session.warnings) this.emit({ type: 'warning', message: warning });

    try {
      if (this.options.signal?.aborted) this.interrupting = true;
      const queue = this.finishStoppedReruns(reruns);
      let exhausted = false;
      for (;;) {
        if (this.killed) break;
        const failure = session.writeFailure();
        if (failure !== undefined) {
          if (this.active.size === 0) throw failure;
          await this.sleep();
          continue;
        }
        const completion = this.tuner.completion();
        if (completion.done && STOP_RUNNING_ON.has(completion.reason ?? '') && !this.stoppingForCompletion) {
          this.stoppingForCompletion = true;
          for (const trial of this.active.values()) void trial.running.stop('completion');
        }
        if (!this.interrupting && !completion.done) {
          while (this.active.size < spec.limits.maxParallel && queue.length > 0) {
            const trial = queue.shift()!;
            // The journaled handle: a SageMaker training job still running is reattached to, not started again.
            this.start(trial.id, trial.params, trial.attempt, true, trial.handle);
            const replayed = this.replayedStops.get(trial.id);
            const entry = replayed === undefined ? undefined : this.active.get(trial.id);
            if (entry !== undefined) {
              // The stop was decided before: the median rule must not decide it again from the replayed log.
              entry.stopDecided = true;
              void entry.running.stop(replayed!);
            }
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
              this.session.trialAsked(trial);
              if (!this.interrupting && !this.killed && session.writeFailure() === undefined)
                this.start(trial.id, trial.params, trial.attempt, false);
            }
            if (asked.length > 0) continue;
          }
        }
        if (this.active.size === 0) {
          // Asked again: `completion` above may be stale when a trial ended while the tuner was asked.
          const final = this.tuner.completion();
          if (final.done || this.interrupting || exhausted || this.killed) {
            if (final.reason === 'maxConsecutiveFailures')
              return this.finish(
                `maxConsecutiveFailures: ${describeFailureStreak(final.failureReasons ?? [])}`,
                'Failed',
              );
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

  private start(
    id: number,
    params: ParameterValues,
    attempt: number,
    rerun: boolean,
    resumeHandle?: Readonly<Record<string, unknown>>,
  ): void {
    try {
      this.launch(id, params, attempt, rerun, resumeHandle);
    } catch (error) {
      // The trial's folder or files could not be written: the trial never started, and runs on resume.
      if (!isRunnerError(error) || error.code !== 'diskWriteFailed') throw error;
      this.session.halt(error);
    }
  }

  private launch(
    id: number,
    params: ParameterValues,
    attempt: number,
    rerun: boolean,
    resumeHandle: Readonly<Record<string, unknown>> | undefined,
  ): void {
    const { session } = this;
    const trialDir = guardWrite(session.jobDir, () => {
      const dir = session.prepareTrialDir(id, rerun);
      mkdirSync(dir, { recursive: true });
      return dir;
    });
    // The executor calls onStarted once the job runs (synchronously for a process, later for SageMaker):
    // `trialStarted` is journaled then, with the handle a resumed tuner needs to kill or reattach.
    let handle: Readonly<Record<string, unknown>> | undefined;
    let started = false;
    const markStarted = (): void => {
      const entry = this.active.get(id);
      if (started || entry === undefined || this.killed) return;
      started = true;
      if (handle !== undefined) entry.handle = handle;
      session.trialStarted(id, handle);
      this.emit({ type: 'trialStarted', trialId: id, params, rerun });
    };
    const running = guardWrite(trialDir, () =>
      this.executor!.start({
        spec: session.spec,
        trialId: id,
        attempt,
        params,
        trialDir,
        baseDir: this.options.baseDir,
        onMetric: (observation) => this.onMetric(id, observation),
        ...(resumeHandle === undefined ? {} : { resumeHandle }),
        onStarted: (startedHandle) => {
          handle = startedHandle;
          markStarted();
        },
        onWriteError: (error) => session.halt(error),
      }),
    );
    this.active.set(id, { id, params, running, interrupted: false });
    if (handle !== undefined) markStarted();
    running.done.then(
      (outcome) => this.onDone(id, outcome),
      (error: unknown) => this.onDone(id, { status: 'Failed', reason: `executor error: ${String(error)}` }),
    );
  }

  private onMetric(id: number, observation: MetricObservation): void {
    if (this.killed || this.session.writeFailure() !== undefined || !this.active.has(id)) return;
    // The watchers see every value; early stopping the journaled ones, as a resumed tuner rebuilds them.
    const journaled = this.session.metric(id, observation);
    this.emit({ type: 'trialMetric', trialId: id, observation });
    if (!journaled) return;
    const entry = this.active.get(id)!;
    if (this.session.spec.strategy === 'Hyperband') {
      this.feedHyperband(entry, observation);
      return;
    }
    const decision = this.feedEarlyStopping(entry, observation);
    if (decision.action !== 'stop') return;
    // Journaled before the trial is stopped: a resume finishes it as decided, and `status` says why.
    entry.stopDecided = true;
    if (!this.session.trialDecision(medianDecisionEvent(id, decision))) return;
    void entry.running.stop(decision.reason);
  }

  /**
   * Gives Hyperband a journaled value: each promotion or stop it decides is journaled, then acted on. A trial that
   * reaches maxResource is stopped there and told Completed.
   */
  private feedHyperband(entry: ActiveTrial, observation: MetricObservation): void {
    if (entry.interrupted) return;
    const report = this.tuner!.reportRung(entry.id, observation);
    const eta = this.session.spec.hyperband!.eta;
    for (const decision of report.decisions) {
      if (!this.session.trialDecision(decisionEvent(decision, eta))) return;
    }
    if (report.stop !== undefined) {
      void entry.running.stop(describeRungDecision(report.stop, eta));
    } else if (report.reachedMaxResource && observation.metric === this.session.spec.objective.metric) {
      // A script that trains for maxResource ends by itself now: stopping it would cut its last lines (and on
      // SageMaker mark a finished training job Stopped). One that goes on past its budget is stopped.
      if (entry.valueAtMaxResource === undefined) entry.valueAtMaxResource = observation.value;
      else void entry.running.stop(MAX_RESOURCE_REASON);
    }
  }

  /**
   * Trials in flight whose journal already holds a stop (Hyperband's or the median rule's: the tuner died between
   * the decision and the trial's end). A median-rule trial's journaled curve is fed to the tuner first, so the
   * medians count it as a later resume's tuner, rebuilt from the journal, will. A local one (its process was killed
   * when the session opened) is journaled as Stopped with that decision's reason now instead of run again. A
   * SageMaker one may still be training: it is reattached to and stopped at once ({@link replayedStops}), so
   * nothing is left InProgress.
   *
   * @returns The trials to run again (or to reattach to and stop).
   */
  private finishStoppedReruns(reruns: readonly TrialRecord[]): TrialRecord[] {
    const queue: TrialRecord[] = [];
    const metric = this.session.spec.objective.metric;
    for (const trial of reruns) {
      const stop = trial.decisions?.find((decision) => decision.decision === 'stop');
      if (stop === undefined) {
        queue.push(trial);
        continue;
      }
      if (stop.rule === 'median') {
        trial.objectiveCurve?.forEach((value, step) => {
          if (value !== null) this.tuner!.report(trial.id, { metric, value, step, line: step + 1 });
        });
      }
      if (this.session.spec.executor.kind !== 'local') {
        this.replayedStops.set(trial.id, stop.reason);
        queue.push(trial);
        continue;
      }
      const outcome: TrialOutcome = { status: 'Stopped', reason: stop.reason, objective: stop.value };
      const isBest = this.session.trialFinished(trial.id, outcome);
      this.tuner!.tell(trial.id, outcome);
      this.emit({ type: 'trialFinished', trialId: trial.id, params: trial.params, outcome, isBest });
    }
    return queue;
  }

  /** Gives early stopping a journaled value of the objective; a decision when the trial should stop. */
  private feedEarlyStopping(
    entry: ActiveTrial,
    observation: MetricObservation,
  ): ReturnType<TunerHandle['report']> {
    const { spec } = this.session;
    if (spec.earlyStopping === 'Off' || entry.interrupted || entry.stopDecided === true) return CONTINUE;
    if (observation.metric !== spec.objective.metric || observation.invalid !== undefined) return CONTINUE;
    return this.tuner!.report(entry.id, observation);
  }

  private onDone(id: number, ended: TrialOutcome): void {
    const entry = this.active.get(id);
    if (entry === undefined) return;
    this.active.delete(id);
    // Each metric's last value, when the thinning held it back: the journal always has it.
    const lastValues = this.session.trialRunEnded(id);
    if (this.killed) return;
    if (this.session.writeFailure() !== undefined) {
      // Stopped because the disk refused a write: not journaled, so it runs again on resume.
      this.notify();
      return;
    }
    for (const observation of lastValues) {
      if (this.session.spec.strategy !== 'Hyperband') this.feedEarlyStopping(entry, observation);
    }
    // Hyperband stopped it past maxResource: its whole budget ran, so it is Completed with its value there.
    const outcome: TrialOutcome =
      entry.valueAtMaxResource !== undefined &&
      ended.status === 'Stopped' &&
      ended.reason === MAX_RESOURCE_REASON
        ? { status: 'Completed', objective: entry.valueAtMaxResource }
        : ended;
    // A trial a rule decided to stop finishes Stopped even when Ctrl-C came after the decision.
    if (entry.interrupted && outcome.status !== 'Completed' && entry.stopDecided !== true) {
      this.session.trialInterrupted(id);
      this.emit({ type: 'trialInterrupted', trialId: id });
    } else {
      const isBest = this.session.trialFinished(id, outcome);
      this.tuner!.tell(id, outcome);
      if (outcome.status === 'Completed') this.recommend();
      this.emit({ type: 'trialFinished', trialId: id, params: entry.params, outcome, isBest });
    }
    this.notify();
  }

  /** Journals the model's choice of best trial, when the model has one to give (session: only if it matters). */
  private recommend(): void {
    const recommendation = this.tuner!.recommendation();
    if (recommendation !== undefined) this.session.recommendation(recommendation);
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

  /** The session halted on a refused write: stop the running trials cleanly (they run again on resume). */
  private halt(): void {
    if (this.killed) return;
    for (const entry of this.active.values()) void entry.running.stop('interrupted');
    this.notify();
  }

  private kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.session.stopJournaling();
    for (const entry of this.active.values()) this.session.killTrial(entry.handle);
    this.notify();
  }

  /** Ends the session; `forced` is the status the rule that ended the job decided, when it decided one. */
  private finish(reason: string | undefined, forced?: 'Failed'): JobResult {
    let status: JobStatus;
    let why: string;
    if (this.killed) {
      status = 'Interrupted';
      why = 'killed';
    } else if (reason === undefined) {
      status = 'Interrupted';
      why = 'interrupted';
    } else {
      status = forced ?? (this.session.counts().completed > 0 ? 'Completed' : 'Failed');
      why = status === 'Failed' && forced === undefined ? `${reason}; no trial succeeded` : reason;
      this.session.jobFinished(why, forced);
      const failure = this.session.writeFailure();
      if (failure !== undefined) throw failure;
    }
    if (!this.killed) this.emit({ type: 'jobFinished', status, reason: why });
    return this.session.result(status, why);
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

  private emit(event: JobEventBody): void {
    this.session.emit(event, this.active.size);
  }
}

/** A median-rule stop as the journal's `trialDecision` event holds it: the step is its resource. */
function medianDecisionEvent(
  trialId: number,
  decision: Exclude<ReturnType<TunerHandle['report']>, { action: 'continue' }>,
): TrialDecisionBody {
  return {
    trialId,
    rule: 'median',
    resource: decision.step,
    value: decision.value,
    decision: 'stop',
    basis: { threshold: decision.median, count: decision.trials },
    reason: decision.reason,
  };
}

/** A Hyperband decision as the journal's `trialDecision` event holds it. */
function decisionEvent(decision: RungDecision, eta: number): TrialDecisionBody {
  return {
    trialId: decision.trialId,
    rule: 'hyperband',
    bracket: decision.bracket,
    rung: decision.rung,
    resource: decision.resource,
    value: decision.value,
    decision: decision.decision,
    basis: {
      ...(decision.threshold === undefined ? {} : { threshold: decision.threshold }),
      count: decision.count,
    },
    reason: describeRungDecision(decision, eta),
  };
}
