/**
 * What running a job takes, whichever driver runs it: the spec, the folders, the listener and the stop signals.
 */
import type { TuningJobSpec } from '@tunekit/core';
import type { Executor } from '../executor/types.ts';
import type { JobEventListener } from '../session/jobEvents.ts';

/** Options of `runJob`. */
export interface RunJobOptions {
  /** The validated spec of the tuning file. */
  readonly spec: TuningJobSpec;
  /** Folder holding `.tunekit/` (the CLI's `--dir`). */
  readonly rootDir: string;
  /** Folder that relative paths of the tuning file resolve against (the tuning file's folder). */
  readonly baseDir: string;
  /** Where the tuning file came from, journaled with a new job. */
  readonly source?: string;
  /** The executor; by default the one the spec names. */
  readonly executor?: Executor;
  /** Receives progress events. */
  readonly onEvent?: JobEventListener;
  /** Aborting it stops the running trials cleanly (journaled as interrupted; they rerun on resume). */
  readonly signal?: AbortSignal;
  /** Aborting it kills the running trials at once (SIGKILL) and journals nothing more; they rerun on resume. */
  readonly killSignal?: AbortSignal;
  /** On resume, run again the configurations whose last attempt failed (session/openJob.ts). */
  readonly retryFailed?: boolean;
  /** Clock, for tests of the runtime limit. */
  readonly now?: () => number;
}
