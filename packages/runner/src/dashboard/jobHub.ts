/**
 * The jobs a dashboard follows: one {@link JobWatcher} a job, created when the job is first asked for and kept
 * while the server runs, so each journal is read once and then only its appended bytes. One timer polls the
 * watchers that have listeners (fs.watch's fallback) and sends the streams' heartbeats.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { ApiJobListing } from '@tunekit/dashboard/api';
import { listJobs } from '../commands/jobs.ts';
import { jobDirOf, jobsDirOf } from '../journal/jobPaths.ts';
import { createJobWatcher, type JobWatcher } from './jobWatcher.ts';

/** How often watchers with listeners look at their journal even when fs.watch said nothing. */
export const POLL_MS = 250;
/** How often an open event stream gets a comment line. */
export const HEARTBEAT_MS = 15_000;

/** The followed jobs of one folder. */
export interface JobHub {
  /**
   * The watcher of a job, synced.
   *
   * @param name - The job's name.
   * @returns Its watcher.
   * @throws RunnerError `invalidOption` when the name could leave `.tunekit/jobs/` (jobPaths.ts's check).
   */
  watcher(name: string): JobWatcher;
  /** @returns Every job of the folder, as `tunekit jobs --json` lists them, with `lastEventAt`. */
  list(): ApiJobListing[];
  /** @returns How many jobs are followed (each holds its fold in memory). */
  followedCount(): number;
  /**
   * Folds every job of the folder in the background, one a turn of the event loop, so that the first page a user
   * opens finds its job already read (a 10,000-trial journal takes about a second to fold).
   */
  warmUp(): void;
  /** Calls `beat` every {@link HEARTBEAT_MS} until the hub closes. */
  onHeartbeat(beat: () => void): void;
  /** Stops the timers and every watcher. */
  close(): void;
}

/**
 * Creates the hub of a folder.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param options - Poll and heartbeat periods (tests shorten them).
 * @returns The hub; call `close` when the server stops.
 */
export function createJobHub(
  rootDir: string,
  options: { readonly pollMs?: number; readonly heartbeatMs?: number } = {},
): JobHub {
  const beats: (() => void)[] = [];
  const watched = new Map<string, JobWatcher>();
  let warming: NodeJS.Immediate | undefined;
  let closed = false;
  const get = (name: string): JobWatcher => {
    let watcher = watched.get(name);
    if (watcher === undefined) {
      watcher = createJobWatcher(jobDirOf(rootDir, name));
      watched.set(name, watcher);
    }
    watcher.sync();
    // A name with no journal is not kept: asking for made-up names must not grow the server's memory.
    if (!watcher.hasJournal() && !watcher.listening()) watched.delete(name);
    return watcher;
  };
  const poll = setInterval(() => {
    for (const watcher of watched.values()) if (watcher.listening()) watcher.sync();
  }, options.pollMs ?? POLL_MS);
  const heartbeat = setInterval(() => {
    for (const beat of beats) beat();
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  poll.unref();
  heartbeat.unref();
  return {
    watcher: get,
    list: () => listJobs(rootDir, (name) => get(name).summary()),
    followedCount: () => watched.size,
    warmUp() {
      const jobsDir = jobsDirOf(rootDir);
      const names = existsSync(jobsDir)
        ? readdirSync(jobsDir, { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => entry.name)
        : [];
      const next = (): void => {
        warming = undefined;
        const name = names.shift();
        if (name === undefined || closed) return;
        try {
          get(name);
        } catch {
          // A bad name or a damaged journal: `/api/jobs` says so when asked.
        }
        warming = setImmediate(next);
      };
      warming = setImmediate(next);
    },
    onHeartbeat(beat) {
      beats.push(beat);
    },
    close() {
      closed = true;
      if (warming !== undefined) clearImmediate(warming);
      clearInterval(poll);
      clearInterval(heartbeat);
      for (const watcher of watched.values()) watcher.close();
      watched.clear();
    },
  };
}
