/**
 * One tuner a job: `.tunekit/jobs/<name>/lock`, created with O_EXCL, holds the owner's pid, host and start time.
 *
 * A second tuner refuses with the holder's pid. A lock whose process is gone (killed, power cut) is taken over; the
 * takeover itself is guarded by an O_EXCL `lock.takeover` file, so two tuners that find the same stale lock cannot
 * both win. A pid that was reused by an unrelated process is told apart by the process start time where Linux's
 * `/proc` gives it.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { RunnerError } from '../errors.ts';
import { lockPathOf } from './jobPaths.ts';
import { isSameProcessAlive, processStartTime } from './processInfo.ts';

/** What a lock file holds. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** The holder's process start time in clock ticks since boot (Linux), to detect a reused pid. */
  readonly processStartTime?: number;
}

/** A held job lock. */
export interface JobLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void;
}

/** Locks held by this process, so a second open in the same process is refused too. */
const heldHere = new Set<string>();
/** A takeover file older than this is left over from a crash during a takeover and is removed. */
const STALE_TAKEOVER_MS = 10_000;

/**
 * Takes the lock of a job.
 *
 * @param jobDir - The job's folder (must exist).
 * @param jobName - Named in the error.
 * @returns The held lock.
 * @throws RunnerError `jobLocked` naming the live holder's pid and host.
 */
export function acquireJobLock(jobDir: string, jobName: string): JobLock {
  const path = lockPathOf(jobDir);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    ...optionalStartTime(processStartTime(process.pid)),
  };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, holder)) break;
    const current = readHolderWithRetry(path);
    if (current !== undefined && isHolderAlive(path, current)) throw lockedError(jobName, path, current);
    // Stale (dead holder) or unreadable after retries (a crash between create and write): take it over.
    if (takeOver(path, holder, current)) break;
    if (attempt >= 20) throw lockedError(jobName, path, readLockFile(path));
  }
  heldHere.add(path);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldHere.delete(path);
    process.off('exit', release);
    const current = readLockFile(path);
    if (current?.pid === holder.pid && current.startedAt === holder.startedAt) unlinkQuietly(path);
  };
  // A tuner that exits without closing the job (process.exit) leaves no lock behind.
  process.on('exit', release);
  return { path, holder, release };
}

/**
 * The live holder of a job's lock, if any (a stale lock reads as none).
 *
 * @param jobDir - The job's folder.
 * @returns The holder, or undefined when the job is not locked by a live process.
 */
export function readLiveHolder(jobDir: string): LockHolder | undefined {
  const path = lockPathOf(jobDir);
  const holder = readLockFile(path);
  return holder !== undefined && isHolderAlive(path, holder) ? holder : undefined;
}

/**
 * Reads a lock file.
 *
 * @param path - The lock's path.
 * @returns Its holder, or undefined when it is missing or unreadable.
 */
export function readLockFile(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.hostname !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

function isHolderAlive(path: string, holder: LockHolder): boolean {
  // Another machine's process (a shared folder) cannot be checked: assume it is alive.
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(path);
  return isSameProcessAlive(holder.pid, holder.processStartTime);
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock file is written right after it is created: give a tuner that is between the two a moment. */
function readHolderWithRetry(path: string): LockHolder | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const holder = readLockFile(path);
    if (holder !== undefined) return holder;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return undefined;
}

/** Replaces a stale lock under the takeover guard; false when another tuner is taking over too (retry). */
function takeOver(path: string, holder: LockHolder, stale: LockHolder | undefined): boolean {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, holder)) {
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_TAKEOVER_MS) unlinkQuietly(guard);
    } catch {
      // gone already
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    return false;
  }
  try {
    const current = readLockFile(path);
    // Someone replaced the stale lock between our read and the guard: it is theirs now.
    if (current !== undefined && (stale === undefined || !sameHolder(current, stale))) return false;
    const temporary = `${path}.${process.pid}.tmp`;
    unlinkQuietly(temporary);
    if (!tryCreate(temporary, holder)) return false;
    renameSync(temporary, path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

function lockedError(jobName: string, path: string, holder: LockHolder | undefined): RunnerError {
  const who =
    holder === undefined
      ? 'another tuner'
      : `another tuner (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`;
  return new RunnerError(
    'jobLocked',
    `job ${jobName} is being run by ${who}: wait for it to end, or stop it with \`tunekit stop ${jobName}\`` +
      (holder !== undefined && holder.hostname !== hostname()
        ? `; if that tuner is gone, delete ${path}`
        : ''),
  );
}

function optionalStartTime(startTime: number | undefined): { processStartTime?: number } {
  return startTime === undefined ? {} : { processStartTime: startTime };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
