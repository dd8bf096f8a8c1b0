/**
 * What a job's session ends with: how the job ended, its best trial and its counts. `tunekit tune --json` prints
 * it as it is, and the Action reads it.
 */
import type { JobStatus } from '../journal/events.ts';
import type { ModelEstimate } from '../report/modelChoice.ts';

/** The result of running (a session of) a tuning job. */
export interface JobResult {
  readonly name: string;
  readonly status: JobStatus;
  /** Why the job ended: a completion criterion (`maxTrials`, `targetObjective`, ...), `interrupted`, `killed`. */
  readonly reason: string;
  readonly resumed: boolean;
  readonly best?: {
    readonly trialId: number;
    readonly objective: number;
    readonly hyperparameters: Readonly<Record<string, number | string>>;
    /**
     * Present when the model found the objective's noise significant and this trial is its choice (the lowest
     * posterior mean): its estimate and the noise it fitted, in the objective's units, from `basedOn` trials.
     */
    readonly model?: ModelEstimate;
  };
  /** With `best.model`: the trial with the best observed value. */
  readonly bestObserved?: { readonly trialId: number; readonly objective: number };
  readonly counts: {
    readonly total: number;
    readonly completed: number;
    readonly failed: number;
    readonly stopped: number;
  };
  readonly elapsedMs: number;
  /** The job's folder: `.tunekit/jobs/<name>`. */
  readonly jobDir: string;
}
