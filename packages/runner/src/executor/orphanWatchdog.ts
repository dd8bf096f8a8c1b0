/**
 * The one guard against orphans that a tuner killed with SIGKILL cannot run itself: a small watchdog process,
 * started with the first trial, that learns each trial's process group through a pipe and, when the pipe closes
 * without a goodbye (the tuner died, however it died), stops those groups the way the tuner would have: SIGTERM,
 * then SIGKILL after the grace period. One watchdog a tuner, not one a trial: it costs a Node start once per
 * session and a short line per trial.
 *
 * The watchdog is detached (its own session), so a Ctrl-C on the terminal, which signals the tuner's foreground
 * group, does not reach it; and it keeps neither the tuner's event loop nor the pipe alive.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** The watchdog's source, run with `node -e`: plain JavaScript, no imports. */
const WATCHDOG_SOURCE = `/* tunekit trial watchdog: stops the trials of a tuner that died */
const groups = new Map();
let buffer = '';
let goodbye = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let end = buffer.indexOf('\\n'); end >= 0; end = buffer.indexOf('\\n')) {
    const [op, pgid, grace] = buffer.slice(0, end).split(' ');
    buffer = buffer.slice(end + 1);
    if (op === '+') groups.set(Number(pgid), Number(grace));
    else if (op === '-') groups.delete(Number(pgid));
    else if (op === 'bye') goodbye = true;
  }
});
const signal = (pgid, name) => { try { process.kill(-pgid, name); } catch {} };
process.stdin.on('close', () => {
  if (goodbye || groups.size === 0) process.exit(0);
  let grace = 0;
  for (const [pgid, seconds] of groups) { signal(pgid, 'SIGTERM'); grace = Math.max(grace, seconds); }
  setTimeout(() => { for (const pgid of groups.keys()) signal(pgid, 'SIGKILL'); process.exit(0); }, grace * 1000);
});
`;

/** What the executor tells the watchdog. */
export interface OrphanWatchdog {
  /** A trial's process group runs; stop it with this grace if the tuner dies. */
  add(pgid: number, graceSeconds: number): void;
  /** The group is gone (or the tuner stopped it itself). */
  remove(pgid: number): void;
  /** The tuner ends normally: the watchdog exits without signalling anything. */
  close(): void;
}

/**
 * Creates the watchdog; its process starts with the first `add`.
 *
 * @returns The watchdog.
 */
export function createOrphanWatchdog(): OrphanWatchdog {
  let child: ChildProcess | undefined;
  let broken = false;
  const send = (line: string): void => {
    if (broken || child?.stdin === null || child?.stdin === undefined) return;
    child.stdin.write(`${line}\n`);
  };
  return {
    add(pgid, graceSeconds) {
      if (child === undefined && !broken) {
        child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], {
          stdio: ['pipe', 'ignore', 'ignore'],
          detached: true,
        });
        // A watchdog that cannot start or dies early must not take the tuner with it: trials then rely on the
        // tuner's own exit handler and on the next tuner's cleanup from the journal.
        child.on('error', () => {
          broken = true;
        });
        child.stdin?.on('error', () => {
          broken = true;
        });
        child.unref();
        (child.stdin as { unref?: () => void } | null)?.unref?.();
      }
      send(`+ ${pgid} ${graceSeconds}`);
    },
    remove(pgid) {
      send(`- ${pgid}`);
    },
    close() {
      if (child === undefined) return;
      send('bye');
      child.stdin?.end();
      child = undefined;
    },
  };
}
