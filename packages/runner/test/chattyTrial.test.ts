/**
 * A trial that prints its metric tens of thousands of times: its log keeps every line, the journal a bounded
 * sample (every value up to 1,000, then thinned, the last always), so the journal stays within about twice the
 * trial's output and reading the job stays cheap; early stopping's memory, rebuilt from the journal, holds the
 * values at the steps it was fed.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJob } from '../src/drivers/runJob.ts';
import { readJournal } from '../src/journal/jobStore.ts';
import { buildJobView } from '../src/journal/jobView.ts';
import { sampleSpec } from './helpers/journals.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-chatty-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a trial that prints 30,000 metric values', () => {
  it('keeps them all in its log and a bounded sample in the journal, the last value included', async () => {
    const lines = 30_000;
    const script = join(root, 'chatty.mjs');
    writeFileSync(
      script,
      `let out = '';
for (let step = 0; step < ${lines}; step++) out += 'rmse=' + (1 + 10 / (10 + step)).toFixed(2) + '\\n';
process.stdout.write(out);
`,
    );
    const spec = sampleSpec({
      name: 'chatty',
      limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
      earlyStopping: 'Auto',
      executor: { kind: 'local', command: ['node', script], env: {}, killGraceSeconds: 5, channels: {} },
    });
    const result = await runJob({ spec, rootDir: root, baseDir: root });
    expect(result.status).toBe('Completed');
    expect(result.best?.objective).toBe(1);
    const jobDir = join(root, '.tunekit', 'jobs', 'chatty');
    const log = readFileSync(join(jobDir, 'trials', '1', 'output.log'), 'utf8');
    expect(log.trimEnd().split('\n')).toHaveLength(lines);
    const journalBytes = statSync(join(jobDir, 'journal.jsonl')).size;
    expect(journalBytes).toBeLessThan(2 * Buffer.byteLength(log));

    const { events } = readJournal(jobDir);
    const steps = events.flatMap((event) => (event.type === 'metric' ? [event.observation.step] : []));
    expect(steps.slice(0, 1_000)).toEqual(Array.from({ length: 1_000 }, (_, step) => step));
    expect(steps.at(-1)).toBe(lines - 1);
    // 1,000 values, then 500 a doubling (five doublings up to 32,000), then the last.
    expect(steps.length).toBeLessThanOrEqual(1_000 + 5 * 500 + 1);
    const curve = buildJobView(events).trials[0]!.objectiveCurve!;
    expect(curve).toHaveLength(lines);
    expect(curve[999]).toBe(1.01);
    expect(curve[lines - 1]).toBe(1);
    expect(curve.filter((entry) => entry !== null)).toHaveLength(steps.length);
  });
});
