/**
 * The job store contract: an append-only journal of events under `.tunekit/jobs/<name>/journal.jsonl`.
 * Every event is appended and flushed (fsync) before the tuner acts on it. Replaying the journal rebuilds the
 * job: the spec it was started with and every trial, with nothing lost and no finished trial run twice.
 *
 * This is the complete list of the journal's events: the session (session/) writes them, the view fold
 * (journal/jobView.ts) reads them, and nothing else declares one.
 */
import type { MetricObservation, ParameterValues, TrialOutcome, TuningJobSpec } from '@tunekit/core';

/** One line of journal.jsonl. `t` is epoch ms. */
export type JournalEvent =
  | {
      readonly type: 'jobCreated';
      readonly t: number;
      /** The validated spec the job was created with. */
      readonly spec: TuningJobSpec;
      readonly specHash: string;
      readonly source?: string;
    }
  | {
      readonly type: 'jobResumed';
      readonly t: number;
      readonly pid: number;
      /** The spec in force from now on, when the resumed tuning file changed in harmless ways. */
      readonly spec?: TuningJobSpec;
      /** The hash of `spec`; present exactly when `spec` is. */
      readonly specHash?: string;
    }
  | {
      readonly type: 'trialAsked';
      readonly t: number;
      readonly trialId: number;
      readonly configIndex: number;
      readonly attempt: number;
      readonly params: ParameterValues;
      readonly unit: readonly number[];
    }
  | {
      readonly type: 'trialStarted';
      readonly t: number;
      readonly trialId: number;
      readonly handle?: Record<string, unknown>;
    }
  | {
      readonly type: 'metric';
      readonly t: number;
      readonly trialId: number;
      readonly observation: MetricObservation;
    }
  | {
      /**
       * A stopping rule's decision about a running trial (a Hyperband promotion or stop at a rung), journaled before
       * the trial is stopped or goes on: a resumed tuner rebuilds the rule's memory from these events, and readers
       * show `reason`.
       */
      readonly type: 'trialDecision';
      readonly t: number;
      readonly trialId: number;
      readonly rule: 'hyperband' | 'median';
      /** Hyperband's bracket s and the rung within it (rule hyperband). */
      readonly bracket?: number;
      readonly rung?: number;
      /** The resource (Hyperband) or step (median rule) the trial had reached. */
      readonly resource: number;
      /** The objective's value the decision judged. */
      readonly value: number;
      readonly decision: 'promote' | 'stop';
      /** What it was based on: the threshold the value was compared with (absent: too few values to judge) and how many values that threshold came from. */
      readonly basis: { readonly threshold?: number; readonly count: number };
      /** The decision as a user reads it (`Hyperband: stopped at rung 1 (resource 9): ...`). */
      readonly reason: string;
    }
  | {
      /**
       * The model's choice of best trial (core `Tuner.recommendation`), journaled after a Completed trial when it
       * is significant or stops being so: under significant noise this trial, the one with the lowest posterior
       * mean, is the job's reported best, with the best observed one beside it.
       */
      readonly type: 'recommendation';
      readonly t: number;
      readonly trialId: number;
      /** The model's estimate of the trial's objective (posterior mean), in the objective's units. */
      readonly estimate: number;
      /** The observation noise's standard deviation the model fitted, in the objective's units. */
      readonly noiseStd: number;
      /** sqrt(noise variance / signal variance) above the model's floor. */
      readonly noiseRatio: number;
      /** Whether the noise is significant (the trial is then the reported best). */
      readonly significant: boolean;
      /** Completed trials the model saw. */
      readonly basedOn: number;
    }
  | {
      readonly type: 'trialFinished';
      readonly t: number;
      readonly trialId: number;
      readonly outcome: TrialOutcome;
    }
  | {
      /** A trial stopped by Ctrl-C: it is in flight again and reruns, with the same id, on resume. */
      readonly type: 'trialInterrupted';
      readonly t: number;
      readonly trialId: number;
    }
  | {
      readonly type: 'jobFinished';
      readonly t: number;
      readonly reason: string;
      /**
       * Set when the rule that ended the job decides its status (`Failed` after too many failures in a row, even
       * if an earlier trial succeeded); absent: Completed when a trial succeeded, Failed otherwise.
       */
      readonly status?: 'Completed' | 'Failed';
    };

export interface JournalReadResult {
  readonly events: JournalEvent[];
  /** Set when the last line was torn (partial write) and dropped: what was dropped, for a warning. */
  readonly tornTail?: string;
}

/** Completed: the completion criteria were met; Failed: no trial succeeded; Interrupted: stopped, resumable. */
export type JobStatus = 'Completed' | 'Failed' | 'Interrupted';
