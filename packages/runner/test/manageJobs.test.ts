/**
 * Managing jobs through the real CLI: `tunekit jobs` lists them, `tunekit stop` stops the tuner running one as a
 * Ctrl-C would, `tunekit rm` deletes one and `tunekit tune --restart` sets one aside to start afresh; a job being
 * run is refused by rm and --restart with the tuner's pid.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processStartTime } from '../src/journal/processInfo.ts';
import {
  type JournalLine,
  runCliProcess,
  startCli,
  useWorkspaces,
  type Workspace,
  waitFor,
} from './helpers/cli.ts';

const workspace = useWorkspaces();

const startedIds = (events: JournalLine[]): number[] =>
  events.filter((event) => event.type === 'trialStarted').map((event) => event.trialId!);
const jobDir = (ws: Workspace, name: string): string => join(ws.dir, '.tunekit', 'jobs', name);

describe('tunekit jobs', () => {
  it('lists every job with the fields of status --json, the tuner of a running one, and a damaged one', async () => {
    const ws = workspace('done');
    const done = ws.writeTuningFile({ limits: { maxTrials: 3, maxParallel: 3 } }, 'done.json');
    expect((await runCliProcess(['tune', done], ws.dir)).code).toBe(0);
    const slow = ws.writeTuningFile(
      { name: 'slow', static: { steps: '2', sleep_ms: '30000' }, limits: { maxTrials: 4, maxParallel: 1 } },
      'slow.json',
    );
    const tuner = startCli(['tune', slow], ws.dir);
    await waitFor(() => startedIds(ws.journal('slow')).length === 1, 20_000, 'a running trial');
    mkdirSync(jobDir(ws, 'broken'), { recursive: true });
    writeFileSync(join(jobDir(ws, 'broken'), 'journal.jsonl'), '{"type":"trialAsked","t":1}\n');

    const listed = await runCliProcess(['jobs', '--json'], ws.dir);
    expect(listed.code).toBe(0);
    const jobs = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(jobs.map((job) => [job.name, job.status])).toEqual([
      ['broken', 'Damaged'],
      ['done', 'Completed'],
      ['slow', 'InProgress'],
    ]);
    expect(jobs[0]!.problem).toMatch(/journal/);
    // One summary: a row of `jobs --json` is what `status --json` prints.
    for (const name of ['done', 'slow']) {
      const status = JSON.parse((await runCliProcess(['status', name, '--json'], ws.dir)).stdout) as unknown;
      const row = jobs.find((job) => job.name === name)!;
      expect({ ...row, elapsedSeconds: 0 }).toEqual({ ...(status as object), elapsedSeconds: 0 });
    }
    expect(jobs[2]).toMatchObject({ tunerPid: tuner.child.pid, strategy: 'Random', maxTrials: 4 });
    expect(jobs[1]).toMatchObject({
      counts: { total: 3, completed: 3 },
      best: { trial: expect.any(Number) },
    });

    const table = await runCliProcess(['jobs'], ws.dir);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^JOB\s+STATUS\s+STRATEGY\s+TRIALS\s+BEST\s+STARTED \(UTC\)\s+TUNER$/);
    expect(lines.find((line) => line.startsWith('done'))).toMatch(
      /^done\s+Completed\s+Random\s+3\/3\s+\S+ \(trial \d\)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+-$/,
    );
    expect(lines.find((line) => line.startsWith('slow'))).toMatch(
      new RegExp(`InProgress\\s+Random\\s+0/4\\s+-\\s+.*pid ${tuner.child.pid}$`),
    );
    expect(table.stdout).toMatch(/damaged:\n {2}broken: .*journal/);

    // stop: as one Ctrl-C; the tuner ends (130), the trial is interrupted and runs again on resume.
    const stopped = await runCliProcess(['stop', 'slow'], ws.dir);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(`asked the tuner of job slow (pid ${tuner.child.pid}) to stop`);
    expect(stopped.stdout).toContain('job slow stopped');
    expect((await tuner.done).code).toBe(130);
    expect(
      ws
        .journal('slow')
        .filter((event) => event.type === 'trialInterrupted')
        .map((e) => e.trialId),
    ).toEqual([1]);
    const again = await runCliProcess(['stop', 'slow'], ws.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('job slow is not running');
    const after = JSON.parse((await runCliProcess(['jobs', '--json'], ws.dir)).stdout) as Record<
      string,
      unknown
    >[];
    expect(after.find((job) => job.name === 'slow')).toMatchObject({ status: 'Stopped' });
    expect(after.find((job) => job.name === 'slow')).not.toHaveProperty('tunerPid');
  }, 90_000);

  it('says there are no jobs in an empty folder', async () => {
    const ws = workspace('empty');
    const run = await runCliProcess(['jobs'], ws.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^no jobs in .*\.tunekit\/jobs: `tunekit tune <file>` starts one\n$/);
    expect(JSON.parse((await runCliProcess(['jobs', '--json'], ws.dir)).stdout)).toEqual([]);
  });
});

describe('tunekit rm and tune --restart', () => {
  it('refuses both while a tuner runs the job, naming its pid and tunekit stop; then deletes and archives', async () => {
    const ws = workspace('busy');
    const file = ws.writeTuningFile({
      static: { steps: '2', sleep_ms: '30000' },
      limits: { maxTrials: 2, maxParallel: 1 },
    });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(() => startedIds(ws.journal()).length === 1, 20_000, 'a running trial');
    const rm = await runCliProcess(['rm', 'busy'], ws.dir);
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain(`job busy is being run by another tuner (pid ${tuner.child.pid} on `);
    expect(rm.stderr).toContain('`tunekit stop busy`');
    const restart = await runCliProcess(['tune', file, '--restart'], ws.dir);
    expect(restart.code).toBe(1);
    expect(restart.stderr).toContain(`pid ${tuner.child.pid}`);
    expect(existsSync(join(ws.dir, '.tunekit', 'archive'))).toBe(false);
    expect(existsSync(join(jobDir(ws, 'busy'), 'journal.jsonl'))).toBe(true);
    expect((await runCliProcess(['stop', 'busy'], ws.dir)).code).toBe(0);
    expect((await tuner.done).code).toBe(130);

    // --restart: the old folder is kept in .tunekit/archive/, and the job starts from trial 1.
    const fresh = ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 2 } });
    expect(fresh).toBe(file);
    const restarted = await runCliProcess(['tune', file, '--restart'], ws.dir);
    expect(restarted.code).toBe(0);
    const archives = readdirSync(join(ws.dir, '.tunekit', 'archive'));
    expect(archives).toHaveLength(1);
    expect(archives[0]).toMatch(/^busy-\d{8}T\d{6}Z$/);
    expect(restarted.stdout).toContain(
      `the previous job's folder is kept in ${join(ws.dir, '.tunekit', 'archive', archives[0]!)}`,
    );
    const archived = join(ws.dir, '.tunekit', 'archive', archives[0]!);
    expect(readFileSync(join(archived, 'journal.jsonl'), 'utf8')).toContain('"sleep_ms":"30000"');
    expect(existsSync(join(archived, 'lock'))).toBe(false);
    const events = ws.journal();
    expect(events[0]!.type).toBe('jobCreated');
    expect(events.some((event) => event.type === 'jobResumed')).toBe(false);
    expect(events.filter((event) => event.type === 'trialFinished')).toHaveLength(2);

    // rm deletes the whole folder; the job is gone from the listing, and a second rm says so.
    const removed = await runCliProcess(['rm', 'busy'], ws.dir);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`deleted job busy (${jobDir(ws, 'busy')})\n`);
    expect(existsSync(jobDir(ws, 'busy'))).toBe(false);
    expect(JSON.parse((await runCliProcess(['jobs', '--json'], ws.dir)).stdout)).toEqual([]);
    const missing = await runCliProcess(['rm', 'busy'], ws.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tunekit: no job named busy in .*`tunekit jobs` lists them/);
  }, 90_000);

  it('names --restart and rm when the tuning file changed in a way that breaks the search', async () => {
    const ws = workspace('changed');
    const file = ws.writeTuningFile({ limits: { maxTrials: 1, maxParallel: 1 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    ws.writeTuningFile({ limits: { maxTrials: 1, maxParallel: 1 }, seed: 4 });
    const refused = await runCliProcess(['tune', file], ws.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `run \`tunekit tune ${file} --restart\` to archive the job and start afresh`,
    );
    expect(refused.stderr).toContain('`tunekit rm changed` deletes it');
    const restarted = await runCliProcess(['tune', file, '--restart'], ws.dir);
    expect(restarted.code).toBe(0);
  });
});

describe('tunekit stop', () => {
  it('refuses to signal a process that holds the lock but is not the tunekit command', async () => {
    const ws = workspace('foreign');
    const file = ws.writeTuningFile({ limits: { maxTrials: 1, maxParallel: 1 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const sleeper = spawn('sleep', ['30']);
    try {
      await waitFor(() => processStartTime(sleeper.pid!) !== undefined, 5_000, 'the sleeper');
      const holder = {
        pid: sleeper.pid,
        hostname: hostname(),
        startedAt: new Date().toISOString(),
        processStartTime: processStartTime(sleeper.pid!),
      };
      writeFileSync(join(jobDir(ws, 'foreign'), 'lock'), `${JSON.stringify(holder)}\n`);
      const run = await runCliProcess(['stop', 'foreign'], ws.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^tunekit: job foreign is run by pid ${sleeper.pid}, which is not the tunekit command \\(sleep 30\\)`,
        ),
      );
      expect(sleeper.exitCode).toBeNull();
      expect(sleeper.signalCode).toBeNull();
    } finally {
      sleeper.kill('SIGKILL');
    }
    const bad = await runCliProcess(['stop', 'foreign', '--timeout', 'soon'], ws.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout must be a number of seconds above 0, got "soon"');
  });
});
