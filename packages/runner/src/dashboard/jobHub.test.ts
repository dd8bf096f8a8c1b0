import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import { createJobHub } from './jobHub.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('follows the jobs that have a journal, and keeps nothing for names that name no job', () => {
  const jobDir = join(dir, '.tunekit', 'jobs', 'sample');
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(
    join(jobDir, 'journal.jsonl'),
    `${JSON.stringify({ type: 'jobCreated', t: 1, spec: sampleSpec(), specHash: 'h' })}\n`,
  );
  const hub = createJobHub(dir);
  try {
    expect(hub.watcher('sample').folded()?.view.name).toBe('sample');
    for (let index = 0; index < 50; index++) expect(hub.watcher(`made-up-${index}`).folded()).toBeUndefined();
    expect(hub.followedCount()).toBe(1);
    expect(() => hub.watcher('../sample')).toThrow(/not valid/);
  } finally {
    hub.close();
  }
});

it('folds every job in the background when asked to warm up, before any request names it', async () => {
  const hub = createJobHub(dir);
  try {
    expect(hub.followedCount()).toBe(0);
    hub.warmUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.followedCount()).toBe(1);
  } finally {
    hub.close();
  }
});
