import { describe, expect, it } from 'vitest';
import { runCliProcess, useWorkspaces, type Workspace } from './helpers/cli.ts';

const workspace = useWorkspaces();

type TrialRow = { trial: number; objective: number; hyperparameters: Record<string, number | string> };

async function trialsOf(ws: Workspace, job: string): Promise<TrialRow[]> {
  const run = await runCliProcess(['trials', job, '--format', 'json'], ws.dir);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as TrialRow[];
}

describe('initialTrials', () => {
  it('runs the given configurations first, in order, within maxTrials', async () => {
    const ws = workspace('initial');
    const file = ws.writeTuningFile({
      initialTrials: [
        { x: 0.3, y: 0.6 },
        { x: 0.9, y: 0.1 },
      ],
      limits: { maxTrials: 3, maxParallel: 1 },
    });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(0);
    const trials = await trialsOf(ws, 'initial');
    expect(trials).toHaveLength(3);
    expect(trials.slice(0, 2).map((t) => t.hyperparameters)).toEqual([
      { x: 0.3, y: 0.6 },
      { x: 0.9, y: 0.1 },
    ]);
    expect(trials[0]!.objective).toBeCloseTo(0, 5);
  });

  it('refuses a value outside its range with the field path, exit 2, no stack trace', async () => {
    const ws = workspace('initial-bad');
    const file = ws.writeTuningFile({ initialTrials: [{ x: 1.5, y: 0.6 }] });
    const run = await runCliProcess(['validate', file], ws.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('initialTrials[0].x: 1.5 is above max 1: use a value in [0, 1]');
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('warmStart from local jobs', () => {
  const ws = workspace('parent');
  const parameters = {
    x: { type: 'categorical', values: ['0.1', '0.3', '0.5'] },
    y: { type: 'categorical', values: ['0.6'] },
  };

  it('a child never runs a configuration its parent measured, and its best is its own', async () => {
    const parent = await runCliProcess(
      ['tune', ws.writeTuningFile({ parameters, limits: { maxTrials: 2, maxParallel: 1 } }, 'parent.json')],
      ws.dir,
    );
    expect(parent.code).toBe(0);
    const parentXs = (await trialsOf(ws, 'parent')).map((t) => String(t.hyperparameters.x));
    expect(parentXs).toHaveLength(2);
    for (const [name, parentRef] of [
      ['child', 'parent'],
      ['child-by-folder', './.tunekit/jobs/parent'],
    ] as const) {
      const file = ws.writeTuningFile(
        {
          name,
          parameters,
          limits: { maxTrials: 1, maxParallel: 1 },
          warmStart: { parents: [parentRef], type: 'IdenticalDataAndAlgorithm' },
        },
        `${name}.json`,
      );
      const run = await runCliProcess(['tune', file], ws.dir);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(run.code).toBe(0);
      const [only, ...rest] = await trialsOf(ws, name);
      expect(rest).toEqual([]);
      expect(parentXs).not.toContain(String(only!.hyperparameters.x));
      const best = await runCliProcess(['best', name], ws.dir);
      expect(JSON.parse(best.stdout).x).toBe(only!.hyperparameters.x);
    }
  });

  it('refuses a parent that does not fit, by field, exit 2', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { name: 'maximizer', objective: { metric: 'loss', type: 'Maximize' } },
        "warmStart.parents[0]: job parent cannot warm-start this one: its objective is Minimize loss, this job's is Maximize loss",
      ],
      [
        { name: 'other-ranges', parameters: { ...parameters, z: { type: 'integer', min: 1, max: 3 } } },
        'warmStart.parents[0]: job parent cannot warm-start this one: it has no range z',
      ],
      [
        { name: 'typed', parameters: { ...parameters, x: { type: 'continuous', min: 0, max: 1 } } },
        'its range x is categorical, here continuous',
      ],
      [{ name: 'orphan', warmStart: { parents: ['nope'] } }, 'warmStart.parents[0]: no job "nope"'],
    ];
    for (const [overrides, message] of cases) {
      const file = ws.writeTuningFile(
        { parameters, warmStart: { parents: ['parent'] }, ...overrides },
        `${String(overrides.name)}.json`,
      );
      const run = await runCliProcess(['tune', file], ws.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('says where a misplaced warmStart belongs', async () => {
    const file = ws.writeTuningFile(
      { name: 'misplaced', limits: { maxTrials: 2, warmStart: { parents: ['parent'] } } },
      'misplaced.json',
    );
    const run = await runCliProcess(['validate', file], ws.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'limits.warmStart: "warmStart" belongs at the top level of the tuning file, not in limits: move it there',
    );
  });
});
