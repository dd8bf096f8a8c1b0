/**
 * The job's best under noise, through the real CLI: with a noisy objective the Bayesian model's choice (the
 * lowest posterior mean) is the reported best, journaled as `recommendation`, and `tune`, `status`, `best` and
 * the report say so with the best observed trial beside it; a deterministic objective reports as before.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, useWorkspaces, type Workspace } from './helpers/cli.ts';

const workspace = useWorkspaces();

/** A bowl in (x, y) plus Gaussian noise of standard deviation `noise`, seeded by the configuration. */
function tuningFile(ws: Workspace, noise: number): string {
  const script = join(ws.dir, 'train.mjs');
  writeFileSync(
    script,
    `const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
let h = 2166136261;
for (const c of args.x + ',' + args.y) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
const u1 = ((h >>> 0) + 0.5) / 4294967296;
const u2 = ((Math.imul(h, 2654435761) >>> 0) + 0.5) / 4294967296;
const gauss = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
const bowl = 10 * ((Number(args.x) - 0.3) ** 2 + (Number(args.y) - 0.6) ** 2);
console.log('loss=' + (bowl + ${noise} * gauss));
`,
  );
  return ws.writeTuningFile({
    strategy: 'Bayesian',
    limits: { maxTrials: 24, maxParallel: 2 },
    seed: 5,
    executor: { local: { command: ['node', script], timeoutSeconds: 60 } },
  });
}

describe('the best trial under noise', () => {
  it('is the model’s choice, journaled, and every command says so beside the best observed', async () => {
    const ws = workspace('noisy');
    const tune = await runCliProcess(['tune', tuningFile(ws, 0.5)], ws.dir);
    expect(tune.code, tune.stderr).toBe(0);
    const recommendations = ws.journal().filter((event) => event.type === 'recommendation');
    expect(recommendations.length).toBeGreaterThan(0);
    const last = recommendations.at(-1)!;
    expect(last).toMatchObject({ significant: true, basedOn: expect.any(Number) });
    // The noise std printed is of the objective's noise (0.5 here), not the model's transformed units' (0.06).
    expect(last.noiseStd).toBeGreaterThan(0.25);
    expect(last.noiseStd).toBeLessThan(1);
    expect(tune.stdout).toMatch(/chosen by the model: the objective is noisy \(noise std ≈ [\d.]+\)/);
    expect(tune.stdout).toContain(`(trial ${last.trialId})`);
    expect(tune.stdout).toMatch(/best observed: -?[\d.]+ \(trial \d+/);

    const status = await runCliProcess(['status', 'noisy', '--json'], ws.dir);
    const summary = JSON.parse(status.stdout) as {
      best: { trial: number; model?: { estimate: number; noiseStd: number; basedOn: number } };
      bestObserved?: { trial: number; objective: number };
    };
    expect(summary.best.trial).toBe(last.trialId);
    expect(summary.best.model).toEqual({
      estimate: last.estimate,
      noiseStd: last.noiseStd,
      basedOn: last.basedOn,
    });
    const observed = ws
      .journal()
      .filter((event) => event.type === 'trialFinished')
      .map((event) => event.outcome as { status: string; objective?: number })
      .filter((outcome) => outcome.status === 'Completed')
      .reduce((best, outcome) => Math.min(best, outcome.objective!), Number.POSITIVE_INFINITY);
    expect(summary.bestObserved?.objective).toBe(observed);
    const text = await runCliProcess(['status', 'noisy'], ws.dir);
    expect(text.stdout).toContain('chosen by the model');
    expect(text.stdout).toContain(`best observed: `);

    const jobs = await runCliProcess(['jobs'], ws.dir);
    expect(jobs.stdout).toContain(`(trial ${last.trialId}, the model's choice)`);

    const full = await runCliProcess(['best', 'noisy', '--full'], ws.dir);
    expect(JSON.parse(full.stdout)).toMatchObject({
      trial: last.trialId,
      chosenBy: 'model',
      bestObserved: { trial: summary.bestObserved!.trial, objective: observed },
    });
    const plain = await runCliProcess(['best', 'noisy'], ws.dir);
    expect(Object.keys(JSON.parse(plain.stdout) as object)).toEqual(expect.arrayContaining(['x', 'y']));
    expect(plain.stderr).toContain('note: chosen by the model');

    const out = join(ws.dir, 'report.md');
    const report = await runCliProcess(['report', 'noisy', '--format', 'markdown', '--out', out], ws.dir);
    expect(report.code, report.stderr).toBe(0);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(
      /\*\*Best: [-\d.]+\*\* \(trial \d+\)\n\nChosen by the model: the objective is noisy/,
    );
    expect(markdown).toMatch(/Best observed: -?[\d.]+ \(trial \d+/);
  });

  it('stays the best observed trial, with nothing journaled, when the objective is deterministic', async () => {
    const ws = workspace('exact');
    const tune = await runCliProcess(['tune', tuningFile(ws, 0)], ws.dir);
    expect(tune.code, tune.stderr).toBe(0);
    expect(ws.journal().filter((event) => event.type === 'recommendation')).toEqual([]);
    expect(tune.stdout).not.toContain('chosen by the model');
    expect((await runCliProcess(['jobs'], ws.dir)).stdout).not.toContain("model's choice");
    const status = JSON.parse((await runCliProcess(['status', 'exact', '--json'], ws.dir)).stdout) as {
      best: { model?: unknown };
      bestObserved?: unknown;
    };
    expect(status.best.model).toBeUndefined();
    expect(status.bestObserved).toBeUndefined();
  });
});
