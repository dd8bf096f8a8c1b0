import { describe, expect, it } from 'vitest';
import { tuner } from './specInCode.ts';

describe("the README's spec written in code", () => {
  it('is a valid job: the tuner asks trials inside its ranges', async () => {
    const trials = await tuner.ask(3);
    expect(trials).toHaveLength(2); // maxParallel
    for (const { params } of trials) {
      expect(params.eta).toBeGreaterThanOrEqual(0.01);
      expect(params.eta).toBeLessThanOrEqual(0.5);
      expect([2, 3, 4, 5, 6, 7, 8, 9, 10]).toContain(params.max_depth);
      expect(['gbtree', 'gblinear']).toContain(params.booster);
    }
    await tuner.close();
  });
});
