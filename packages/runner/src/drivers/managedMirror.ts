/**
 * The local mirror of a SageMaker tuning job: turns each ListTrainingJobsForHyperParameterTuningJob answer into
 * journal events (trialAsked, trialStarted, trialFinished, each once, in creation order) and job events for the
 * progress display, and the job's result at the end. The session (session/jobSession.ts) journals them and keeps
 * the counts, the best trial and the result; the mirror keeps only which training job is which trial.
 */
import type {
  DescribeHyperParameterTuningJobResponse,
  HyperParameterTrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { ParameterValues, TrialOutcome } from '@tunekit/core';
import type { JobStatus } from '../journal/events.ts';
import type { TrainingLog } from '../sagemaker/managedLogs.ts';
import {
  completionReason,
  managedOutcome,
  millis,
  TERMINAL_TRAINING,
  tunedParams,
} from '../sagemaker/managedTrials.ts';
import type { JobResult } from '../session/jobResult.ts';
import type { JobEventBody, JobSession } from '../session/jobSession.ts';

/** Reads a finished training job's log into the trial's folder (see managedLogs.ts). */
export type TrainingLogReader = (trainingJobName: string, trialDir: string) => Promise<TrainingLog>;

interface MirroredTrial {
  readonly id: number;
  readonly params: ParameterValues;
  started: boolean;
  outcome?: TrialOutcome;
}

/** @internal The mirror of one session; see runManagedJob. */
export class ManagedMirror {
  private readonly byName = new Map<string, MirroredTrial>();
  private nextId = 1;
  private warnedAboutLogs = false;

  constructor(
    private readonly session: JobSession,
    private readonly tuningJobName: string,
    private readonly now: () => number,
    private readonly readLog?: TrainingLogReader,
  ) {
    for (const trial of session.opened.trials) {
      this.nextId = Math.max(this.nextId, trial.id + 1);
      const name = trial.handle?.trainingJobName;
      if (typeof name !== 'string') continue;
      this.byName.set(name, {
        id: trial.id,
        params: trial.params,
        started: trial.startedAt !== undefined,
        ...(trial.outcome === undefined ? {} : { outcome: trial.outcome }),
      });
    }
  }

  /** Announces the session. */
  started(): void {
    const { session } = this;
    this.emit({
      type: 'jobStarted',
      name: session.spec.name,
      resumed: session.resumed,
      changes: session.changes,
      rerun: [],
    });
    for (const warning of session.warnings) this.emit({ type: 'warning', message: warning });
    if (session.resumed && session.changes.length > 0) {
      this.emit({
        type: 'warning',
        message: `SageMaker's tuning job ${this.tuningJobName} keeps the configuration it was created with: the changes to ${session.changes.map((change) => change.path).join(', ')} apply only to a new tuning job (a new name, with warmStart from this one)`,
      });
    }
  }

  emitInterrupting(): void {
    this.emit({ type: 'interrupting', running: this.running() });
  }

  /**
   * Journals what is new in the tuning job's training jobs.
   *
   * @param summaries - Every training job of the tuning job.
   * @param tuningJobStopping - Whether the tuning job is being stopped.
   * @returns Whether anything changed.
   */
  async sync(
    summaries: readonly HyperParameterTrainingJobSummary[],
    tuningJobStopping: boolean,
  ): Promise<boolean> {
    const ordered = [...summaries].sort(
      (a, b) =>
        millis(a.CreationTime, 0) - millis(b.CreationTime, 0) ||
        String(a.TrainingJobName).localeCompare(String(b.TrainingJobName)),
    );
    let changed = false;
    for (const summary of ordered) {
      const name = summary.TrainingJobName;
      if (name === undefined) continue;
      let trial = this.byName.get(name);
      if (trial === undefined) {
        trial = {
          id: this.nextId++,
          params: tunedParams(this.session.spec, summary.TunedHyperParameters),
          started: false,
        };
        this.byName.set(name, trial);
        this.session.trialAsked(
          { id: trial.id, configIndex: trial.id - 1, attempt: 0, params: trial.params, unit: [] },
          millis(summary.CreationTime, this.now()),
        );
        changed = true;
      }
      if (!trial.started) {
        trial.started = true;
        this.session.trialStarted(
          trial.id,
          { executor: 'sagemaker-managed', tuningJobName: this.tuningJobName, trainingJobName: name },
          millis(summary.TrainingStartTime ?? summary.CreationTime, this.now()),
        );
        this.emit({ type: 'trialStarted', trialId: trial.id, params: trial.params, rerun: false });
        changed = true;
      }
      if (trial.outcome === undefined && TERMINAL_TRAINING.has(summary.TrainingJobStatus ?? '')) {
        const log = await this.readTrialLog(name, trial.id);
        const outcome = managedOutcome(summary, tuningJobStopping, log.lastLines);
        trial.outcome = outcome;
        const endedAt = millis(summary.TrainingEndTime, this.now());
        for (const observation of log.observations) {
          this.session.metric(trial.id, observation, observation.time ?? endedAt);
        }
        // A CloudWatch log read after the fact is thinned like a live one; each metric's last value is kept.
        this.session.trialRunEnded(trial.id);
        const isBest = this.session.trialFinished(trial.id, outcome, endedAt);
        this.emit({ type: 'trialFinished', trialId: trial.id, params: trial.params, outcome, isBest });
        changed = true;
      }
    }
    return changed;
  }

  private async readTrialLog(trainingJobName: string, trialId: number): Promise<TrainingLog> {
    if (this.readLog === undefined) return { lastLines: [], observations: [] };
    const log = await this.readLog(trainingJobName, this.session.prepareTrialDir(trialId, false));
    if (log.problem !== undefined && !this.warnedAboutLogs) {
      this.warnedAboutLogs = true;
      this.emit({ type: 'warning', message: log.problem });
    }
    return log;
  }

  /** Journals the end of the tuning job and returns the result. */
  finish(
    status: string,
    described: DescribeHyperParameterTuningJobResponse,
    stoppedByUs: boolean,
  ): JobResult {
    const { session } = this;
    let reason: string;
    if (status === 'Failed')
      reason = `the SageMaker tuning job failed: ${described.FailureReason ?? 'no FailureReason given'}`;
    else if (status === 'Stopped')
      reason = stoppedByUs
        ? 'stopped (Ctrl-C): the SageMaker tuning job was stopped'
        : 'the SageMaker tuning job was stopped';
    else reason = completionReason(session.spec, described, this.byName.size, session.best()?.objective);
    const jobStatus: JobStatus = stoppedByUs
      ? 'Interrupted'
      : session.counts().completed > 0
        ? 'Completed'
        : 'Failed';
    const why = jobStatus === 'Failed' && status === 'Completed' ? `${reason}; no trial succeeded` : reason;
    session.jobFinished(why);
    this.emit({ type: 'jobFinished', status: jobStatus, reason: why });
    return session.result(jobStatus, why);
  }

  /** The job's result now. */
  result(status: JobStatus, reason: string): JobResult {
    return this.session.result(status, reason);
  }

  private running(): number {
    return [...this.byName.values()].filter((trial) => trial.outcome === undefined).length;
  }

  private emit(event: JobEventBody): void {
    this.session.emit(event, this.running());
  }
}
