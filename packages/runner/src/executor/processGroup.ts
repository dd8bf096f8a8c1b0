/**
 * Process groups: every trial runs as the leader of its own group (spawned detached, so setsid), and is stopped
 * by signalling the whole group, so that the processes a training script starts (data loaders, a shell's
 * children) go with it. A group survives its leader while any member lives; the executor signals the group
 * until it is empty, so no trial leaves orphans behind. (A process that calls setsid itself leaves the group: that
 * is the one escape, as with any process supervisor short of cgroups.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isProcessAlive, processStartTime } from '../journal/processInfo.ts';

/** The handle journaled with `trialStarted`, from which a resumed tuner kills what a dead tuner left running. */
export interface LocalTrialHandle {
  readonly pid: number;
  readonly pgid: number;
  readonly hostname: string;
  /** The leader's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  readonly processStartTime?: number;
}

/**
 * The handle of a process started as the leader of its own group.
 *
 * @param pid - The leader's pid.
 * @returns The handle to journal.
 */
export function localTrialHandle(pid: number): LocalTrialHandle {
  const startTime = processStartTime(pid);
  return {
    pid,
    pgid: pid,
    hostname: hostname(),
    ...(startTime === undefined ? {} : { processStartTime: startTime }),
  };
}

/**
 * Sends a signal to every process of a group.
 *
 * @param pgid - The group id.
 * @param signal - The signal (0 only checks that the group has a member).
 * @returns False when the group has no member left (ESRCH).
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a process group still has a member that runs. A member that exited but was not yet reaped (a zombie,
 * which signal 0 still reaches) does not count: on Linux, `/proc` tells them apart; elsewhere any member counts.
 *
 * @param pgid - The group id.
 * @returns True when a process of the group is alive and not a zombie.
 */
export function groupHasLiveMembers(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // After the command name in parentheses: state, ppid, pgrp.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/**
 * Kills at once (SIGKILL) the process group of a trial that a previous tuner left running, from its journaled
 * handle. Does nothing for a handle from another machine or another executor, or when the leader's pid now belongs
 * to a newer process (the original group is then gone: Linux does not reuse the id of a live group).
 *
 * @param handle - The handle journaled with `trialStarted`.
 * @returns True when a signal was sent to a group with a live member.
 */
export function killStaleTrial(handle: Readonly<Record<string, unknown>>): boolean {
  const { pid, pgid } = handle;
  // Only a local executor's handle names all three; anything else is not a process group of this machine.
  if (typeof pid !== 'number' || typeof pgid !== 'number') return false;
  if (handle.hostname !== hostname()) return false;
  if (pid === process.pid || pgid === process.pid) return false;
  if (isProcessAlive(pid)) {
    const recorded = handle.processStartTime;
    const current = processStartTime(pid);
    if (typeof recorded === 'number' && current !== undefined && current !== recorded) return false;
  }
  if (!groupHasLiveMembers(pgid)) return false;
  return signalGroup(pgid, 'SIGKILL');
}
