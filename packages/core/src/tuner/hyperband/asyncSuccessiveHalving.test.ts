import { describe, expect, it } from 'vitest';
import type { MetricObservation, RungDecision } from '../types.ts';
import { AsyncSuccessiveHalving, describeRungDecision } from './asyncSuccessiveHalving.ts';
import { bracketOf } from './schedule.ts';

const resources = { minResource: 1, maxResource: 9, eta: 3 };
const options = { ...resources, objectiveMetric: 'loss', sign: 1 };
/** Configuration indices in the most aggressive bracket (s = 2: rungs at 1, 3, then 9). */
const aggressive = Array.from({ length: 40 }, (_, k) => k).filter((k) => bracketOf(resources, k) === 2);

const loss = (step: number, value: number): MetricObservation => ({
  metric: 'loss',
  value,
  step,
  line: step + 1,
});

describe('asynchronous successive halving', () => {
  it('decides each trial at a rung as its value arrives, interleaved, with no trial waiting for the rung to fill', () => {
    const rule = new AsyncSuccessiveHalving(options);
    // Six trials in bracket 2 report their first value (resource 1 = rung 0) in an interleaved order.
    const values = [0.5, 0.9, 0.2, 0.8, 0.4, 0.95];
    const decisions = values.map((value, i) => rule.observe(i + 1, aggressive[i]!, loss(0, value)));
    expect(
      decisions.map((report) => report.decisions.map((d) => [d.decision, d.count, d.threshold])),
    ).toEqual([
      [['promote', 1, undefined]], // too few values to judge: a rung needs eta = 3
      [['promote', 2, undefined]],
      [['promote', 3, 0.2]], // 0.2 is the best of 3: top 1/3
      [['stop', 4, 0.2]], // 0.8 is not the best of 4
      [['stop', 5, 0.2]], // 0.4 is not the best of 5
      [['stop', 6, 0.4]], // the top 2 of 6 are 0.2 and 0.4
    ]);
    expect(decisions[3]!.stop?.decision).toBe('stop');
    // Trial 1 goes on meanwhile and reaches rung 1 (resource 3) before the others: it is promoted at once.
    expect(rule.observe(1, aggressive[0]!, loss(1, 0.45)).decisions).toEqual([]);
    const atRung1 = rule.observe(1, aggressive[0]!, loss(2, 0.4));
    expect(atRung1.decisions).toEqual([
      { trialId: 1, bracket: 2, rung: 1, resource: 3, value: 0.4, decision: 'promote', count: 1 },
    ]);
    expect(rule.observe(1, aggressive[0]!, loss(8, 0.3)).reachedMaxResource).toBe(true);
  });

  it('records a value in every rung it passes at once, and stops at the first that stops it', () => {
    const rule = new AsyncSuccessiveHalving({ ...options, resourceMetric: 'epoch' });
    for (const [id, value] of [
      [1, 0.1],
      [2, 0.2],
      [3, 0.3],
    ] as const) {
      rule.observe(id, aggressive[id - 1]!, { metric: 'epoch', value: 1, step: 0, line: 1 });
      rule.observe(id, aggressive[id - 1]!, loss(0, value));
    }
    // Trial 4 prints epoch 5 before its first loss: it passed rungs 0 (resource 1) and 1 (resource 3) at once.
    rule.observe(4, aggressive[3]!, { metric: 'epoch', value: 5, step: 0, line: 1 });
    const report = rule.observe(4, aggressive[3]!, loss(0, 0.05));
    expect(report.decisions.map((d) => [d.rung, d.resource, d.decision])).toEqual([
      [0, 1, 'promote'],
      [1, 3, 'promote'],
    ]);
    rule.observe(5, aggressive[4]!, { metric: 'epoch', value: 3, step: 0, line: 1 });
    const stopped = rule.observe(5, aggressive[4]!, loss(0, 0.9));
    expect(stopped.decisions.map((d) => [d.rung, d.decision])).toEqual([[0, 'stop']]);
    expect(stopped.stop?.rung).toBe(0);
  });

  it("orients a Maximize objective: the largest values are promoted, thresholds in the user's values", () => {
    const rule = new AsyncSuccessiveHalving({ ...options, sign: -1 });
    rule.observe(1, aggressive[0]!, loss(0, 0.7));
    rule.observe(2, aggressive[1]!, loss(0, 0.9));
    expect(rule.observe(3, aggressive[2]!, loss(0, 0.8)).stop).toMatchObject({
      threshold: 0.9,
      decision: 'stop',
    });
  });

  it('rebuilt from its decisions, in any order, decides the next values the same', () => {
    const first = new AsyncSuccessiveHalving(options);
    const values = [0.5, 0.9, 0.2, 0.8, 0.4, 0.95, 0.3];
    for (const [i, value] of values.slice(0, 6).entries())
      first.observe(i + 1, aggressive[i]!, loss(0, value));
    const rebuilt = new AsyncSuccessiveHalving(options);
    for (const decision of first.decisions().reverse()) rebuilt.restore(decision);
    const next = (rule: AsyncSuccessiveHalving) => rule.observe(7, aggressive[6]!, loss(0, values[6]!));
    expect(next(rebuilt)).toEqual(next(first));
    expect(rebuilt.decisions()).toEqual(first.decisions());
  });

  it('replays a decision to a trial that runs again after a resume instead of deciding twice', () => {
    const rule = new AsyncSuccessiveHalving(options);
    for (const [i, value] of [0.1, 0.2, 0.9].entries()) rule.observe(i + 1, aggressive[i]!, loss(0, value));
    const rebuilt = new AsyncSuccessiveHalving(options);
    for (const decision of rule.decisions()) rebuilt.restore(decision);
    // Trial 3 was stopped at rung 0, then the tuner died before it ended: it runs again and is stopped again.
    const again = rebuilt.observe(3, aggressive[2]!, loss(0, 0.05));
    expect(again.decisions).toEqual([]);
    expect(again.stop).toEqual(rule.decisions().find((d) => d.trialId === 3));
    // Trial 1 was promoted: running again, it passes rung 0 without a second decision.
    expect(rebuilt.observe(1, aggressive[0]!, loss(0, 0.7))).toEqual({
      decisions: [],
      reachedMaxResource: false,
    });
  });

  it('ignores invalid values and other metrics', () => {
    const rule = new AsyncSuccessiveHalving(options);
    expect(rule.observe(1, aggressive[0]!, { ...loss(0, Number.NaN), invalid: 'nan' }).decisions).toEqual([]);
    expect(rule.observe(1, aggressive[0]!, { ...loss(0, 1), metric: 'accuracy' }).decisions).toEqual([]);
    expect(rule.decisions()).toEqual([]);
  });

  it('says why, in one line', () => {
    const stop: RungDecision = {
      trialId: 4,
      bracket: 4,
      rung: 1,
      resource: 9,
      value: 0.82,
      decision: 'stop',
      threshold: 0.61,
      count: 7,
    };
    expect(describeRungDecision(stop, 3)).toBe(
      'Hyperband: stopped at rung 1 (resource 9): 0.82 not in the top 1/3 of 7 values (threshold 0.61)',
    );
    const { threshold: _threshold, ...early } = stop;
    expect(describeRungDecision({ ...early, decision: 'promote', count: 2 }, 3)).toBe(
      'Hyperband: promoted at rung 1 (resource 9): 0.82 is value 2 there, and a rung needs 3 before it stops a trial',
    );
  });
});
