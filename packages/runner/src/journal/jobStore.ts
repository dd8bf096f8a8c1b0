/**
 * A job's store as a tuner session holds it: the job's folder `.tunekit/jobs/<name>/`, its lock, and its journal
 * open for appending. Opening takes the lock, reads the journal, and cuts a torn last line away (reporting it in
 * `read().tornTail`) so that new events follow the last whole one.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalEvent, JournalReadResult } from './events.ts';
import { jobDirOf, journalPathOf } from './jobPaths.ts';
import { JournalWriter, scanJournalFile } from './journal.ts';
import { acquireJobLock, readLiveHolder } from './lock.ts';
import { guardWrite } from './writeFailure.ts';

/** A job's store, held by one tuner session. */
export interface JobStore {
  /** `.tunekit/jobs/<name>` */
  readonly jobDir: string;
  /**
   * The journal's events: those read when the store was opened (with the torn tail dropped then) on the first
   * call, read from the file again on later calls. The store keeps no copy of the events: a long job journals
   * millions of metric values, which would otherwise all stay in memory.
   */
  read(): JournalReadResult;
  /**
   * Appends an event and flushes it to disk (fdatasync) before returning; metric events are written unflushed.
   * Throws RunnerError `diskWriteFailed` when the disk refuses the write, then on every later append.
   */
  append(event: JournalEvent): void;
  /** Closes the journal and releases the lock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a job's store for a tuner session: takes the lock, reads the journal, drops a torn tail.
 *
 * @param rootDir - Folder holding `.tunekit/`.
 * @param jobName - The job's name.
 * @param onEvent - When given, receives the journal's events as they are read, and `read()` returns none
 *   (a resume folds them into its view without holding them all).
 * @returns The store; call `close` when the session ends.
 * @throws RunnerError `jobLocked` when another live tuner holds the job, `journalUnreadable` when the journal is
 *   damaged before its last line, `diskWriteFailed` when the disk refuses to write the folder, lock or journal.
 */
export async function openJobStore(
  rootDir: string,
  jobName: string,
  onEvent?: (event: JournalEvent) => void,
): Promise<JobStore> {
  const jobDir = jobDirOf(rootDir, jobName);
  // A disk that refuses these writes (full, read-only) is named with the file, not thrown as a bare errno error.
  guardWrite(jobDir, () => mkdirSync(jobDir, { recursive: true }));
  const lock = guardWrite(jobDir, () => acquireJobLock(jobDir, jobName));
  let writer: JournalWriter | undefined;
  try {
    const path = journalPathOf(jobDir);
    const existed = existsSync(path);
    // With onEvent the events are streamed to it as they are read and not kept (read() then returns none).
    const events: JournalEvent[] = [];
    const parsed = scanJournalFile(path, onEvent ?? ((event) => events.push(event)));
    if (parsed.tornTail !== undefined) guardWrite(path, () => truncateSync(path, parsed.validBytes));
    writer = new JournalWriter(path);
    if (parsed.missingNewline) writer.appendRaw('\n');
    if (!existed) {
      // A journal created just before a power cut must still be found after it.
      syncDir(jobDir);
      syncDir(dirname(jobDir));
    }
    let opened: JournalReadResult | undefined =
      parsed.tornTail === undefined ? { events } : { events, tornTail: parsed.tornTail };
    const journal = writer;
    let closed = false;
    return {
      jobDir,
      read() {
        const result = opened ?? readJournal(jobDir);
        opened = undefined;
        return result;
      },
      append(event) {
        // Metric values come by the hundred a second, and a flush costs milliseconds: they are written at once
        // (a killed tuner loses none) and reach the disk with the next flushed event. A power cut can lose only
        // values of trials still in flight, which run again on resume; the flush of a trial's end covers its
        // values before any decision is recorded.
        journal.append(event, event.type !== 'metric');
      },
      async close() {
        if (closed) return;
        closed = true;
        journal.close();
        lock.release();
      },
    };
  } catch (error) {
    writer?.close();
    lock.release();
    throw error;
  }
}

/**
 * Reads a job's journal without taking the lock (for status and reports while a tuner runs). A torn last line is
 * reported, not cut: the tuner may be writing it right now.
 *
 * @param jobDir - The job's folder.
 * @param onEvent - When given, receives the events as they are read, and none are returned (a reader folds them
 *   into its view without holding them all; what it throws as `journalUnreadable` is given the line).
 * @returns The events and the torn tail, if any.
 * @throws RunnerError `journalUnreadable` when the journal is damaged before its last line.
 */
export function readJournal(jobDir: string, onEvent?: (event: JournalEvent) => void): JournalReadResult {
  const events: JournalEvent[] = [];
  const { tornTail } = scanJournalFile(journalPathOf(jobDir), onEvent ?? ((event) => events.push(event)));
  return tornTail === undefined ? { events } : { events, tornTail };
}

/**
 * The pid of the live tuner holding a job's lock.
 *
 * @param jobDir - The job's folder.
 * @returns The pid, or undefined when no live tuner holds it.
 */
export function lockHolder(jobDir: string): number | undefined {
  return readLiveHolder(jobDir)?.pid;
}

/** Flushes a folder's entries. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the journal's own fdatasync still holds its content.
  }
}
