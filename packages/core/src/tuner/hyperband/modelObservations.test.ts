import { describe, expect, it } from 'vitest';
import type { RungDecision, Trial } from '../types.ts';
import { modelObservations, PRIOR_ROWS } from './modelObservations.ts';

/** A trial's unit point: its id in the first coordinate (so a point names its trial). */
const unitOf = (id: number) => Float64Array.of(id, 0);
const trial = (id: number, status: Trial['status'], objective?: number): Trial => ({
  id,
  configIndex: id,
  attempt: 0,
  params: {},
  unit: [id, 0],
  status,
  askedAt: 0,
  ...(objective === undefined ? {} : { objective }),
});
const decision = (trialId: number, resource: number, value: number): RungDecision => ({
  trialId,
  bracket: 2,
  rung: resource === 1 ? 0 : 1,
  resource,
  value,
  decision: 'promote',
  count: 1,
});
/** Rung decisions grouped by resource, as `AsyncSuccessiveHalving.valuesByResource` gives them. */
const levelsOf = (decisions: RungDecision[]) => {
  const levels = new Map<number, RungDecision[]>();
  for (const d of decisions) levels.set(d.resource, [...(levels.get(d.resource) ?? []), d]);
  return levels;
};
const rows = (observations: { unit: Float64Array; value: number; prior?: boolean }[]) =>
  observations.map((o) => ({ id: o.unit[0], value: o.value, prior: o.prior === true }));

describe('modelObservations (model-based Hyperband)', () => {
  it('before any value at maxResource: the highest level with d + 1 values (BOHB), nothing before', () => {
    // d = 2: a level needs 3 values.
    const two = levelsOf([decision(1, 1, 5), decision(2, 1, 4)]);
    expect(modelObservations(two, [], 9, 2, 1, unitOf, []).observations).toEqual([]);
    const levels = levelsOf([
      decision(1, 1, 5),
      decision(2, 1, 4),
      decision(3, 1, 6),
      decision(1, 3, 3),
      decision(2, 3, 2),
    ]);
    const finished = [trial(3, 'Stopped')];
    const { observations, tried } = modelObservations(levels, [], 9, 2, 1, unitOf, finished);
    expect(rows(observations)).toEqual([
      { id: 1, value: 5, prior: false },
      { id: 2, value: 4, prior: false },
      { id: 3, value: 6, prior: false },
    ]);
    expect(tried).toEqual([]);
  });

  it('once a trial completes: its value is an observation, and trials stopped lower are a shifted prior', () => {
    // Curves with a constant offset per level: value at resource 1 = final + 3, at resource 3 = final + 1. The
    // shift (median difference over the trials with both) recovers each stopped trial's final value exactly.
    const final: Record<number, number> = { 1: 0.5, 2: 0.2, 3: 0.9, 4: 0.7, 5: 0.1 };
    const levels = levelsOf([
      ...[1, 2, 3, 4, 5].map((id) => decision(id, 1, final[id]! + 3)),
      ...[1, 2, 4].map((id) => decision(id, 3, final[id]! + 1)),
    ]);
    const completed = [trial(1, 'Completed', final[1]), trial(2, 'Completed', final[2])];
    const finished = [...completed, trial(3, 'Stopped'), trial(4, 'Stopped'), trial(5, 'Stopped')];
    const { observations, tried } = modelObservations(levels, completed, 9, 2, 1, unitOf, finished);
    const got = rows(observations);
    // The prior's rows come first (the Gaussian process discounts leading rows), each part by trial id.
    expect(got.map((row) => [row.id, row.prior])).toEqual([
      [3, true],
      [4, true],
      [5, true],
      [1, false],
      [2, false],
    ]);
    for (const row of got) expect(row.value).toBeCloseTo(final[row.id as number]!, 12);
    expect(tried).toEqual([]);
  });

  it('orients values to minimise, and leaves out a level with no trial that also reached maxResource', () => {
    // Maximising (sign -1). Trial 3 has a value only at resource 1, where no completed trial has one: no shift
    // can be estimated there, so it is not in the observations, and is returned as tried.
    const levels = levelsOf([decision(1, 3, 10), decision(2, 3, 12), decision(3, 1, 40)]);
    const completed = [trial(1, 'Completed', 20)];
    const finished = [...completed, trial(2, 'Stopped'), trial(3, 'Stopped')];
    const { observations, tried } = modelObservations(levels, completed, 9, 2, -1, unitOf, finished);
    // Oriented: completed -20; trial 2 at resource 3: -12 shifted by (-20) - (-10) = -10 -> -22.
    expect(rows(observations)).toEqual([
      { id: 2, value: -22, prior: true },
      { id: 1, value: -20, prior: false },
    ]);
    expect(tried.map((unit) => unit[0])).toEqual([3]);
  });

  it(`gives at most ${PRIOR_ROWS} prior rows, the best of the highest levels first`, () => {
    const decisions: RungDecision[] = [decision(0, 3, 1), decision(0, 1, 1)];
    // 40 trials stopped at resource 3, 80 at resource 1; values rise with the id.
    for (let id = 1; id <= 40; id++) decisions.push(decision(id, 3, id));
    for (let id = 41; id <= 120; id++) decisions.push(decision(id, 1, id));
    const completed = [trial(0, 'Completed', 1)];
    const finished = [...completed, ...Array.from({ length: 120 }, (_, i) => trial(i + 1, 'Stopped'))];
    const { observations, tried } = modelObservations(
      levelsOf(decisions),
      completed,
      9,
      2,
      1,
      unitOf,
      finished,
    );
    const priors = rows(observations).filter((row) => row.prior);
    expect(priors).toHaveLength(PRIOR_ROWS);
    // All 40 of resource 3, then the 24 best of resource 1 (ids 41..64).
    expect(priors.map((row) => row.id)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(tried).toHaveLength(120 - PRIOR_ROWS);
  });
});
