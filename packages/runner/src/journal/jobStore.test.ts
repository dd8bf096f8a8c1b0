/**
 * The job store with real processes: a tuner process holding the lock, killed with SIGKILL, several racing for it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isRunnerError, type RunnerError } from '../errors.ts';
import type { JournalEvent } from './events.ts';
import { jobDirOf } from './jobPaths.ts';
import { lockHolder, openJobStore, readJournal } from './jobStore.ts';
import { processStartTime } from './processInfo.ts';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'tunekit-store-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A tuner process that opens the job's store, says what happened on stdout, and holds the lock for holdMs. */
function startHolder(jobName: string, holdMs: number): { child: ChildProcess; said: Promise<string> } {
  const script = holderScript();
  const child = spawn(process.execPath, ['--import', 'tsx', script, root, jobName, String(holdMs)], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const said = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => resolve(out.trim()));
  });
  return { child, said };
}

/** Writes the holder script (arguments: root, job name, hold ms) and returns its path. */
function holderScript(): string {
  const script = join(root, 'holder.mjs');
  writeFileSync(
    script,
    `import { openJobStore } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'jobStore.ts')).href)};
const [root, name, holdMs] = process.argv.slice(2);
try {
  const store = await openJobStore(root, name);
  store.append({ type: 'jobResumed', t: Date.now(), pid: process.pid });
  console.log('won');
  setTimeout(() => store.close(), Number(holdMs));
} catch (error) {
  console.log(error.code + ': ' + error.message);
}
`,
  );
  return script;
}

async function openError(jobName: string): Promise<RunnerError> {
  try {
    const store = await openJobStore(root, jobName);
    await store.close();
  } catch (error) {
    if (isRunnerError(error)) return error;
    throw error;
  }
  throw new Error('the store opened');
}

describe('the job lock', () => {
  it('refuses a second tuner while the first lives, naming its pid, and takes over once it is killed', async () => {
    const holder = startHolder('held', 60_000);
    expect(await holder.said).toBe('won');
    const refused = await openError('held');
    expect(refused.code).toBe('jobLocked');
    expect(refused.message).toContain(`pid ${holder.child.pid} on ${hostname()}`);
    expect(lockHolder(jobDirOf(root, 'held'))).toBe(holder.child.pid);

    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.once('exit', resolve));
    // The lock file is still there, held by a dead process: it is stale.
    expect(existsSync(join(jobDirOf(root, 'held'), 'lock'))).toBe(true);
    expect(lockHolder(jobDirOf(root, 'held'))).toBeUndefined();
    const store = await openJobStore(root, 'held');
    expect(lockHolder(store.jobDir)).toBe(process.pid);
    expect(store.read().events.map((event) => event.type)).toEqual(['jobResumed']);
    await store.close();
    expect(existsSync(join(store.jobDir, 'lock'))).toBe(false);
  });

  it('takes over from a holder that died but was not reaped (a zombie, as after kill -9 in some containers)', async () => {
    // sh starts the holder in the background and becomes `sleep`, which never reaps it: killed, it stays a zombie.
    const script = holderScript();
    const parent = spawn(
      'sh',
      [
        '-c',
        `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(script)} ${JSON.stringify(root)} zombie 60000 & echo $!; exec sleep 30`,
      ],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(parent);
    const holderPid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout!.once('data', (chunk: Buffer) => resolve(String(chunk))),
      ),
    );
    const jobDir = jobDirOf(root, 'zombie');
    const deadline = Date.now() + 20_000;
    while (lockHolder(jobDir) !== holderPid && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(lockHolder(jobDir)).toBe(holderPid);
    process.kill(holderPid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(`/proc/${holderPid}/stat`, 'latin1')).toMatch(/\) Z /);
    expect(lockHolder(jobDir)).toBeUndefined();
    const store = await openJobStore(root, 'zombie');
    expect(lockHolder(store.jobDir)).toBe(process.pid);
    await store.close();
  });

  it('lets exactly one of several tuners started at once win', async () => {
    const holders = Array.from({ length: 4 }, () => startHolder('raced', 3000));
    const said = await Promise.all(holders.map((holder) => holder.said));
    expect(said.filter((text) => text === 'won')).toHaveLength(1);
    const winner = holders[said.indexOf('won')]!.child.pid;
    for (const text of said.filter((line) => line !== 'won')) {
      expect(text).toMatch(
        new RegExp(`^jobLocked: job raced is being run by another tuner \\(pid ${winner} `),
      );
    }
    expect(readJournal(jobDirOf(root, 'raced')).events).toHaveLength(1);
  });

  it('refuses a second open in the same process, and opens again after close', async () => {
    const store = await openJobStore(root, 'twice');
    expect((await openError('twice')).message).toContain(`pid ${process.pid}`);
    await store.close();
    const again = await openJobStore(root, 'twice');
    await again.close();
  });

  it.skipIf(processStartTime(process.pid) === undefined)(
    'takes over a lock whose pid now belongs to another process (a pid reused after a crash)',
    async () => {
      const jobDir = jobDirOf(root, 'reused');
      mkdirSync(jobDir, { recursive: true });
      const live = process.ppid;
      writeFileSync(
        join(jobDir, 'lock'),
        JSON.stringify({
          pid: live,
          hostname: hostname(),
          startedAt: '2020-01-01T00:00:00.000Z',
          processStartTime: (processStartTime(live) ?? 0) + 1,
        }),
      );
      const store = await openJobStore(root, 'reused');
      expect(JSON.parse(readFileSync(join(jobDir, 'lock'), 'utf8')).pid).toBe(process.pid);
      await store.close();
    },
  );

  it('rejects a job name that would leave the jobs folder', () => {
    expect(() => jobDirOf(root, '../escape')).toThrow(/job name "\.\.\/escape" is not valid/);
  });
});

describe('the journal of an opened job', () => {
  const event = (trialId: number): JournalEvent => ({ type: 'trialStarted', t: trialId, trialId });

  it('drops a torn last line on open (reported once), and appends after the last whole event', async () => {
    const jobDir = jobDirOf(root, 'torn');
    mkdirSync(jobDir, { recursive: true });
    const path = join(jobDir, 'journal.jsonl');
    const content = `${JSON.stringify(event(1))}\n${JSON.stringify(event(2)).slice(0, 20)}`;
    writeFileSync(path, content);
    // A reader without the lock reports the torn line but leaves the file alone (a tuner may be writing it).
    expect(readJournal(jobDir).tornTail).toBe(JSON.stringify(event(2)).slice(0, 20));
    expect(readFileSync(path, 'utf8')).toBe(content);

    const store = await openJobStore(root, 'torn');
    expect(store.read()).toEqual({ events: [event(1)], tornTail: JSON.stringify(event(2)).slice(0, 20) });
    store.append(event(3));
    expect(store.read().events).toEqual([event(1), event(3)]);
    await store.close();
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(event(1))}\n${JSON.stringify(event(3))}\n`);
    const reopened = await openJobStore(root, 'torn');
    expect(reopened.read()).toEqual({ events: [event(1), event(3)] });
    await reopened.close();
  });

  it('ends a last event that lacks its newline before appending the next', async () => {
    const jobDir = jobDirOf(root, 'nonewline');
    mkdirSync(jobDir, { recursive: true });
    writeFileSync(join(jobDir, 'journal.jsonl'), JSON.stringify(event(1)));
    const store = await openJobStore(root, 'nonewline');
    store.append(event(2));
    await store.close();
    expect(readJournal(jobDir)).toEqual({ events: [event(1), event(2)] });
  });

  it('refuses to open a journal damaged in the middle, naming the line', async () => {
    const jobDir = jobDirOf(root, 'damaged');
    mkdirSync(jobDir, { recursive: true });
    writeFileSync(
      join(jobDir, 'journal.jsonl'),
      `${JSON.stringify(event(1))}\nnot json\n${JSON.stringify(event(2))}\n`,
    );
    const error = await openError('damaged');
    expect(error.code).toBe('journalUnreadable');
    expect(error.message).toMatch(/journal\.jsonl line 2 is not a journal event/);
    // The lock was released: the refusal leaves nothing behind.
    expect(existsSync(join(jobDir, 'lock'))).toBe(false);
  });
});
