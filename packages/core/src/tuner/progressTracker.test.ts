import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progressTracker.ts';

describe('ProgressTracker', () => {
  it('counts trials that do not beat the best by more than 1% of |best|', () => {
    const tracker = new ProgressTracker(undefined);
    tracker.record(1, 10);
    expect(tracker.trialsNotImproving).toBe(0);
    tracker.record(2, 9.9); // exactly 1% better: not an improvement ("1% or less")
    expect(tracker.trialsNotImproving).toBe(1);
    tracker.record(3, 12);
    tracker.record(4, undefined); // a stopped trial
    expect(tracker.trialsNotImproving).toBe(3);
    tracker.record(5, 9.7); // 2% better than 9.9
    expect(tracker.trialsNotImproving).toBe(0);
    expect(tracker.bestTrialId).toBe(5);
  });

  it('measures 1% against |best| for negative values and zero', () => {
    const tracker = new ProgressTracker(undefined);
    tracker.record(1, -100);
    tracker.record(2, -100.5); // 0.5% better
    expect(tracker.trialsNotImproving).toBe(1);
    tracker.record(3, -102);
    expect(tracker.trialsNotImproving).toBe(0);
    const zero = new ProgressTracker(undefined);
    zero.record(1, 0);
    zero.record(2, 0);
    expect(zero.trialsNotImproving).toBe(1);
    zero.record(3, -1e-9);
    expect(zero.trialsNotImproving).toBe(0);
  });

  it('keeps the earlier trial on ties, and moves the best on small gains', () => {
    const tracker = new ProgressTracker(undefined);
    tracker.record(4, 5);
    tracker.record(2, 5);
    expect(tracker.bestTrialId).toBe(2);
    tracker.record(7, 4.99);
    expect(tracker.bestTrialId).toBe(7);
  });

  it('reaches the target when a value is at or below it', () => {
    const tracker = new ProgressTracker(1);
    tracker.record(1, 1.5);
    expect(tracker.targetReached).toBe(false);
    tracker.record(2, 1);
    expect(tracker.targetReached).toBe(true);
  });
});
