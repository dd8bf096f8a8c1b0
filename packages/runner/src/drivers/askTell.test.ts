/**
 * The job loop's decisions at the moments where a trial's end and the loop's own work interleave, with an
 * in-process executor whose trials end when the test says (a real executor's processes cannot be timed that
 * finely) and the real tuner and journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialOutcome } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import type { Executor, RunningTrial } from '../executor/types.ts';
import { runJob } from './runJob.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-loop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executor whose trials end when `finish(id, outcome)` is called. */
function controlledExecutor(): Executor & {
  finish(id: number, outcome: TrialOutcome): void;
  started: number[];
} {
  const ends = new Map<number, (outcome: TrialOutcome) => void>();
  const started: number[] = [];
  return {
    kind: 'local',
    started,
    start(launch): RunningTrial {
      started.push(launch.trialId);
      const done = new Promise<TrialOutcome>((resolve) => ends.set(launch.trialId, resolve));
      launch.onStarted?.({});
      return { done, stop: async () => {} };
    },
    finish(id, outcome) {
      ends.get(id)?.(outcome);
    },
    async close() {},
  };
}

describe('the job loop', () => {
  it('ends with the completion criterion a trial met while the tuner was being asked, not "exhausted"', async () => {
    const executor = controlledExecutor();
    // Trial 2 ends (not improving on trial 1: the job is then complete) at the moment the loop, woken by trial 1's
    // end, checks completion and asks the tuner for the next trial: on the first clock reading after trial 1's
    // end was reported.
    let armed = false;
    const now = (): number => {
      if (armed) {
        armed = false;
        executor.finish(2, { status: 'Completed', objective: 5 });
      }
      return Date.now();
    };
    const job = runJob({
      spec: sampleSpec({
        name: 'race',
        limits: { maxTrials: 10, maxParallel: 2, maxRetries: 0, maxRuntimeSeconds: 3600 },
        completion: { convergence: false, maxTrialsNotImproving: 1 },
      }),
      rootDir: root,
      baseDir: root,
      executor,
      now,
      onEvent: (event) => {
        if (event.type === 'trialFinished' && event.trialId === 1) armed = true;
      },
    });
    while (executor.started.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    executor.finish(1, { status: 'Completed', objective: 1 });
    const result = await job;
    expect(result.reason).toBe('maxTrialsNotImproving');
    expect(result.status).toBe('Completed');
    expect(executor.started).toEqual([1, 2]);
  });
});
