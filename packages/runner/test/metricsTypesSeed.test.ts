/**
 * Issue 14, "every metric, the right types": every metric the definitions read is in `trials`, `best --full`,
 * `status --json` and the reports; `best` gives static hyperparameters the tuning file's types; a job without a
 * seed draws one, journals it, shows it, and keeps it on resume. Real CLI processes, real training processes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type JournalLine, runCliProcess, startCli, useWorkspaces, waitFor } from './helpers/cli.ts';
import { embeddedReportJob } from './helpers/reportHtml.ts';

const workspace = useWorkspaces();

/** The training script prints `step <n> loss=<value>`: a second metric reads the step, 3 at the end. */
const TWO_METRICS = [
  { name: 'loss', regex: 'loss=(\\S+)' },
  { name: 'train:step', regex: 'step (\\d+) ' },
];

const createdSeed = (events: JournalLine[]): number =>
  (events.find((event) => event.type === 'jobCreated')!.spec as { seed: number }).seed;
const askedParams = (events: JournalLine[]): unknown[] =>
  events.filter((event) => event.type === 'trialAsked').map((event) => event.params);

describe('every metric, the right types', () => {
  const ws = workspace('metrics');

  it('lists every metric in trials (table, CSV, JSON), best --full, status --json and the reports', async () => {
    const file = ws.writeTuningFile({
      metrics: TWO_METRICS,
      static: { steps: 3, sleep_ms: 0, label: '120', verbose: true },
      limits: { maxTrials: 3, maxParallel: 1 },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(0);

    const csv = (await runCliProcess(['trials', 'metrics', '--format', 'csv'], ws.dir)).stdout;
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe('trial,x,y,status,objective,train:step,start,end,durationSeconds,attempt,reason');
    expect(rows.map((row) => row.split(',')[5])).toEqual(['3', '3', '3']);

    const json = JSON.parse(
      (await runCliProcess(['trials', 'metrics', '--format', 'json'], ws.dir)).stdout,
    ) as {
      objective: number;
      metrics: Record<string, number>;
    }[];
    for (const row of json) expect(row.metrics).toEqual({ loss: row.objective, 'train:step': 3 });

    const table = (await runCliProcess(['trials', 'metrics'], ws.dir)).stdout;
    expect(table.split('\n')[0]).toMatch(/^trial\s+x\s+y\s+status\s+loss\s+train:step\s+start/);

    const full = JSON.parse((await runCliProcess(['best', 'metrics', '--full'], ws.dir)).stdout) as {
      objective: number;
      metrics: Record<string, number>;
    };
    expect(full.metrics).toEqual({ loss: full.objective, 'train:step': 3 });

    const status = JSON.parse((await runCliProcess(['status', 'metrics', '--json'], ws.dir)).stdout) as {
      best: { objective: number; metrics: Record<string, number> };
    };
    expect(status.best.metrics).toEqual({ loss: status.best.objective, 'train:step': 3 });

    const markdown = await runCliProcess(
      ['report', 'metrics', '--format', 'markdown', '--out', 'r.md'],
      ws.dir,
    );
    expect(readFileSync(markdown.stdout.trim(), 'utf8')).toMatch(
      /\| trial \| loss \| train:step \| x \| y \|/,
    );
    const html = await runCliProcess(['report', 'metrics', '--out', 'r.html'], ws.dir);
    expect(embeddedReportJob(readFileSync(html.stdout.trim(), 'utf8')).metricNames).toEqual([
      'loss',
      'train:step',
    ]);
  });

  it('prints static hyperparameters with the types the tuning file gave them', async () => {
    const best = JSON.parse((await runCliProcess(['best', 'metrics'], ws.dir)).stdout) as Record<
      string,
      unknown
    >;
    expect(best).toMatchObject({ steps: 3, sleep_ms: 0, label: '120', verbose: true });
    expect(typeof best.x).toBe('number');
    const full = JSON.parse((await runCliProcess(['best', 'metrics', '--full'], ws.dir)).stdout) as {
      hyperparameters: Record<string, unknown>;
    };
    expect(full.hyperparameters).toMatchObject({ steps: 3, sleep_ms: 0, label: '120', verbose: true });
  });
});

describe('a job without a seed', () => {
  it('draws one at random: two such jobs ask different trials, and status shows the seed', async () => {
    const first = workspace('unseeded');
    const second = workspace('unseeded');
    for (const ws of [first, second]) {
      const run = await runCliProcess(
        ['tune', ws.writeTuningFile({ seed: undefined, limits: { maxTrials: 2, maxParallel: 1 } })],
        ws.dir,
      );
      expect(run.code).toBe(0);
    }
    const [a, b] = [first.journal(), second.journal()];
    expect(createdSeed(a)).not.toBe(createdSeed(b));
    expect(askedParams(a)[0]).not.toEqual(askedParams(b)[0]);

    const text = await runCliProcess(['status', 'unseeded'], first.dir);
    expect(text.stdout).toContain(
      `  seed: ${createdSeed(a)} (drawn at random: the tuning file gives none)\n`,
    );
    const json = JSON.parse((await runCliProcess(['status', 'unseeded', '--json'], first.dir)).stdout);
    expect(json).toMatchObject({ seed: createdSeed(a), seedDrawn: true });
  });

  it('keeps the seed it drew when killed and resumed: the trials are those of a job given that seed', async () => {
    const ws = workspace('unseeded-killed');
    const settings = { static: { steps: '3', sleep_ms: '300' }, limits: { maxTrials: 5, maxParallel: 1 } };
    const file = ws.writeTuningFile({ ...settings, seed: undefined });
    const tuner = startCli(['tune', file], ws.dir);
    await waitFor(
      () => ws.journal().filter((event) => event.type === 'trialFinished').length >= 2,
      30_000,
      'two finished trials',
    );
    tuner.child.kill('SIGKILL');
    await tuner.done;
    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.stderr).not.toMatch(/changed/);
    expect(resumed.code).toBe(0);
    const events = ws.journal();
    const seed = createdSeed(events);
    // Nothing changed on resume, so no new spec (and no new seed) was journaled.
    expect(events.find((event) => event.type === 'jobResumed')).not.toHaveProperty('spec');

    const witness = workspace('unseeded-killed');
    const straight = await runCliProcess(
      ['tune', witness.writeTuningFile({ ...settings, seed })],
      witness.dir,
    );
    expect(straight.code).toBe(0);
    expect(askedParams(events)).toEqual(askedParams(witness.journal()));
  }, 60_000);
});

describe('tunekit export', () => {
  it('prints the CreateHyperParameterTuningJob request without a format flag, as the README writes it', async () => {
    const ws = workspace('exported');
    const file = ws.writeTuningFile();
    const plain = await runCliProcess(['export', file], ws.dir);
    expect(plain.stderr).not.toMatch(/say which format/);
    expect(plain.code).toBe(0);
    const request = JSON.parse(plain.stdout) as Record<string, unknown>;
    expect(request.HyperParameterTuningJobName).toBe('exported');
    expect(request).toHaveProperty('HyperParameterTuningJobConfig.RandomSeed', 3);
    // The explicit flag still works, and prints the same request.
    const flagged = await runCliProcess(['export', file, '--sagemaker'], ws.dir);
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toBe(plain.stdout);
  });
});
