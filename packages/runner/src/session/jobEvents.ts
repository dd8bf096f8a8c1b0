/**
 * What a running job tells its watchers (the CLI's progress display, the demo, the Action): one event for each
 * thing that happens, each with a snapshot of the job's progress so a display needs no state of its own.
 */
import type { MetricObservation, ParameterValues, TrialOutcome } from '@tunekit/core';
import type { JobStatus } from '../journal/events.ts';
import type { SpecChange } from './specDiff.ts';

export interface ProgressSnapshot {
  /** Trials with a final outcome (completed, failed, stopped), this session and before. */
  readonly done: number;
  readonly completed: number;
  readonly failed: number;
  readonly stopped: number;
  readonly running: number;
  /** The trial budget (maxTrials). */
  readonly budget: number;
  readonly best?: { readonly trialId: number; readonly objective: number };
  /** Milliseconds the job has run, over all sessions. */
  readonly elapsedMs: number;
}

export type JobEvent = (
  | {
      readonly type: 'jobStarted';
      readonly name: string;
      readonly resumed: boolean;
      /** Harmless changes of the tuning file accepted on resume. */
      readonly changes: readonly SpecChange[];
      /** Trials that were in flight when the last tuner stopped, run again now. */
      readonly rerun: readonly number[];
    }
  | {
      readonly type: 'trialStarted';
      readonly trialId: number;
      readonly params: ParameterValues;
      readonly rerun: boolean;
    }
  | { readonly type: 'trialMetric'; readonly trialId: number; readonly observation: MetricObservation }
  | {
      readonly type: 'trialFinished';
      readonly trialId: number;
      readonly params: ParameterValues;
      readonly outcome: TrialOutcome;
      /** True when this trial is the new best. */
      readonly isBest: boolean;
    }
  | { readonly type: 'trialInterrupted'; readonly trialId: number }
  | { readonly type: 'interrupting'; readonly running: number }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'jobFinished'; readonly status: JobStatus; readonly reason: string }
) & { readonly progress: ProgressSnapshot };

/** Receives job events. Exceptions thrown by a listener are not caught by the job. */
export type JobEventListener = (event: JobEvent) => void;
