/**
 * A full disk (and a read-only one) while a job runs: the journal or a trial's log cannot be written. The tuner
 * stops its trials cleanly, prints one message naming the file and what to do, exits 1 without a stack trace, and
 * the job resumes once there is space with nothing lost and no finished trial run twice.
 *
 * The job's folder lives on a small tmpfs that the test mounts, which takes root (CI runs as root): elsewhere
 * the tests are skipped, saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CliRun,
  createWorkspace,
  isAlive,
  type JournalLine,
  runCliProcess,
  type Workspace,
} from './helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tunekit-disk-'));
const mounted: string[] = [];

/** Mounts a tmpfs of `size` at a new folder; undefined when this process may not mount (not root). */
function mountSmallDisk(name: string, size: string): string | undefined {
  const dir = join(scratch, name);
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return undefined;
  }
  mounted.push(dir);
  return dir;
}

const canMount = (() => {
  const probe = mountSmallDisk('probe', '64k');
  if (probe === undefined) return false;
  execFileSync('umount', [probe]);
  mounted.pop();
  return true;
})();
const skipReason = 'mounting a tmpfs needs root (CI runs as root); the disk-full tests are skipped here';
if (!canMount) console.warn(skipReason);

const workspaces: Workspace[] = [];
afterAll(() => {
  for (const dir of mounted) execFileSync('umount', ['-l', dir]);
  rmSync(scratch, { recursive: true, force: true });
  for (const ws of workspaces) rmSync(ws.dir, { recursive: true, force: true });
});

const finishedIds = (events: JournalLine[]): number[] =>
  events.filter((event) => event.type === 'trialFinished').map((event) => event.trialId!);

/** The journal's whole events (a torn last line skipped) of a job kept on `disk`. */
function journalOn(disk: string, job: string): JournalLine[] {
  const text = readFileSync(join(disk, '.tunekit', 'jobs', job, 'journal.jsonl'), 'utf8');
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as JournalLine];
    } catch {
      return [];
    }
  });
}

/** The one message of a write failure: the file, the cause, what to do; no stack trace. */
function expectWriteFailure(run: CliRun, file: RegExp, cause: RegExp): void {
  expect(run.code).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tunekit: cannot write \//);
  expect(lines[0]).toMatch(file);
  expect(lines[0]).toMatch(cause);
  expect(lines[0]).toMatch(/`tunekit tune <file>` again to resume/);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe.skipIf(!canMount)('a full disk', () => {
  it('stops the job when the journal cannot be written, and resumes it once there is space', async () => {
    const disk = mountSmallDisk('journal', '1m')!;
    const ws = createWorkspace('full-journal');
    workspaces.push(ws);
    const filler = join(disk, 'filler');
    // The third run fills the disk, then prints its metric values: the journal cannot take them.
    const file = ws.writeTuningFile({
      static: { steps: '100', sleep_ms: '300', on_run: '3', fill: filler },
      limits: { maxTrials: 5, maxParallel: 1 },
    });
    const full = await runCliProcess(['-C', disk, 'tune', file], ws.dir);
    expectWriteFailure(
      full,
      /\.tunekit\/jobs\/full-journal\/journal\.jsonl/,
      /no space left on the device \(ENOSPC\)/,
    );
    const before = journalOn(disk, 'full-journal');
    expect(finishedIds(before)).toEqual([1, 2]);
    // The trial that was running was stopped, not left behind.
    for (const run of ws.runs()) expect(isAlive(run.pid)).toBe(false);

    // A read-only disk: refused at once, with the file it could not write.
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const readOnly = await runCliProcess(['-C', disk, 'tune', file], ws.dir);
    execFileSync('mount', ['-o', 'remount,rw', disk]);
    expectWriteFailure(readOnly, /\.tunekit\/jobs\/full-journal\//, /read-only \(EROFS\)/);
    expect(ws.runs()).toHaveLength(3);

    rmSync(filler);
    const resumed = await runCliProcess(['-C', disk, 'tune', file, '--json'], ws.dir);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'Completed',
      counts: { total: 5, completed: 5 },
    });
    const after = journalOn(disk, 'full-journal');
    // Nothing lost, no finished trial run twice: trial 3 ran again, then 4 and 5, each finished once.
    expect(finishedIds(after).sort()).toEqual([1, 2, 3, 4, 5]);
    const runs = ws.runs();
    expect(runs).toHaveLength(6);
    const asked = new Map(after.filter((e) => e.type === 'trialAsked').map((e) => [e.trialId, e.params]));
    const third = asked.get(3) as { x: number; y: number };
    expect(runs.filter((run) => Number(run.x) === third.x && Number(run.y) === third.y)).toHaveLength(2);
  });

  it("stops the job when a trial's output fills the disk, and resumes it once there is space", async () => {
    const disk = mountSmallDisk('log', '1m')!;
    const ws = createWorkspace('full-log');
    workspaces.push(ws);
    // The second run prints 4 MB of lines no metric matches: only its log grows, until the disk is full.
    const file = ws.writeTuningFile({
      static: { steps: '3', sleep_ms: '300', on_run: '2', noise_kb: '4096' },
      limits: { maxTrials: 4, maxParallel: 1 },
    });
    const full = await runCliProcess(['-C', disk, 'tune', file], ws.dir);
    expectWriteFailure(
      full,
      /\.tunekit\/jobs\/full-log\/trials\/2\/output\.log/,
      /no space left on the device \(ENOSPC\)/,
    );
    expect(finishedIds(journalOn(disk, 'full-log'))).toEqual([1]);
    for (const run of ws.runs()) expect(isAlive(run.pid)).toBe(false);

    // Free the space the runaway log took (a user deletes what they do not need).
    rmSync(join(disk, '.tunekit', 'jobs', 'full-log', 'trials', '2', 'output.log'));
    const resumed = await runCliProcess(['-C', disk, 'tune', file, '--json'], ws.dir);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'Completed',
      counts: { total: 4, completed: 4 },
    });
    expect(finishedIds(journalOn(disk, 'full-log')).sort()).toEqual([1, 2, 3, 4]);
    expect(ws.runs()).toHaveLength(5);
  });
});
