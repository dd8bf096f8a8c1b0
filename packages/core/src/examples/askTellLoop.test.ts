import { describe, expect, it } from 'vitest';
import { runAskTellLoop } from './askTellLoop.ts';

describe("the README's ask/tell example", () => {
  it('runs until a completion criterion is met and reports the best trial', async () => {
    const result = await runAskTellLoop();
    expect(result.completion.done).toBe(true);
    expect(['targetObjective', 'maxTrials']).toContain(result.completion.reason);
    expect(result.trials).toBeGreaterThan(4);
    expect(result.trials).toBeLessThanOrEqual(40);
    // Sobol covers the space well enough to get near the optimum (loss 0 at 0.01, 0.1, 3, adam) in 40 trials.
    expect(result.loss).toBeLessThan(0.5);
    expect(result.best?.optimizer).toBe('adam');
    expect(await runAskTellLoop()).toEqual(result);
  });
});
