import { describe, expect, it } from 'vitest';
import type { JobEvent, ProgressSnapshot } from '../session/jobEvents.ts';
import { createPlainProgress } from './plainProgress.ts';
import { bar, createTtyProgress } from './ttyProgress.ts';

const progress = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  done: 7,
  completed: 5,
  failed: 1,
  stopped: 1,
  running: 2,
  budget: 20,
  best: { trialId: 5, objective: 54.2 },
  elapsedMs: 62_000,
  ...over,
});

describe('the live bar', () => {
  it('shows trials done against the budget, running, failed, the best so far and the elapsed time', () => {
    expect(bar(progress(), 62_000, 120)).toBe(
      '[#######.............] 7/20 done, 2 running, 1 failed, best 54.2 (trial 5) 1:02',
    );
  });

  it('fits the width of the terminal by dropping the least important parts, never the elapsed time', () => {
    // Issue 14: on an 80-column terminal the line was cut and lost the elapsed time.
    const long = progress({
      done: 123,
      budget: 200,
      best: { trialId: 117, objective: 0.0123457 },
      elapsedMs: 3_723_000,
    });
    expect(bar(long, 3_723_000, 200)).toBe(
      '[############........] 123/200 done, 2 running, 1 failed, best 0.0123457 (trial 117) 1:02:03',
    );
    expect(bar(long, 3_723_000, 80)).toBe(
      '[######....] 123/200 done, 2 running, 1 failed, best 0.0123457 1:02:03',
    );
    expect(bar(long, 3_723_000, 40)).toBe('123/200, best 0.0123457 1:02:03');
    for (const columns of [200, 120, 80, 60, 40, 30, 20, 12]) {
      const text = bar(long, 3_723_000, columns);
      expect(text.length).toBeLessThan(columns);
      expect(text).toMatch(/(^| )1:02:03$/);
    }
    // Narrower than the elapsed time itself: the elapsed time alone.
    expect(bar(long, 3_723_000, 5)).toBe('1:02:03');
    expect(bar(progress({ best: undefined }), 62_000, 40)).toBe('7/20 done, 2 run, 1 fail 1:02');
  });

  it('draws the bar on a terminal that reports no width, and redraws it only a few times a second for metrics', () => {
    const writes: string[] = [];
    const tty = createTtyProgress({ write: (text) => writes.push(text), columns: 0 }, 'rmse');
    for (let step = 0; step < 100; step++) {
      tty.listener({
        type: 'trialMetric',
        trialId: 1,
        observation: { metric: 'rmse', value: 60 - step / 10, line: step + 1, step },
        progress: progress(),
      });
    }
    tty.close();
    const bars = writes.filter((text) => text.startsWith('\r\x1b[2K['));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.length).toBeLessThan(5);
    expect(bars[0]).toContain('7/20 done, 2 running, 1 failed, best 54.2 (trial 5)');
  });

  it('prints finished trials as lines above the bar, clearing the bar first', () => {
    const writes: string[] = [];
    const tty = createTtyProgress({ write: (text) => writes.push(text), columns: 200 }, 'rmse');
    tty.listener({
      type: 'trialStarted',
      trialId: 8,
      params: { eta: 0.1 },
      rerun: false,
      progress: progress(),
    });
    tty.listener({
      type: 'trialFinished',
      trialId: 8,
      params: { eta: 0.1 },
      outcome: { status: 'Completed', objective: 50 },
      isBest: true,
      progress: progress({ done: 8, running: 1, best: { trialId: 8, objective: 50 } }),
    });
    tty.close();
    const screen = writes.join('');
    expect(screen).toContain('[1:02] trial 8 started: eta=0.1\n');
    expect(screen).toContain('\r\x1b[2K[1:02] trial 8 Completed rmse=50 (new best)');
    expect(screen).toContain('8/20 done, 1 running, 1 failed, best 50 (trial 8)');
    // Closing leaves no half-drawn bar behind.
    expect(screen.endsWith('\r\x1b[2K')).toBe(true);
  });
});

describe('plain progress', () => {
  it('writes one line per event, and the last lines of a failed trial under it', () => {
    const lines: string[] = [];
    const write = createPlainProgress((text) => lines.push(text), 'rmse');
    const events: JobEvent[] = [
      {
        type: 'trialMetric',
        trialId: 3,
        observation: { metric: 'rmse', value: 1, line: 1, step: 0 },
        progress: progress(),
      },
      {
        type: 'trialFinished',
        trialId: 3,
        params: {},
        outcome: {
          status: 'Failed',
          reason: 'exited with code 1; last lines of its output:\n  Traceback\n    boom',
        },
        isBest: false,
        progress: progress(),
      },
    ];
    for (const event of events) write(event);
    expect(lines).toEqual([
      '[1:02] trial 3 Failed: exited with code 1; last lines of its output: | 7/20 done, 2 running, 1 failed, best 54.2 (trial 5)\n    Traceback\n      boom\n',
    ]);
  });
});
