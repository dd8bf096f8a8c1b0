/**
 * What the job lock and a resumed tuner need to know about a process by its pid: whether it is alive, and when it
 * started (so that a pid reused by an unrelated process after a crash is not mistaken for the original).
 */
import { readFileSync } from 'node:fs';

/**
 * Whether a process runs (signal 0 reaches it, or it exists but belongs to another user), zombies excepted.
 *
 * @param pid - The process id.
 * @returns False when the kernel says there is no such process (ESRCH), or it is a zombie.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by its parent) still answers signal 0 but runs nothing and holds nothing:
  // a tuner killed with SIGKILL stays one until reaped, which some container inits never do.
  return !isZombie(pid);
}

/** Whether `/proc` shows the process as exited but not reaped (Linux; false where `/proc` is not available). */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state === 'Z' || state === 'X';
}

/**
 * The start time of a process in clock ticks since boot (field 22 of `/proc/<pid>/stat`), on Linux.
 *
 * @param pid - The process id.
 * @returns The start time, or undefined where `/proc` is not available or the process is gone.
 */
export function processStartTime(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTime = Number(fields[19]);
  return Number.isFinite(startTime) ? startTime : undefined;
}

/**
 * Whether the process recorded as (pid, start time) still runs: alive, and not a newer process that reuses the pid.
 *
 * @param pid - The recorded process id.
 * @param startTime - The recorded start time (see {@link processStartTime}), if it was known.
 * @returns True when that very process is alive.
 */
export function isSameProcessAlive(pid: number, startTime: number | undefined): boolean {
  if (!isProcessAlive(pid)) return false;
  if (startTime === undefined) return true;
  const current = processStartTime(pid);
  return current === undefined || current === startTime;
}

/**
 * A process's command line, on Linux.
 *
 * @param pid - The process id.
 * @returns Its arguments, or undefined where `/proc` is not available or the process is gone.
 */
export function processCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((part) => part !== '');
  } catch {
    return undefined;
  }
}
