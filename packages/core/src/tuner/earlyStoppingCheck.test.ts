import { describe, expect, it } from 'vitest';
import type { TuningJobSpec } from '../spec/types.ts';
import { type CheckedTrial, earlyStoppingCheck } from './earlyStoppingCheck.ts';

const minimize: TuningJobSpec['objective'] = { type: 'Minimize', metric: 'loss' };
const auto = (minSteps: number, minTrials = 2, minFraction = 0) =>
  ({ earlyStopping: { type: 'Auto', minSteps, minTrials, minFraction }, objective: minimize }) as const;

/** A curve that goes from `start` to `end` in a straight line over `steps` values. */
const line = (start: number, end: number, steps: number) =>
  Array.from({ length: steps }, (_, s) => start + ((end - start) * s) / (steps - 1));

/** Completed trials 1..n; trial k's curve runs from start(k) to its final objective end(k). */
const completed = (n: number, start: (k: number) => number, end: (k: number) => number, steps = 20) =>
  Array.from({ length: n }, (_, i): CheckedTrial => {
    const k = i + 1;
    return { id: k, curve: line(start(k), end(k), steps), objective: end(k) };
  });

describe('earlyStoppingCheck', () => {
  it('says the rule would stop the best trials when learning curves cross', () => {
    // 20 trials: trial k starts at k and ends at 21 - k, so trial 20 ends best and starts worst.
    const check = earlyStoppingCheck(
      auto(2),
      completed(
        20,
        (k) => k,
        (k) => 21 - k,
      ),
    )!;
    expect(check.step).toBe(2);
    expect(check.checked).toEqual([20, 19, 18, 17, 16]);
    // Each is judged at step 2, the first step the grace period allows, against the others' running averages.
    expect(check.stopped).toEqual([20, 19, 18, 17, 16].map((trial) => ({ trial, step: 2 })));
    expect(check.weak).toBe(true);
  });

  it('lets the best trials through when early values rank them as the final ones do', () => {
    const check = earlyStoppingCheck(
      auto(2),
      completed(
        20,
        (k) => 2 * k,
        (k) => k,
      ),
    )!;
    expect(check.checked).toEqual([1, 2, 3, 4, 5]);
    expect(check.stopped).toEqual([]);
    expect(check.weak).toBe(false);
    // One of the five stopped, not the best: said, but not a warning.
    const one = earlyStoppingCheck(
      auto(2),
      completed(
        20,
        (k) => (k === 5 ? 30 : 2 * k),
        (k) => k,
      ),
    )!;
    expect(one.stopped).toEqual([{ trial: 5, step: 2 }]);
    expect(one.weak).toBe(false);
    // A quarter of the finished trials are replayed: of 8, the best 2 (the 5th best of 8 is below the median).
    expect(
      earlyStoppingCheck(
        auto(2),
        completed(
          8,
          (k) => 2 * k,
          (k) => k,
        ),
      )!.checked,
    ).toEqual([1, 2]);
  });

  it('replays the rule itself: the best value so far is judged, stopped trials feed the medians', () => {
    // Trial 1 (the best at the end) spikes at step 3 only; its best so far stays below the median, so it goes on.
    const trials = completed(
      8,
      (k) => k,
      (k) => k,
    );
    const spiky = trials[0]!.curve.map((value, step) => (step === 3 ? 100 : value!));
    trials[0] = { ...trials[0]!, curve: spiky };
    expect(earlyStoppingCheck(auto(2), trials)!.stopped).toEqual([]);
    // Eight stopped trials whose short curves sit at 0.5 bring the median at step 2 below every completed trial.
    const low: CheckedTrial[] = [11, 12, 13, 14, 15, 16, 17, 18].map((id) => ({
      id,
      curve: [0.5, 0.5, 0.5],
    }));
    const check = earlyStoppingCheck(auto(2), [...trials, ...low])!;
    expect(check.checked).toEqual([1, 2, 3, 4]);
    expect(check.stopped).toEqual([1, 2, 3, 4].map((trial) => ({ trial, step: 2 })));
  });

  it('orients a Maximize objective', () => {
    const spec = { ...auto(2), objective: { type: 'Maximize', metric: 'accuracy' } } as const;
    // Higher is better: trial 20 ends best; here it also starts best.
    const ordered = earlyStoppingCheck(
      spec,
      completed(
        20,
        (k) => k,
        (k) => k + 10,
      ),
    )!;
    expect(ordered.checked).toEqual([20, 19, 18, 17, 16]);
    expect(ordered.stopped).toEqual([]);
    // Here it starts worst.
    const crossing = earlyStoppingCheck(
      spec,
      completed(
        20,
        (k) => 21 - k,
        (k) => k + 10,
      ),
    )!;
    expect(crossing.stopped.map((stop) => stop.trial)).toEqual([20, 19, 18, 17, 16]);
    expect(crossing.weak).toBe(true);
  });

  it("judges from the rule's first step: minFraction of the longest finished curve, a stopped one's included", () => {
    const crossing = completed(
      20,
      (k) => k,
      (k) => 21 - k,
    );
    const check = earlyStoppingCheck(auto(2, 2, 0.5), crossing)!;
    expect(check.step).toBe(9);
    expect(check.stopped[0]).toEqual({ trial: 20, step: 9 });
    // A stopped trial that ran 100 steps moves the first judged step to 49, past every completed curve's end.
    const long: CheckedTrial = { id: 99, curve: line(30, 30, 100) };
    const later = earlyStoppingCheck(auto(2, 2, 0.5), [...crossing, long])!;
    expect(later.step).toBe(49);
    expect(later.stopped).toEqual([]);
  });

  it('says nothing with the rule off, with too few completed trials, or too few for the rule to judge', () => {
    const trials = completed(
      6,
      (k) => k,
      (k) => 7 - k,
    );
    expect(earlyStoppingCheck({ earlyStopping: 'Off', objective: minimize }, trials)).toBeUndefined();
    expect(earlyStoppingCheck(auto(2), trials.slice(0, 4))).toBeUndefined();
    expect(earlyStoppingCheck(auto(2, 6), trials)).toBeUndefined();
    expect(earlyStoppingCheck(auto(2, 5), trials)).toBeDefined();
    // Invalid values are skipped as the rule skips them: a curve of nulls cannot be judged.
    const nulls = trials.map((trial) => ({ ...trial, curve: trial.curve.map(() => null) }));
    expect(earlyStoppingCheck(auto(2), nulls)!.stopped).toEqual([]);
  });
});
