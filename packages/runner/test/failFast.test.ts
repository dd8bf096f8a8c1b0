/**
 * Fail fast (`limits.maxConsecutiveFailures`) and what follows it, through the real CLI: a training script that
 * cannot start ends the job after a few trials instead of running all of them, the message says why, and once
 * the user fixed the cause `tunekit tune` resumes the job, with `--retry-failed` running the failed
 * configurations again.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JournalLine, runCliProcess, useWorkspaces, type Workspace } from './helpers/cli.ts';

const workspace = useWorkspaces();

/** A training script that fails like a Python script missing a module while `broken` exists beside it. */
function brokenScript(ws: Workspace): { file: string; fix(): void } {
  const script = join(ws.dir, 'train.mjs');
  const flag = join(ws.dir, 'broken');
  writeFileSync(
    script,
    `import { appendFileSync, existsSync } from 'node:fs';
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
appendFileSync(${JSON.stringify(ws.runLog)}, JSON.stringify({ x: args.x, y: args.y, pid: process.pid }) + '\\n');
if (existsSync(${JSON.stringify(flag)})) {
  console.error('Traceback (most recent call last):');
  console.error('  File "train.py", line 1, in <module>');
  console.error("ModuleNotFoundError: No module named 'xgboost'");
  process.exit(1);
}
console.log('loss=' + ((Number(args.x) - 0.3) ** 2).toFixed(6));
`,
  );
  writeFileSync(flag, '');
  const file = ws.writeTuningFile({
    limits: { maxTrials: 12, maxParallel: 1, maxConsecutiveFailures: 3 },
    executor: { local: { command: ['node', script], timeoutSeconds: 60 } },
  });
  return { file, fix: () => rmSync(flag) };
}

const finished = (events: JournalLine[]): JournalLine[] => events.filter((e) => e.type === 'trialFinished');

describe('limits.maxConsecutiveFailures', () => {
  it('ends the job Failed after that many failures in a row, grouped by reason, and status says so', async () => {
    const ws = workspace('fail-fast');
    const { file } = brokenScript(ws);
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(ws.runs()).toHaveLength(3); // not 12
    expect(run.stdout).toContain(
      `job fail-fast failed (maxConsecutiveFailures: 3 trials failed in a row: 3 x "ModuleNotFoundError: No module named 'xgboost'")`,
    );
    expect(run.stdout).toMatch(/then `tunekit tune \S+tuning.json` resumes the job/);
    expect(run.stdout).toContain('--retry-failed');
    const finish = ws.journal().find((event) => event.type === 'jobFinished');
    expect(finish).toMatchObject({
      status: 'Failed',
      reason: expect.stringMatching(/^maxConsecutiveFailures: 3/),
    });
    const status = await runCliProcess(['status', 'fail-fast', '--json'], ws.dir);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'Failed',
      finishReason: expect.stringContaining('3 x "ModuleNotFoundError'),
      counts: { total: 3, failed: 3 },
    });
  });

  it('is off with 0: every trial runs', async () => {
    const ws = workspace('no-fail-fast');
    const file = ws.writeTuningFile({
      static: { crash: 'yes' },
      limits: { maxTrials: 7, maxParallel: 2, maxConsecutiveFailures: 0 },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(1);
    expect(ws.runs()).toHaveLength(7);
    expect(run.stdout).toContain('job no-fail-fast failed (maxTrials; no trial succeeded)');
  });

  it('stops the trials still running when it fires, and their stop does not reopen the job', async () => {
    const ws = workspace('fail-fast-parallel');
    // Trial 1 sleeps 30 s; every other trial crashes at once. (By id, not by which process starts first: under
    // load trial 2's process can start before trial 1's.)
    const script = join(ws.dir, 'slow-then-crash.mjs');
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(ws.runLog)}, JSON.stringify({ pid: process.pid }) + '\\n');
if (process.env.TUNEKIT_TRIAL_ID === '1') {
  await new Promise((resolve) => setTimeout(resolve, 30_000));
}
console.error('crashing on purpose');
process.exit(3);
`,
    );
    const file = ws.writeTuningFile({
      limits: { maxTrials: 20, maxParallel: 2, maxConsecutiveFailures: 4 },
      executor: { local: { command: ['node', script], timeoutSeconds: 60, killGraceSeconds: 1 } },
    });
    const started = Date.now();
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '(maxConsecutiveFailures: 4 trials failed in a row: 4 x "crashing on purpose")',
    );
    const outcomes = finished(ws.journal()).map((event) => [
      event.trialId,
      (event.outcome as { status: string }).status,
    ]);
    expect(outcomes).toEqual([
      [2, 'Failed'],
      [3, 'Failed'],
      [4, 'Failed'],
      [5, 'Failed'],
      [1, 'Stopped'],
    ]);
    expect(ws.runs()).toHaveLength(5);
  });

  it('resumes once the cause is fixed, and --retry-failed runs the failed configurations again as new attempts', async () => {
    const ws = workspace('fixed');
    const { file, fix } = brokenScript(ws);
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(1);
    const failedBefore = finished(ws.journal()).map((event) => event.trialId);
    expect(failedBefore).toEqual([1, 2, 3]);
    fix();
    // Resumed: the job goes on with new configurations, up to its budget of 12.
    const resumed = await runCliProcess(['tune', file, '--json'], ws.dir);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'Completed',
      resumed: true,
      counts: { total: 12, completed: 9, failed: 3 },
    });
    // The failed configurations were not run again: 12 runs in all, 12 distinct points.
    expect(ws.runs()).toHaveLength(12);
    const asked = ws.journal().filter((event) => event.type === 'trialAsked');
    const failedConfigs = asked.filter((event) => failedBefore.includes(event.trialId!));

    // Finished, with 3 failed configurations: --retry-failed runs them again as attempt 1, budget untouched.
    const retried = await runCliProcess(['tune', file, '--retry-failed', '--json'], ws.dir);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ counts: { total: 15, completed: 12, failed: 3 } });
    const events = ws.journal();
    const retries = events.filter((event) => event.type === 'trialAsked' && (event.trialId as number) > 12);
    expect(retries.map((event) => [event.configIndex, event.attempt, event.params])).toEqual(
      failedConfigs.map((event) => [event.configIndex, 1, event.params]),
    );
    expect(ws.runs()).toHaveLength(15);
    // Nothing lost: the failed attempts are still in the journal and in `trials`.
    const trials = JSON.parse(
      (await runCliProcess(['trials', 'fixed', '--format', 'json'], ws.dir)).stdout,
    ) as {
      trial: number;
      status: string;
    }[];
    expect(trials.filter((trial) => trial.status === 'Failed').map((trial) => trial.trial)).toEqual([
      1, 2, 3,
    ]);
    expect(existsSync(join(ws.dir, '.tunekit', 'jobs', 'fixed', 'trials', '1'))).toBe(true);
  });

  it('says what to do when tune is run on a job that has already ended', async () => {
    const ws = workspace('ended');
    const file = ws.writeTuningFile({ limits: { maxTrials: 2, maxParallel: 2 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const again = await runCliProcess(['tune', file], ws.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/the job had already ended \(maxTrials\): raise limits.maxTrials/);
    expect(again.stdout).toMatch(/--restart to start afresh, or `tunekit rm ended`/);
    expect(ws.runs()).toHaveLength(2);
  });
});
