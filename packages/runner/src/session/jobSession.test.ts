/**
 * The session as the one writer of a job's journal, on a real journal in a temporary folder and a clock the test
 * sets: what each call journals, the counts, the best trial and the snapshot it keeps, and how they carry over to
 * the next session of the same job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import { readJournal } from '../journal/jobStore.ts';
import { buildJobView } from '../journal/jobView.ts';
import type { JobEvent } from './jobEvents.ts';
import { openJobSession } from './jobSession.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-session-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec = sampleSpec({ name: 'session', limits: { maxTrials: 5, maxParallel: 2, maxRetries: 0 } });
const trial = (id: number) => ({
  id,
  configIndex: id - 1,
  attempt: 0,
  params: { eta: id / 10, depth: id, booster: 'gbtree' },
  unit: [0.1 * id, 0.2, 0.3],
});

describe('the job session', () => {
  it('journals what the driver reports, keeps counts and the best trial, and carries them to the next session', async () => {
    let time = 1_000;
    const now = (): number => time;
    const events: JobEvent[] = [];
    const first = await openJobSession({ spec, rootDir: root, now, onEvent: (event) => events.push(event) });
    expect(first.resumed).toBe(false);
    first.trialAsked(trial(1));
    first.trialAsked(trial(2));
    time = 1_100;
    first.trialStarted(1, { pid: 11 });
    first.trialStarted(2);
    first.metric(1, { metric: 'validation:rmse', value: 4, line: 1, step: 0 });
    time = 1_500;
    expect(first.trialFinished(1, { status: 'Completed', objective: 2 })).toBe(true);
    // A tie keeps the earlier trial.
    expect(first.trialFinished(2, { status: 'Completed', objective: 2 })).toBe(false);
    first.trialAsked(trial(3));
    first.trialStarted(3);
    first.trialInterrupted(3);
    first.emit({ type: 'interrupting', running: 1 }, 1);
    expect(events.at(-1)).toEqual({
      type: 'interrupting',
      running: 1,
      progress: {
        done: 2,
        completed: 2,
        failed: 0,
        stopped: 0,
        running: 1,
        budget: 5,
        best: { trialId: 1, objective: 2 },
        elapsedMs: 500,
      },
    });
    time = 2_000;
    expect(first.result('Interrupted', 'interrupted')).toEqual({
      name: 'session',
      status: 'Interrupted',
      reason: 'interrupted',
      resumed: false,
      best: { trialId: 1, objective: 2, hyperparameters: trial(1).params },
      counts: { total: 3, completed: 2, failed: 0, stopped: 0 },
      elapsedMs: 1_000,
      jobDir: first.jobDir,
    });
    await first.close();

    const journal = readJournal(first.jobDir).events;
    expect(journal.map((event) => event.type)).toEqual([
      'jobCreated',
      'trialAsked',
      'trialAsked',
      'trialStarted',
      'trialStarted',
      'metric',
      'trialFinished',
      'trialFinished',
      'trialAsked',
      'trialStarted',
      'trialInterrupted',
    ]);
    expect(journal[3]).toEqual({ type: 'trialStarted', t: 1_100, trialId: 1, handle: { pid: 11 } });
    expect(buildJobView(journal).trials.map((record) => record.status)).toEqual([
      'Completed',
      'Completed',
      'Interrupted',
    ]);

    time = 10_000;
    const second = await openJobSession({ spec, rootDir: root, now });
    expect(second.resumed).toBe(true);
    expect(second.opened.trials).toHaveLength(3);
    expect(second.counts()).toEqual({ completed: 2, failed: 0, stopped: 0 });
    expect(second.best()?.id).toBe(1);
    second.trialStarted(3);
    time = 10_200;
    expect(second.trialFinished(3, { status: 'Completed', objective: 1 })).toBe(true);
    second.trialAsked(trial(4));
    second.trialStarted(4);
    expect(second.trialFinished(4, { status: 'Failed', reason: 'exit 1' })).toBe(false);
    second.jobFinished('maxTrials');
    const result = second.result('Completed', 'maxTrials');
    expect(result).toMatchObject({
      resumed: true,
      best: { trialId: 3, objective: 1 },
      counts: { total: 4, completed: 3, failed: 1, stopped: 0 },
    });
    // The first session ran from 1,000 to its last event at 1,500; this one for 200 ms so far.
    expect(result.elapsedMs).toBe(second.opened.activeMs + 200);
    await second.close();
    expect(readJournal(first.jobDir).events.at(-1)).toEqual({
      type: 'jobFinished',
      t: 10_200,
      reason: 'maxTrials',
    });
  });

  it('journals nothing once told to stop journaling (the tuner is being killed)', async () => {
    const session = await openJobSession({
      spec: sampleSpec({ name: 'silenced' }),
      rootDir: root,
      now: Date.now,
    });
    session.trialAsked(trial(1));
    session.trialStarted(1);
    session.stopJournaling();
    session.metric(1, { metric: 'validation:rmse', value: 4, line: 1, step: 0 });
    expect(session.trialFinished(1, { status: 'Completed', objective: 1 })).toBe(false);
    session.trialAsked(trial(2));
    session.jobFinished('maxTrials');
    expect(session.result('Interrupted', 'killed').counts).toEqual({
      total: 1,
      completed: 0,
      failed: 0,
      stopped: 0,
    });
    await session.close();
    expect(readJournal(session.jobDir).events.map((event) => event.type)).toEqual([
      'jobCreated',
      'trialAsked',
      'trialStarted',
    ]);
  });
});
