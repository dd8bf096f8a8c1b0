/**
 * The local mirror of a SageMaker tuning job: turns each ListTrainingJobsForHyperParameterTuningJob answer into
 * journal events (trialAsked, trialStarted, trialFinished, each once, in creation order) and job events for the
 * progress display, and the job's result at the end.
 */
import type {
  DescribeHyperParameterTuningJobResponse,
  HyperParameterTrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { ParameterValues, TrialOutcome } from '@tunekit/core';
import type { JournalEvent } from '../journal/events.ts';
import type { TrainingLog } from '../sagemaker/managedLogs.ts';
import {
  completionReason,
  managedOutcome,
  millis,
  TERMINAL_TRAINING,
  tunedParams,
} from '../sagemaker/managedTrials.ts';
import type { JobEvent, JobStatus, ProgressSnapshot } from '../session/jobEvents.ts';
import type { OpenedJob } from '../session/openJob.ts';
import type { JobResult, RunJobOptions } from './runJob.ts';

/** Reads a finished training job's log into the trial's folder (see managedLogs.ts). */
export type TrainingLogReader = (trainingJobName: string, trialDir: string) => Promise<TrainingLog>;

interface MirroredTrial {
  readonly id: number;
  readonly params: ParameterValues;
  started: boolean;
  outcome?: TrialOutcome;
}

/** @internal */
export class ManagedMirror {
  private readonly byName = new Map<string, MirroredTrial>();
  private nextId = 1;
  private readonly sessionStart: number;
  private readonly elapsedBefore: number;
  private warnedAboutLogs = false;

  constructor(
    private readonly job: OpenedJob,
    private readonly options: RunJobOptions,
    private readonly tuningJobName: string,
    private readonly now: () => number,
    private readonly readLog?: TrainingLogReader,
  ) {
    this.sessionStart = now();
    this.elapsedBefore = job.view.activeMs;
    for (const trial of job.view.trials) {
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
    this.emit({
      type: 'jobStarted',
      name: this.job.spec.name,
      resumed: this.job.resumed,
      changes: this.job.changes,
      rerun: [],
    });
    for (const warning of this.job.warnings) this.emit({ type: 'warning', message: warning });
    if (this.job.resumed && this.job.changes.length > 0) {
      this.emit({
        type: 'warning',
        message: `SageMaker's tuning job ${this.tuningJobName} keeps the configuration it was created with: the changes to ${this.job.changes.map((change) => change.path).join(', ')} apply only to a new tuning job (a new name, with warmStart from this one)`,
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
          params: tunedParams(this.job.spec, summary.TunedHyperParameters),
          started: false,
        };
        this.byName.set(name, trial);
        this.append({
          type: 'trialAsked',
          t: millis(summary.CreationTime, this.now()),
          trialId: trial.id,
          configIndex: trial.id - 1,
          attempt: 0,
          params: trial.params,
          unit: [],
        });
        changed = true;
      }
      if (!trial.started) {
        trial.started = true;
        this.append({
          type: 'trialStarted',
          t: millis(summary.TrainingStartTime ?? summary.CreationTime, this.now()),
          trialId: trial.id,
          handle: { executor: 'sagemaker-managed', tuningJobName: this.tuningJobName, trainingJobName: name },
        });
        this.emit({ type: 'trialStarted', trialId: trial.id, params: trial.params, rerun: false });
        changed = true;
      }
      if (trial.outcome === undefined && TERMINAL_TRAINING.has(summary.TrainingJobStatus ?? '')) {
        const log = await this.readTrialLog(name, trial.id);
        const outcome = managedOutcome(summary, tuningJobStopping, log.lastLines);
        const before = this.best()?.trialId;
        trial.outcome = outcome;
        const endedAt = millis(summary.TrainingEndTime, this.now());
        for (const observation of log.observations) {
          this.append({ type: 'metric', t: observation.time ?? endedAt, trialId: trial.id, observation });
        }
        this.append({
          type: 'trialFinished',
          t: endedAt,
          trialId: trial.id,
          outcome,
        });
        const best = this.best();
        this.emit({
          type: 'trialFinished',
          trialId: trial.id,
          params: trial.params,
          outcome,
          isBest: best !== undefined && best.trialId === trial.id && before !== trial.id,
        });
        changed = true;
      }
    }
    return changed;
  }

  private async readTrialLog(trainingJobName: string, trialId: number): Promise<TrainingLog> {
    if (this.readLog === undefined) return { lastLines: [], observations: [] };
    const log = await this.readLog(trainingJobName, this.job.prepareTrialDir(trialId, false));
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
    const counts = this.counts();
    let reason: string;
    if (status === 'Failed')
      reason = `the SageMaker tuning job failed: ${described.FailureReason ?? 'no FailureReason given'}`;
    else if (status === 'Stopped')
      reason = stoppedByUs
        ? 'stopped (Ctrl-C): the SageMaker tuning job was stopped'
        : 'the SageMaker tuning job was stopped';
    else reason = completionReason(this.job.spec, described, this.byName.size, this.best()?.objective);
    const jobStatus: JobStatus = stoppedByUs ? 'Interrupted' : counts.completed > 0 ? 'Completed' : 'Failed';
    const why = jobStatus === 'Failed' && status === 'Completed' ? `${reason}; no trial succeeded` : reason;
    this.append({ type: 'jobFinished', t: this.now(), reason: why });
    this.emit({ type: 'jobFinished', status: jobStatus, reason: why });
    return this.result(jobStatus, why);
  }

  /** The job's result now. */
  result(status: JobStatus, reason: string): JobResult {
    const best = this.best();
    return {
      name: this.job.spec.name,
      status,
      reason,
      resumed: this.job.resumed,
      ...(best === undefined
        ? {}
        : {
            best: { trialId: best.trialId, objective: best.objective, hyperparameters: { ...best.params } },
          }),
      counts: { total: this.byName.size, ...this.counts() },
      elapsedMs: this.elapsed(),
      jobDir: this.job.jobDir,
    };
  }

  private counts(): { completed: number; failed: number; stopped: number } {
    const counts = { completed: 0, failed: 0, stopped: 0 };
    for (const trial of this.byName.values()) {
      if (trial.outcome?.status === 'Completed') counts.completed += 1;
      else if (trial.outcome?.status === 'Failed') counts.failed += 1;
      else if (trial.outcome?.status === 'Stopped') counts.stopped += 1;
    }
    return counts;
  }

  private running(): number {
    return [...this.byName.values()].filter((trial) => trial.outcome === undefined).length;
  }

  private best(): { trialId: number; objective: number; params: ParameterValues } | undefined {
    const sign = this.job.spec.objective.type === 'Minimize' ? 1 : -1;
    let best: { trialId: number; objective: number; params: ParameterValues } | undefined;
    for (const trial of this.byName.values()) {
      if (trial.outcome?.status !== 'Completed') continue;
      const objective = trial.outcome.objective;
      if (
        best === undefined ||
        sign * objective < sign * best.objective ||
        (objective === best.objective && trial.id < best.trialId)
      ) {
        best = { trialId: trial.id, objective, params: trial.params };
      }
    }
    return best;
  }

  private append(event: JournalEvent): void {
    this.job.append(event);
  }

  private elapsed(): number {
    return this.elapsedBefore + (this.now() - this.sessionStart);
  }

  private snapshot(): ProgressSnapshot {
    const counts = this.counts();
    const best = this.best();
    return {
      done: counts.completed + counts.failed + counts.stopped,
      ...counts,
      running: this.running(),
      budget: this.job.spec.limits.maxTrials,
      ...(best === undefined ? {} : { best: { trialId: best.trialId, objective: best.objective } }),
      elapsedMs: this.elapsed(),
    };
  }

  private emit(event: DistributiveOmit<JobEvent, 'progress'>): void {
    this.options.onEvent?.({ ...event, progress: this.snapshot() } as JobEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
