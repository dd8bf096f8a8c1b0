/**
 * Property test of the tuner's bookkeeping under any sequence of asks and outcomes: the limits a user sets are
 * never exceeded, retries repeat their configuration, and a job always runs to a completion reason.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createTuner } from './createTuner.ts';
import { testSpec } from './testSpec.ts';
import type { Trial } from './types.ts';

/** What the driver does next: ask for a number of trials, or finish the pending trial at a position. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('ask' as const), count: fc.integer({ min: 0, max: 6 }) }),
  fc.record({
    kind: fc.constant('tell' as const),
    position: fc.nat(),
    status: fc.constantFrom('Completed' as const, 'Failed' as const, 'Stopped' as const),
    objective: fc.double({ min: -10, max: 10, noNaN: true }),
  }),
);

const job = fc.record({
  maxTrials: fc.integer({ min: 1, max: 12 }),
  maxParallel: fc.integer({ min: 1, max: 4 }),
  maxRetries: fc.integer({ min: 0, max: 2 }),
  strategy: fc.constantFrom('Random' as const, 'Sobol' as const),
  steps: fc.array(step, { maxLength: 60 }),
});

describe('ask/tell invariants', () => {
  test.prop([job], { numRuns: 150 })(
    'ask never exceeds maxParallel or maxTrials, and retries reuse their configuration up to maxRetries',
    async ({ maxTrials, maxParallel, maxRetries, strategy, steps }) => {
      // The failure-streak rule (limits.maxConsecutiveFailures, tested on its own) would end a job of failures
      // early: off here, so that every sequence of outcomes runs to maxTrials.
      const tuner = createTuner(
        testSpec({ strategy, limits: { maxTrials, maxParallel, maxRetries, maxConsecutiveFailures: 0 } }),
      );
      const firstOfConfig = new Map<number, Trial>();
      const check = (asked: readonly Trial[], count: number) => {
        expect(asked.length).toBeLessThanOrEqual(count);
        expect(tuner.pending().length).toBeLessThanOrEqual(maxParallel);
        for (const trial of asked) {
          const first = firstOfConfig.get(trial.configIndex);
          if (first === undefined) {
            expect(trial.attempt).toBe(0);
            firstOfConfig.set(trial.configIndex, trial);
          } else {
            expect(trial.attempt).toBeGreaterThan(0);
            expect(trial.attempt).toBeLessThanOrEqual(maxRetries);
            expect(trial.params).toEqual(first.params);
            expect(trial.unit).toEqual(first.unit);
          }
        }
        expect(firstOfConfig.size).toBeLessThanOrEqual(maxTrials);
      };
      const finish = (trial: Trial, status: 'Completed' | 'Failed' | 'Stopped', objective: number) => {
        if (status === 'Completed') tuner.tell(trial.id, { status, objective });
        else if (status === 'Failed') tuner.tell(trial.id, { status, reason: 'crash' });
        else tuner.tell(trial.id, { status, reason: 'user', objective });
      };
      for (const action of steps) {
        if (action.kind === 'ask') {
          check(await tuner.ask(action.count), action.count);
        } else {
          const pending = tuner.pending();
          if (pending.length > 0)
            finish(pending[action.position % pending.length]!, action.status, action.objective);
        }
      }
      // Whatever happened, completing everything from here reaches maxTrials.
      for (let round = 0; round < 10 * (maxTrials + 1) * (maxRetries + 1); round++) {
        for (const trial of tuner.pending()) tuner.tell(trial.id, { status: 'Completed', objective: 1 });
        const asked = await tuner.ask(maxParallel);
        check(asked, maxParallel);
        if (asked.length === 0) break;
      }
      expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrials' });
      expect(firstOfConfig.size).toBe(maxTrials);
      expect(tuner.trials().every((trial) => trial.status !== 'Pending')).toBe(true);
    },
  );
});
