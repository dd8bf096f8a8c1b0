/**
 * The job store contract: an append-only journal of events under `.tunekit/jobs/<name>/journal.jsonl`.
 * Every event is appended and flushed (fsync) before the tuner acts on it. Replaying the journal rebuilds the
 * job: the spec it was started with and every trial, with nothing lost and no finished trial run twice.
 */
import type { MetricObservation, ParameterValues, TrialOutcome } from '@tunekit/core';

/** One line of journal.jsonl. `t` is epoch ms. */
export type JournalEvent =
  | {
      readonly type: 'jobCreated';
      readonly t: number;
      readonly spec: unknown;
      readonly specHash: string;
      readonly source?: string;
    }
  | { readonly type: 'jobResumed'; readonly t: number; readonly pid: number }
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
      readonly type: 'trialFinished';
      readonly t: number;
      readonly trialId: number;
      readonly outcome: TrialOutcome;
    }
  | { readonly type: 'jobFinished'; readonly t: number; readonly reason: string };

export interface JournalReadResult {
  readonly events: JournalEvent[];
  /** Set when the last line was torn (partial write) and dropped: what was dropped, for a warning. */
  readonly tornTail?: string;
}
