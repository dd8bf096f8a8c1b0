import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { openJobStore } from '../journal/jobStore.ts';
import { readWarmStartParents } from './warmStartParents.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-warm-parents-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const parentSpec = sampleSpec({ name: 'parent' });
const child = sampleSpec({ name: 'child', warmStart: { parents: ['parent'], type: 'TransferLearning' } });

async function writeParent(): Promise<void> {
  const events: JournalEvent[] = [{ type: 'jobCreated', t: 1_000, spec: parentSpec, specHash: 'h' }];
  finishedTrial(
    events,
    1,
    { eta: 0.1, depth: 3, booster: 'gbtree' },
    { status: 'Completed', objective: 2 },
    2_000,
  );
  finishedTrial(
    events,
    2,
    { eta: 0.2, depth: 4, booster: 'dart' },
    { status: 'Failed', reason: 'exit 1' },
    4_000,
  );
  finishedTrial(
    events,
    3,
    { eta: 0.3, depth: 5, booster: 'dart' },
    { status: 'Completed', objective: 1 },
    9_000,
  );
  const store = await openJobStore(root, 'parent');
  for (const event of events) store.append(event);
  await store.close();
}

describe('readWarmStartParents', () => {
  it('takes the Completed trials, only those finished before the child was created', async () => {
    await writeParent();
    expect(readWarmStartParents(child, root)).toEqual({
      type: 'TransferLearning',
      trials: [
        { params: { eta: 0.1, depth: 3, booster: 'gbtree' }, objective: 2 },
        { params: { eta: 0.3, depth: 5, booster: 'dart' }, objective: 1 },
      ],
    });
    // Trial 3 finished at 10,001, after a child created at 5,000: a resumed child must not see it.
    expect(readWarmStartParents(child, root, 5_000)?.trials).toEqual([
      { params: { eta: 0.1, depth: 3, booster: 'gbtree' }, objective: 2 },
    ]);
  });

  it('is undefined without warmStart, and refuses the job itself as a parent', () => {
    expect(readWarmStartParents(parentSpec, root)).toBeUndefined();
    const self = sampleSpec({ name: 'parent', warmStart: { parents: ['parent'], type: 'TransferLearning' } });
    expect(() => readWarmStartParents(self, root)).toThrow('warmStart.parents[0]: parent is this job itself');
  });
});
