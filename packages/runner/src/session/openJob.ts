/**
 * Opens a job for a tuner session: takes the job's lock, reads its journal, and either creates the job
 * (journaling `jobCreated` with the spec and its hash) or resumes it (refusing a tuning file that breaks the
 * search, accepting harmless changes, killing the process groups of trials that were in flight).
 */
import { existsSync, renameSync } from 'node:fs';
import type { TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { killStaleTrial } from '../executor/processGroup.ts';
import type { JournalEvent } from '../journal/events.ts';
import { archivedRunDirOf, trialDirOf } from '../journal/jobPaths.ts';
import { openJobStore } from '../journal/jobStore.ts';
import {
  createJobViewFolder,
  inFlightTrials,
  type JobView,
  type JobViewFolder,
  type TrialRecord,
} from '../journal/jobView.ts';
import { diffSpecs, formatChanges, type SpecChange } from './specDiff.ts';
import { specHash } from './specHash.ts';

export interface OpenedJob {
  /** The spec in force for this session. */
  readonly spec: TuningJobSpec;
  /** The job as journaled, this session's `jobCreated` or `jobResumed` included. */
  readonly view: JobView;
  readonly resumed: boolean;
  /** Harmless changes of the tuning file, accepted on resume. */
  readonly changes: readonly SpecChange[];
  /** Things the user should know (a torn journal line that was dropped). */
  readonly warnings: readonly string[];
  /** `.tunekit/jobs/<name>` */
  readonly jobDir: string;
  /**
   * Appends an event to the journal, flushed to disk before returning, and folds it into the job's view. Only
   * the session (jobSession.ts) calls it.
   */
  append(event: JournalEvent): void;
  /** The best trial journaled so far, this session included (journal/jobView.ts `bestTrial`). */
  best(): TrialRecord | undefined;
  /** The best observed trial journaled so far (journal/jobView.ts `bestObservedTrial`). */
  bestObserved(): TrialRecord | undefined;
  /** The model's choice when it stands as the best (journal/jobView.ts `modelChoice`), this session included. */
  modelChoice(): ReturnType<JobViewFolder['modelChoice']>;
  /** The trial's folder; before a rerun, the previous run's folder is kept aside as `<id>.run<n>`. */
  prepareTrialDir(trialId: number, rerun: boolean): string;
  /** Kills a trial's process group at once (SIGKILL), from its journaled handle. */
  killTrial(handle: Readonly<Record<string, unknown>> | undefined): void;
  /** Releases the lock. */
  close(): Promise<void>;
}

export interface OpenJobOptions {
  readonly spec: TuningJobSpec;
  readonly rootDir: string;
  readonly source?: string;
  readonly now: () => number;
  /**
   * On resume, runs again every configuration whose last attempt failed: each gets a new trial (new id, same
   * configuration, `attempt + 1`), journaled as asked, so the failed attempts stay in the journal. They do not
   * count against the trial budget, as retries do not (core's createTuner.ts).
   */
  readonly retryFailed?: boolean;
}

/**
 * Opens or creates the job named by the spec.
 *
 * @param options - The spec, the root folder, the source and the clock.
 * @returns The opened job; call `close` when done.
 * @throws RunnerError `specChanged` (with every breaking change listed) or `jobLocked`.
 */
export async function openJob(options: OpenJobOptions): Promise<OpenedJob> {
  const { rootDir, now } = options;
  let spec = options.spec;
  // The journal streams into the view as it is read: a resume never holds all its events (130,000 for 10,000
  // trials), which kept the process at 150 MB resident after reading a 19 MB journal.
  const folder = createJobViewFolder();
  const store = await openJobStore(rootDir, spec.name, (event) => folder.add(event));
  try {
    const { tornTail } = store.read();
    const warnings: string[] = [];
    if (tornTail !== undefined) {
      warnings.push(
        `the journal's last line was incomplete (the tuner was cut off while writing it) and was dropped: ${tornTail.slice(0, 120)}`,
      );
    }
    const append = (event: JournalEvent): void => {
      store.append(event);
      folder.add(event);
    };
    let resumed = false;
    let changes: readonly SpecChange[] = [];
    if (folder.count === 0) {
      if (spec.seedDrawn === true) spec = { ...spec, seed: drawSeed() };
      append({
        type: 'jobCreated',
        t: now(),
        spec,
        specHash: specHash(spec),
        ...(options.source === undefined ? {} : { source: options.source }),
      });
    } else {
      resumed = true;
      const previous = folder.view();
      // A file without a seed keeps the seed the job drew when it was created (or was given then).
      if (spec.seedDrawn === true) spec = { ...spec, seed: previous.spec.seed };
      const diff = diffSpecs(previous.spec, spec);
      if (diff.breaking.length > 0) {
        throw new RunnerError(
          'specChanged',
          `the tuning file changed since job ${spec.name} started, in a way that breaks its search:\n` +
            `${formatChanges(diff.breaking).join('\n')}\n` +
            `Restore these fields to resume the job; or run \`tunekit tune ${options.source ?? '<file>'} --restart\` to archive ` +
            `the job and start afresh (\`tunekit rm ${spec.name}\` deletes it); or change the file's \`name\` to start a new job.`,
        );
      }
      changes = diff.harmless;
      for (const trial of inFlightTrials(previous)) {
        if (trial.handle !== undefined) killStaleTrial(trial.handle);
      }
      append({
        type: 'jobResumed',
        t: now(),
        pid: process.pid,
        ...(changes.length === 0 ? {} : { spec, specHash: specHash(spec) }),
      });
      if (options.retryFailed === true) {
        let nextId = previous.trials.reduce((last, trial) => Math.max(last, trial.id), 0) + 1;
        for (const failed of lastFailedAttempts(previous)) {
          append({
            type: 'trialAsked',
            t: now(),
            trialId: nextId++,
            configIndex: failed.configIndex,
            attempt: failed.attempt + 1,
            params: failed.params,
            unit: [...failed.unit],
          });
        }
      }
    }
    const jobDir = store.jobDir;
    return {
      spec,
      view: folder.view(),
      resumed,
      changes,
      warnings,
      jobDir,
      // Folded, not kept: a long job journals millions of metric values, and the view holds only their
      // per-trial summary (the same a resume builds).
      append,
      best: () => folder.best(),
      bestObserved: () => folder.bestObserved(),
      modelChoice: () => folder.modelChoice(),
      prepareTrialDir(trialId, rerun) {
        const dir = trialDirOf(jobDir, trialId);
        if (rerun && existsSync(dir)) {
          let run = 1;
          while (existsSync(archivedRunDirOf(jobDir, trialId, run))) run += 1;
          renameSync(dir, archivedRunDirOf(jobDir, trialId, run));
        }
        return dir;
      },
      killTrial(handle) {
        if (handle !== undefined) killStaleTrial(handle);
      },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The trials that are the last attempt of their configuration and failed, by configuration. */
function lastFailedAttempts(view: JobView): TrialRecord[] {
  const last = new Map<number, TrialRecord>();
  for (const trial of view.trials) {
    const seen = last.get(trial.configIndex);
    if (seen === undefined || seen.attempt < trial.attempt) last.set(trial.configIndex, trial);
  }
  return [...last.values()]
    .filter((trial) => trial.outcome?.status === 'Failed')
    .sort((a, b) => a.configIndex - b.configIndex);
}

/**
 * A seed for a job whose tuning file gave none, drawn at random (core's random state is only ever seeded): within
 * the seeds a tuning file may give, 0 to 2^31 - 1.
 */
function drawSeed(): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value! & 0x7fffffff;
}
