/**
 * Follows one job's journal for the dashboard: the view fold and the metric curves are fed only the bytes
 * appended since the last look (`position`), never the whole journal again. What wakes it: `fs.watch` on the job's
 * folder (the journal and the lock are its direct entries), coalesced for {@link COALESCE_MS}, and the server's
 * poll ({@link JobWatcher.sync}), since fs.watch misses changes on some file systems and after a folder is moved.
 *
 * Offsets: `position` is how many bytes of the journal were read; `offset` is where the last whole event ends
 * (a line still being written waits in the line feed until its newline arrives, so it is never folded or sent).
 * A journal whose file changed (another inode, or shorter than what was read: `tune --restart` set the job's
 * folder aside, `tunekit rm` removed it) starts the fold again from its first byte, and every subscriber is told
 * `reset` first.
 */
import { closeSync, type FSWatcher, fstatSync, openSync, readSync, watch } from 'node:fs';
import type { ApiJobSummary } from '@tunekit/dashboard/api';
import type { JournalEvent } from '../journal/events.ts';
import { journalPathOf } from '../journal/jobPaths.ts';
import { lockHolder } from '../journal/jobStore.ts';
import { createJobViewFolder, type JobView, type JobViewFolder } from '../journal/jobView.ts';
import { createJournalLineFeed, type JournalLineFeed } from '../journal/journal.ts';
import { jobSummary } from '../report/json.ts';
import { createMetricCurves, type MetricCurves } from './metricCurves.ts';

/** How long a wake-up from fs.watch waits for more writes, so that a burst of events is folded and sent once. */
const COALESCE_MS = 15;
/** Bytes read at a time. */
const READ_CHUNK_BYTES = 1 << 20;

/** The events of one look at the journal, in order, with the offset just after each. */
export interface JournalBatch {
  readonly events: readonly { readonly event: JournalEvent; readonly offset: number }[];
}

/** What a subscriber hears. */
export type WatcherNews =
  | { readonly kind: 'events'; readonly batch: JournalBatch }
  /** The journal was replaced: what was sent before no longer holds; events follow from offset 0. */
  | { readonly kind: 'reset' }
  /** The summary changed without an event (a tuner took or left the job's lock). */
  | { readonly kind: 'summary' };

/** The job as folded so far. */
export interface FoldedJob {
  readonly view: JobView;
  readonly folder: JobViewFolder;
  readonly curves: MetricCurves;
  /** The journal offset just after the last folded event. */
  readonly offset: number;
  /** The live tuner holding the job's lock, if any. */
  readonly tunerPid?: number;
  /** Counts every change (events, reset, tuner), for caches of values built from the fold. */
  readonly version: number;
}

/** A followed journal. */
export interface JobWatcher {
  readonly jobDir: string;
  /** Reads what was appended since the last look and tells subscribers; cheap when nothing changed. */
  sync(): void;
  /**
   * The job as folded now (after a {@link sync}).
   *
   * @throws RunnerError `journalUnreadable` when the journal is damaged or holds no job; `jobNotFound`-like
   *   absence is `undefined`.
   */
  folded(): FoldedJob | undefined;
  /** @returns The job's summary, as `/api/jobs` lists it. */
  summary(): ApiJobSummary;
  /**
   * Listens to news; the first listener starts fs.watch, the last one to leave stops it.
   *
   * @returns Stops listening.
   */
  subscribe(listener: (news: WatcherNews) => void): () => void;
  /** @returns Whether the job's journal exists (as of the last sync). */
  hasJournal(): boolean;
  /** @returns Whether anyone listens (the server polls only these). */
  listening(): boolean;
  /** Stops watching and drops every listener. */
  close(): void;
}

/** One pass of the fold over one journal file. */
interface Generation {
  readonly folder: JobViewFolder;
  readonly curves: MetricCurves;
  readonly feed: JournalLineFeed;
  /** The file's inode, to notice a journal replaced by another. */
  readonly ino: number;
  position: number;
  offset: number;
  /** Set when the journal cannot be read further: the reason. */
  problem?: Error;
  pending: { event: JournalEvent; offset: number }[];
}

/**
 * Creates the watcher of a job's folder (the job need not exist yet).
 *
 * @param jobDir - The job's folder.
 * @returns The watcher; nothing is read until the first {@link JobWatcher.sync}.
 */
export function createJobWatcher(jobDir: string): JobWatcher {
  const path = journalPathOf(jobDir);
  const listeners = new Set<(news: WatcherNews) => void>();
  let generation: Generation | undefined;
  let tunerPid: number | undefined;
  let version = 0;
  let fsWatcher: FSWatcher | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let cachedView: { readonly version: number; readonly view: JobView } | undefined;

  const tell = (news: WatcherNews): void => {
    for (const listener of listeners) listener(news);
  };

  const startGeneration = (ino: number): Generation => {
    const folder = createJobViewFolder();
    const curves = createMetricCurves();
    const fresh: Generation = {
      folder,
      curves,
      ino,
      position: 0,
      offset: 0,
      pending: [],
      feed: createJournalLineFeed(path, (event, offset) => {
        folder.add(event);
        curves.add(event);
        fresh.offset = offset;
        if (listeners.size > 0) fresh.pending.push({ event, offset });
      }),
    };
    return fresh;
  };

  const readAppended = (): void => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      // No journal (never created, or removed): nothing to show; a later one starts afresh.
      if (generation !== undefined) {
        generation = undefined;
        version += 1;
        tell({ kind: 'reset' });
      }
      return;
    }
    try {
      const stat = fstatSync(fd);
      if (generation !== undefined && (stat.ino !== generation.ino || stat.size < generation.position)) {
        generation = undefined;
        version += 1;
        tell({ kind: 'reset' });
        // The folder may be another one now (`tune --restart` moved the old one away): watch the new one.
        if (fsWatcher !== undefined) {
          stopWatching();
          startWatching();
        }
      }
      generation ??= startGeneration(stat.ino);
      const current = generation;
      if (current.problem !== undefined || stat.size === current.position) return;
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, stat.size - current.position));
      try {
        while (current.position < stat.size) {
          const read = readSync(
            fd,
            chunk,
            0,
            Math.min(chunk.length, stat.size - current.position),
            current.position,
          );
          if (read === 0) break;
          current.position += read;
          current.feed.push(chunk.subarray(0, read));
        }
      } catch (error) {
        current.problem = error as Error;
      }
      version += 1;
      if (current.pending.length > 0) {
        const events = current.pending;
        current.pending = [];
        tell({ kind: 'events', batch: { events } });
      }
    } finally {
      closeSync(fd);
    }
  };

  const sync = (): void => {
    readAppended();
    const holder = lockHolder(jobDir);
    if (holder !== tunerPid) {
      tunerPid = holder;
      version += 1;
      if (generation !== undefined) tell({ kind: 'summary' });
    }
  };

  const startWatching = (): void => {
    try {
      fsWatcher = watch(jobDir, { persistent: false }, () => {
        wakeTimer ??= setTimeout(() => {
          wakeTimer = undefined;
          sync();
        }, COALESCE_MS);
      });
      // A folder moved away or removed: the server's poll notices the new journal.
      fsWatcher.on('error', () => stopWatching());
    } catch {
      // No folder yet, or no watcher available here: the server's poll still reads the journal.
    }
  };
  const stopWatching = (): void => {
    fsWatcher?.close();
    fsWatcher = undefined;
    if (wakeTimer !== undefined) clearTimeout(wakeTimer);
    wakeTimer = undefined;
  };

  const folded = (): FoldedJob | undefined => {
    if (generation === undefined) return undefined;
    if (generation.problem !== undefined) throw generation.problem;
    if (generation.folder.count === 0) return undefined;
    if (cachedView?.version !== version) cachedView = { version, view: generation.folder.view() };
    return {
      view: cachedView.view,
      folder: generation.folder,
      curves: generation.curves,
      offset: generation.offset,
      ...(tunerPid === undefined ? {} : { tunerPid }),
      version,
    };
  };

  return {
    jobDir,
    sync,
    folded,
    summary() {
      const job = folded();
      if (job === undefined) throw new Error(`the journal of ${jobDir} holds no event yet`);
      return jobSummary(job.view, job.tunerPid);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (fsWatcher === undefined) startWatching();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopWatching();
      };
    },
    listening: () => listeners.size > 0,
    hasJournal: () => generation !== undefined,
    close() {
      listeners.clear();
      stopWatching();
    },
  };
}
