/**
 * Hyperband on the local executor, end to end: real CLI processes, a real training script that prints a learning
 * curve (test/fixtures/train.mjs: `step k loss=...`, one value a step), rung decisions journaled before acting,
 * shown by `status`, `trials` and the report, identical for a seed with maxParallel 1, and replayed after kill -9.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JournalLine, runCliProcess, startCli, useWorkspaces, waitFor } from './helpers/cli.ts';

const workspace = useWorkspaces();

/** Hyperband with R = 9, r = 1, eta = 3: brackets 2 (rungs at 1 and 3), 1 (rung at 3) and 0 (no rung). */
const hyperbandFile = (overrides: Record<string, unknown> = {}) => ({
  strategy: 'Hyperband',
  hyperband: { minResource: 1, maxResource: 9, sampler: 'Random' },
  static: { steps: '9', sleep_ms: '90' },
  limits: { maxTrials: 12, maxParallel: 2 },
  ...overrides,
});

interface Decision {
  trialId: number;
  rung: number;
  bracket: number;
  resource: number;
  value: number;
  decision: 'promote' | 'stop';
  basis: { threshold?: number; count: number };
  reason: string;
}
const decisionsOf = (events: JournalLine[]): Decision[] =>
  events.filter((event) => event.type === 'trialDecision') as unknown as Decision[];
const outcomes = (events: JournalLine[]) =>
  new Map(
    events
      .filter((event) => event.type === 'trialFinished')
      .map((event) => [
        event.trialId!,
        (event as unknown as { outcome: { status: string; reason?: string } }).outcome,
      ]),
  );

describe('Hyperband on the local executor', () => {
  it('stops trials at their rungs, journals each decision before acting, and shows why in status, trials and the report', async () => {
    const ws = workspace('hb-local');
    const file = ws.writeTuningFile(hyperbandFile());
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const events = ws.journal();
    const decisions = decisionsOf(events);
    const finished = outcomes(events);
    expect(finished.size).toBe(12);
    const stops = decisions.filter((decision) => decision.decision === 'stop');
    expect(stops.length).toBeGreaterThan(0);
    for (const stop of stops) {
      // A stop needs eta values at its rung, and the stopped value is worse than the threshold it names.
      expect(stop.basis.count).toBeGreaterThanOrEqual(3);
      expect(stop.value).toBeGreaterThan(stop.basis.threshold!);
      expect(stop.reason).toMatch(
        new RegExp(
          `^Hyperband: stopped at rung ${stop.rung} \\(resource ${stop.resource}\\): .* not in the top 1/3 of ${stop.basis.count} values \\(threshold .*\\)$`,
        ),
      );
      // The decision is journaled before the trial ends, and the trial ends Stopped with that reason.
      const decidedAt = events.findIndex(
        (event) => event.type === 'trialDecision' && (event as unknown as Decision) === stop,
      );
      const finishedAt = events.findIndex(
        (event) => event.type === 'trialFinished' && event.trialId === stop.trialId,
      );
      expect(decidedAt).toBeLessThan(finishedAt);
      expect(finished.get(stop.trialId)).toMatchObject({ status: 'Stopped', reason: stop.reason });
    }
    // No trial is decided twice at a rung; a trial not stopped runs to maxResource and is Completed.
    const keys = decisions.map((decision) => `${decision.trialId}/${decision.rung}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [id, outcome] of finished) {
      if (!stops.some((stop) => stop.trialId === id)) expect(outcome.status, `trial ${id}`).toBe('Completed');
    }

    const status = await runCliProcess(['status', 'hb-local'], ws.dir);
    expect(status.stdout).toContain('stopped early (latest first):');
    expect(status.stdout).toContain(stops.at(-1)!.reason);
    const trials = JSON.parse(
      (await runCliProcess(['trials', 'hb-local', '--format', 'json'], ws.dir)).stdout,
    ) as {
      trial: number;
      status: string;
      reason?: string;
    }[];
    for (const stop of stops) {
      expect(trials.find((row) => row.trial === stop.trialId)).toMatchObject({
        status: 'Stopped',
        reason: stop.reason,
      });
    }
    const out = join(ws.dir, 'report.md');
    expect(
      (await runCliProcess(['report', 'hb-local', '--format', 'markdown', '--out', out], ws.dir)).code,
    ).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('# Trials stopped early');
    expect(report).toContain(`- trial ${stops.at(-1)!.trialId}: Hyperband: stopped at rung`);
  });

  it('makes the same decisions in two runs with maxParallel 1 and the same seed', async () => {
    const runOnce = async (name: string) => {
      const ws = workspace(name);
      const file = ws.writeTuningFile(
        hyperbandFile({
          name,
          static: { steps: '9', sleep_ms: '0' },
          limits: { maxTrials: 10, maxParallel: 1 },
        }),
      );
      expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
      const events = ws.journal(name);
      return {
        decisions: decisionsOf(events).map(
          ({ trialId, bracket, rung, resource, value, decision, basis }) => ({
            trialId,
            bracket,
            rung,
            resource,
            value,
            decision,
            basis,
          }),
        ),
        params: events.filter((event) => event.type === 'trialAsked').map((event) => event.params),
      };
    };
    const first = await runOnce('hb-seed-a');
    const second = await runOnce('hb-seed-b');
    expect(first.decisions.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });
});

describe('a Hyperband tuning file with problems', () => {
  it('exits 2 naming each field and what to change, without a stack trace and without creating the job', async () => {
    const ws = workspace('hb-bad');
    const file = ws.writeTuningFile(
      hyperbandFile({ earlyStopping: 'Auto', hyperband: { minResource: 9, maxResource: 9, eta: 1 } }),
    );
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'earlyStopping: must be Off with Hyperband, which stops trials early itself (as SageMaker requires): remove earlyStopping or set it to Off',
    );
    expect(run.stderr).toContain('hyperband.eta: must be at least 2');
    expect(run.stderr).toContain('hyperband.minResource: must be less than maxResource (9), not 9');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(ws.journal()).toEqual([]);
  });
});

describe('Hyperband and maxResource', () => {
  it('stops a trial that trains past maxResource and counts it Completed with its value at maxResource', async () => {
    const ws = workspace('hb-past-max');
    // The script trains 12 steps; the budget is 9.
    const file = ws.writeTuningFile(
      hyperbandFile({ static: { steps: '12', sleep_ms: '240' }, limits: { maxTrials: 4, maxParallel: 2 } }),
    );
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const events = ws.journal();
    const stoppedIds = new Set(
      decisionsOf(events)
        .filter((d) => d.decision === 'stop')
        .map((d) => d.trialId),
    );
    const completed = [...outcomes(events)].filter(([id]) => !stoppedIds.has(id));
    expect(completed.length).toBeGreaterThan(0);
    for (const [id, outcome] of completed) {
      const { x, y } = events.find((event) => event.type === 'trialAsked' && event.trialId === id)!
        .params as {
        x: number;
        y: number;
      };
      // train.mjs prints loss + (steps - step) * 0.1: at step 9 of 12 that is loss + 0.3.
      const atNine = Number(((x - 0.3) ** 2 + (y - 0.6) ** 2 + 0.3).toFixed(6));
      expect(outcome, `trial ${id}`).toEqual({ status: 'Completed', objective: atNine });
    }
  });
});

describe('Hyperband after kill -9 of the tuner', () => {
  it('keeps every journaled decision and replays it: no rung is decided twice, a journaled stop is not run again', async () => {
    const ws = workspace('hb-killed');
    const file = ws.writeTuningFile(hyperbandFile({ static: { steps: '9', sleep_ms: '1800' } }));
    const tuner = startCli(['tune', file], ws.dir);
    // Kill mid-rung: some decisions made, two trials running.
    await waitFor(
      () => {
        const events = ws.journal();
        const finished = outcomes(events);
        const running = events.filter(
          (event) => event.type === 'trialStarted' && !finished.has(event.trialId!),
        );
        return decisionsOf(events).length >= 4 && running.length === 2;
      },
      60_000,
      'four decisions and two running trials',
    );
    tuner.child.kill('SIGKILL');
    await tuner.done;
    const before = ws.journal();
    const decidedBefore = decisionsOf(before);

    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.code).toBe(0);
    const after = ws.journal();
    const decidedAfter = decisionsOf(after);
    // Every decision made before the kill is still there, unchanged, and none is made again.
    expect(decidedAfter.slice(0, decidedBefore.length)).toEqual(decidedBefore);
    const keys = decidedAfter.map((decision) => `${decision.trialId}/${decision.rung}`);
    expect(new Set(keys).size).toBe(keys.length);
    const finished = outcomes(after);
    expect(finished.size).toBe(12);
    for (const stop of decidedAfter.filter((decision) => decision.decision === 'stop')) {
      expect(finished.get(stop.trialId)).toMatchObject({ status: 'Stopped', reason: stop.reason });
    }
  });
});

describe("Hyperband after a kill between a stop and the trial's end", () => {
  it('records the trial Stopped with the journaled reason on resume instead of running it again', async () => {
    const ws = workspace('hb-stop-journaled');
    const file = ws.writeTuningFile(
      hyperbandFile({ static: { steps: '9', sleep_ms: '0' }, limits: { maxTrials: 8, maxParallel: 1 } }),
    );
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const complete = ws.journal();
    const stop = decisionsOf(complete).find((decision) => decision.decision === 'stop')!;
    expect(stop).toBeDefined();
    // The journal as a tuner killed right after journaling the stop leaves it: the trial has not ended yet.
    const cut = complete.findIndex(
      (event) => event.type === 'trialFinished' && event.trialId === stop.trialId,
    );
    const journalPath = join(ws.dir, '.tunekit', 'jobs', 'hb-stop-journaled', 'journal.jsonl');
    writeFileSync(
      journalPath,
      `${complete
        .slice(0, cut)
        .map((event) => JSON.stringify(event))
        .join('\n')}\n`,
    );
    const runsBefore = ws.runs().length;

    const resumed = await runCliProcess(['tune', file], ws.dir);
    expect(resumed.code).toBe(0);
    const after = ws.journal().slice(cut);
    expect(after.some((event) => event.type === 'trialStarted' && event.trialId === stop.trialId)).toBe(
      false,
    );
    expect(outcomes(after).get(stop.trialId)).toEqual({
      status: 'Stopped',
      reason: stop.reason,
      objective: stop.value,
    });
    // The other configurations still run: the job ends with all 8 finished, the stopped one never rerun.
    expect(outcomes(ws.journal()).size).toBe(8);
    expect(ws.runs().length - runsBefore).toBe(8 - stop.trialId);
  });
});
