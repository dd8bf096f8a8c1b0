/**
 * A tuner session of a job: the one writer of its journal. Both drivers (ask/tell and the managed mirror) tell
 * the session what happened; the session journals it (flushed before the driver acts on it), folds it into the
 * job's view, keeps the counts and the best trial, stamps every progress event with a snapshot, and builds the
 * job's result. A driver decides what to do; it never writes the journal nor keeps the job's bookkeeping.
 *
 * Metric values: past 1,000 values of a metric of a trial the journal keeps a thinned sample, and always the
 * last value, journaled when the trial's run ends (metricThinning.ts); drivers feed early stopping only the
 * values the journal keeps, so a resumed tuner sees what the live one saw.
 *
 * A disk that refuses a write (full, read-only: a RunnerError `diskWriteFailed`) halts the session: nothing more
 * is journaled, the driver hears of it (`onHalt`) and stops its trials cleanly (they are in flight, and run again
 * on resume), then throws the error, which names the file and what to do.
 *
 * Times: every event is stamped with the session's clock unless the driver passes the time something happened
 * elsewhere (SageMaker's creation and end times). Elapsed time sums the sessions: the job's active time when
 * the session opened plus this session's time so far.
 */
import type { MetricObservation, ParameterValues, TrialOutcome } from '@tunekit/core';
import type { Recommendation } from '@tunekit/core/unstable';
import { isRunnerError, type RunnerError } from '../errors.ts';
import type { JobStatus, JournalEvent } from '../journal/events.ts';
import type { JobView, TrialRecord } from '../journal/jobView.ts';
import { modelEstimate } from '../report/modelChoice.ts';
import type { JobEvent, JobEventListener, ProgressSnapshot } from './jobEvents.ts';
import type { JobResult } from './jobResult.ts';
import { MetricThinning } from './metricThinning.ts';
import { type OpenJobOptions, openJob } from './openJob.ts';
import type { SpecChange } from './specDiff.ts';

/** A job event as a driver emits it: the session adds the progress snapshot. */
export type JobEventBody = WithoutProgress<JobEvent>;

type WithoutProgress<Event> = Event extends unknown ? Omit<Event, 'progress'> : never;

/** A trial as the session journals it when it is asked. */
export interface AskedTrial {
  readonly id: number;
  readonly configIndex: number;
  readonly attempt: number;
  readonly params: ParameterValues;
  readonly unit: readonly number[];
}

/** A `trialDecision` event without its type and time, as the driver hands it to the session. */
export type TrialDecisionBody = Omit<Extract<JournalEvent, { type: 'trialDecision' }>, 'type' | 't'>;

/** Options of {@link openJobSession}. */
export interface JobSessionOptions extends OpenJobOptions {
  /** Receives the progress events. */
  readonly onEvent?: JobEventListener;
}

/** One session of a job, opened under the job's lock; see the module comment. */
export interface JobSession {
  /** The spec in force for this session. */
  readonly spec: OpenJobOptions['spec'];
  /** The job as journaled when the session opened, this session's `jobCreated` or `jobResumed` included. */
  readonly opened: JobView;
  readonly resumed: boolean;
  /** Harmless changes of the tuning file, accepted on resume. */
  readonly changes: readonly SpecChange[];
  /** Things the user should know (a torn journal line that was dropped). */
  readonly warnings: readonly string[];
  /** `.tunekit/jobs/<name>` */
  readonly jobDir: string;
  /** Journals a new trial (`trialAsked`). */
  trialAsked(trial: AskedTrial, t?: number): void;
  /** Journals the start of a trial's run, with the executor's handle (`trialStarted`). */
  trialStarted(trialId: number, handle?: Readonly<Record<string, unknown>>, t?: number): void;
  /**
   * Journals a metric value (`metric`), at its own time when it has one, unless the thinning holds it back.
   *
   * @returns Whether it was journaled (early stopping is fed only journaled values).
   */
  metric(trialId: number, observation: MetricObservation, t?: number): boolean;
  /**
   * Ends a trial's run for the thinning: journals each metric's last value that was held back.
   *
   * @returns The values journaled now, for early stopping.
   */
  trialRunEnded(trialId: number): MetricObservation[];
  /**
   * Journals a stopping rule's decision about a running trial (`trialDecision`), before the driver acts on it.
   *
   * @returns Whether it was journaled (false once journaling stopped: the trial then reruns on resume).
   */
  trialDecision(decision: TrialDecisionBody, t?: number): boolean;
  /**
   * Journals a trial's outcome (`trialFinished`) and counts it.
   *
   * @returns Whether the trial became the best trial.
   */
  trialFinished(trialId: number, outcome: TrialOutcome, t?: number): boolean;
  /**
   * Journals the model's choice of best trial (`recommendation`) when it is significant, or when it stops being
   * so; a deterministic objective's job journals none.
   */
  recommendation(recommendation: Recommendation, t?: number): void;
  /** Journals a trial stopped by Ctrl-C (`trialInterrupted`): it reruns on resume. */
  trialInterrupted(trialId: number): void;
  /** Journals the end of the job (`jobFinished`), with its status when the rule that ended it decides it. */
  jobFinished(reason: string, status?: 'Completed' | 'Failed'): void;
  /** From now on journals nothing (the tuner is being killed: what runs now reruns on resume). */
  stopJournaling(): void;
  /** Halts the session on a refused write (a trial's files, or the journal): journals nothing more. */
  halt(error: RunnerError): void;
  /** The refused write that halted the session, if any. */
  writeFailure(): RunnerError | undefined;
  /** Hears of the halt, once (the driver stops its trials). */
  onHalt(listener: (error: RunnerError) => void): void;
  /**
   * Sends a progress event to the listener, with the progress snapshot.
   *
   * @param event - The event.
   * @param running - Trials the driver has running now.
   */
  emit(event: JobEventBody, running: number): void;
  /** The best trial so far. */
  best(): TrialRecord | undefined;
  /** Trials with an outcome, this session and before. */
  counts(): { readonly completed: number; readonly failed: number; readonly stopped: number };
  /** The job's result now. */
  result(status: JobStatus, reason: string): JobResult;
  /** The trial's folder; before a rerun, the previous run's folder is kept aside as `<id>.run<n>`. */
  prepareTrialDir(trialId: number, rerun: boolean): string;
  /** Kills a trial's process group at once (SIGKILL), from its journaled handle. */
  killTrial(handle: Readonly<Record<string, unknown>> | undefined): void;
  /** Releases the job's lock. */
  close(): Promise<void>;
}

/**
 * Opens a session of the job the spec names: creates the job or resumes it (see openJob.ts).
 *
 * @param options - The spec, the root folder, the source, the clock and the event listener.
 * @returns The session; call `close` when done.
 * @throws RunnerError `specChanged` (with every breaking change listed) or `jobLocked`.
 */
export async function openJobSession(options: JobSessionOptions): Promise<JobSession> {
  const { now, onEvent } = options;
  const job = await openJob(options);
  const sessionStart = now();
  const elapsedBefore = job.view.activeMs;
  const counts = { completed: 0, failed: 0, stopped: 0 };
  let total = job.view.trials.length;
  for (const trial of job.view.trials) {
    if (trial.outcome !== undefined) count(trial.outcome);
  }
  let best = job.best();
  let journaling = true;
  const thinning = new MetricThinning();
  let failure: RunnerError | undefined;
  let haltListener: ((error: RunnerError) => void) | undefined;

  function halt(error: RunnerError): void {
    if (failure !== undefined || !journaling) return;
    failure = error;
    journaling = false;
    haltListener?.(error);
  }

  function count(outcome: TrialOutcome): void {
    if (outcome.status === 'Completed') counts.completed += 1;
    else if (outcome.status === 'Failed') counts.failed += 1;
    else counts.stopped += 1;
  }
  const elapsed = (): number => elapsedBefore + (now() - sessionStart);
  const append: typeof job.append = (event) => {
    if (!journaling) return;
    try {
      job.append(event);
    } catch (error) {
      if (!isRunnerError(error) || error.code !== 'diskWriteFailed') throw error;
      halt(error);
    }
  };

  return {
    spec: job.spec,
    opened: job.view,
    resumed: job.resumed,
    changes: job.changes,
    warnings: job.warnings,
    jobDir: job.jobDir,
    trialAsked(trial, t = now()) {
      if (!journaling) return;
      append({
        type: 'trialAsked',
        t,
        trialId: trial.id,
        configIndex: trial.configIndex,
        attempt: trial.attempt,
        params: trial.params,
        unit: [...trial.unit],
      });
      total += 1;
    },
    trialStarted(trialId, handle, t = now()) {
      append({
        type: 'trialStarted',
        t,
        trialId,
        ...(handle === undefined ? {} : { handle: { ...handle } }),
      });
    },
    metric(trialId, observation, t = observation.time ?? now()) {
      if (!journaling || !thinning.admit(trialId, observation)) return false;
      append({ type: 'metric', t, trialId, observation });
      return journaling;
    },
    trialRunEnded(trialId) {
      const held = thinning.end(trialId);
      if (!journaling) return [];
      for (const observation of held) {
        append({ type: 'metric', t: observation.time ?? now(), trialId, observation });
      }
      return journaling ? held : [];
    },
    trialDecision(decision, t = now()) {
      if (!journaling) return false;
      append({ type: 'trialDecision', t, ...decision });
      return journaling;
    },
    trialFinished(trialId, outcome, t = now()) {
      if (!journaling) return false;
      append({ type: 'trialFinished', t, trialId, outcome });
      count(outcome);
      const before = best?.id;
      best = job.best();
      return best !== undefined && best.id === trialId && before !== trialId;
    },
    recommendation(recommendation, t = now()) {
      if (!journaling) return;
      // The last journaled one stands as the best exactly when it was significant (its trial had Completed).
      if (!recommendation.significant && job.modelChoice() === undefined) return;
      append({ type: 'recommendation', t, ...recommendation });
      best = job.best();
    },
    trialInterrupted(trialId) {
      append({ type: 'trialInterrupted', t: now(), trialId });
    },
    jobFinished(reason, status) {
      append({ type: 'jobFinished', t: now(), reason, ...(status === undefined ? {} : { status }) });
    },
    stopJournaling() {
      journaling = false;
    },
    halt,
    writeFailure: () => failure,
    onHalt(listener) {
      haltListener = listener;
    },
    emit(event, running) {
      onEvent?.({ ...event, progress: snapshot(running) } as JobEvent);
    },
    best: () => best,
    counts: () => ({ ...counts }),
    result(status, reason) {
      // The model's choice stands as the best (journal/jobView.ts bestTrial): say so, with the observed best.
      const chosen = job.modelChoice();
      const observed = chosen === undefined ? undefined : job.bestObserved();
      return {
        name: job.spec.name,
        status,
        reason,
        resumed: job.resumed,
        ...(best === undefined
          ? {}
          : {
              best: {
                trialId: best.id,
                objective: best.objective!,
                hyperparameters: { ...best.params },
                ...(chosen === undefined ? {} : { model: modelEstimate(chosen.recommendation) }),
              },
            }),
        ...(observed === undefined
          ? {}
          : { bestObserved: { trialId: observed.id, objective: observed.objective! } }),
        counts: { total, ...counts },
        elapsedMs: elapsed(),
        jobDir: job.jobDir,
      };
    },
    prepareTrialDir: (trialId, rerun) => job.prepareTrialDir(trialId, rerun),
    killTrial: (handle) => job.killTrial(handle),
    close: () => job.close(),
  };

  function snapshot(running: number): ProgressSnapshot {
    return {
      done: counts.completed + counts.failed + counts.stopped,
      ...counts,
      running,
      budget: job.spec.limits.maxTrials,
      ...(best === undefined ? {} : { best: { trialId: best.id, objective: best.objective! } }),
      elapsedMs: elapsed(),
    };
  }
}
