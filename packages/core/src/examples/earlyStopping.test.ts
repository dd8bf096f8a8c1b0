import { describe, expect, it } from 'vitest';
import { runEarlyStopping } from './earlyStopping.ts';

describe("the README's early-stopping example", () => {
  it('stops trials worse than the median and completes the others', async () => {
    const result = await runEarlyStopping();
    expect(result.completion).toEqual({ done: true, reason: 'maxTrials' });
    expect(result.stopped + result.completed).toBe(12);
    // The median rule needs 3 finished trials before it stops one; with 12, some are stopped and most finish.
    expect(result.stopped).toBeGreaterThan(0);
    expect(result.completed).toBeGreaterThanOrEqual(3);
    expect(result.best).toBeGreaterThan(0.1);
    expect(await runEarlyStopping()).toEqual(result);
  });
});
