/**
 * A seed given as an override (the Action's `/tune seed=3`) is a seed given: a tuning file without one then runs
 * with it, not with a seed drawn at random.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import { openJob } from '../session/openJob.ts';
import { withOverrides } from './withOverrides.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-overrides-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('withOverrides', () => {
  it('runs an unseeded tuning file with the seed given as an override', async () => {
    const unseeded = sampleSpec({ name: 'overridden', seed: 0, seedDrawn: true });
    const spec = withOverrides(unseeded, { seed: 3 });
    expect(spec.seedDrawn).toBeUndefined();
    const job = await openJob({ spec, rootDir: root, now: () => 1 });
    await job.close();
    expect(job.view.spec.seed).toBe(3);
  });

  it('leaves an unseeded file unseeded without a seed override, and the job draws one', async () => {
    const unseeded = sampleSpec({ name: 'drawn', seed: 0, seedDrawn: true });
    expect(withOverrides(unseeded, { maxTrials: 4 }).seedDrawn).toBe(true);
    const seeds = new Set<number>();
    for (const name of ['drawn-a', 'drawn-b', 'drawn-c']) {
      const job = await openJob({ spec: { ...unseeded, name }, rootDir: root, now: () => 1 });
      await job.close();
      expect(job.view.spec.seedDrawn).toBe(true);
      seeds.add(job.view.spec.seed);
    }
    expect(seeds.size).toBe(3);
  });
});
