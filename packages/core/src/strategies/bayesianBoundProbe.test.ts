import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { createSearchSpace } from '../space/searchSpace.ts';
import type { Parameter } from '../space/types.ts';
import type { Observation } from '../strategy.ts';
import { createBayesianStrategy } from './bayesian.ts';

/**
 * A bound probe (bayesian.ts, PROBE_STEP): when the best observation holds a range exactly at its bound and
 * nothing near it has that range off the bound, the next suggestion moves that range 0.1 of its width inside.
 */
const parameters: Parameter[] = Array.from({ length: 4 }, (_, j) => ({
  type: 'continuous' as const,
  name: `x${j}`,
  min: 0,
  max: 1,
  scaling: 'Linear' as const,
}));
const space = createSearchSpace(parameters);

/** A bowl whose minimum (0.3, 0.5, 0.5, 0.5) lies inside every range. */
const bowl = (u: ArrayLike<number>) =>
  (u[0]! - 0.3) ** 2 + (u[1]! - 0.5) ** 2 + (u[2]! - 0.5) ** 2 + (u[3]! - 0.5) ** 2;

/** Twelve scattered observations, none within 0.25 of `best` in every coordinate, and `best` itself. */
function historyAround(best: number[]): Observation[] {
  const rng = createRng(11);
  const observations: Observation[] = [];
  while (observations.length < 12) {
    const unit = Float64Array.from({ length: 4 }, () => rng.nextFloat());
    if (unit.every((value, j) => Math.abs(value - best[j]!) < 0.25)) continue;
    observations.push({ unit, value: bowl(unit) + 1 });
  }
  observations.push({ unit: Float64Array.from(best), value: bowl(best) });
  return observations;
}

async function next(observations: Observation[], count = 1, pending: Float64Array[] = []) {
  const strategy = createBayesianStrategy({ space, seed: 3 });
  const suggestions = await strategy.suggest({
    count,
    startIndex: observations.length + pending.length,
    observations,
    pending,
    failed: [],
  });
  await strategy.close?.();
  return suggestions.map((suggestion) => Array.from(suggestion.unit));
}

describe('Bayesian bound probes', () => {
  it('moves a range the best observation holds at its bound 0.1 inside when nothing near it has tried', async () => {
    const observations = historyAround([0, 0.5, 0.5, 0.5]);
    for (const { value } of observations.slice(0, -1)) expect(value).toBeGreaterThan(1);
    expect(await next(observations)).toEqual([[0.1, 0.5, 0.5, 0.5]]);
  });

  it('goes on probing after a probe that improved, and stops for the job after one that did not', async () => {
    const observations = historyAround([0, 1, 0.5, 0.5]);
    const [first] = await next(observations);
    // Either range may go first (the shorter length scale does); both are probes of the best observation.
    expect([
      [0.1, 1, 0.5, 0.5],
      [0, 0.9, 0.5, 0.5],
    ]).toContainEqual(first);
    // It improved: the new best holds the other range at its bound, and nothing near it has left that bound.
    const improved = [...observations, { unit: Float64Array.from(first!), value: bowl(first!) - 1 }];
    const [second] = await next(improved);
    expect(second).toEqual([0.1, 0.9, 0.5, 0.5]);
    // Had the first probe failed, the other range would not be probed: one failure ends probing.
    const failed = [...observations, { unit: Float64Array.from(first!), value: 5 }];
    const [after] = await next(failed);
    expect(after).not.toEqual(first![0] === 0.1 ? [0, 0.9, 0.5, 0.5] : [0.1, 1, 0.5, 0.5]);
    expect(after!.filter((value, j) => value !== [0, 1, 0.5, 0.5][j]).length).toBeGreaterThan(1);
  });

  it('does not probe where a nearby observation already left the bound, nor a second range while a probe runs', async () => {
    const observations = historyAround([0, 0.5, 0.5, 0.5]);
    const known = [...observations, { unit: Float64Array.of(0.2, 0.55, 0.45, 0.5), value: 3 }];
    expect(await next(known)).not.toEqual([[0.1, 0.5, 0.5, 0.5]]);
    // With a probe pending (a running trial), the next suggestion is no second probe of the best observation.
    const twoBounds = historyAround([0, 1, 0.5, 0.5]);
    const [pendingProbe] = await next(twoBounds);
    const [alongside] = await next(twoBounds, 1, [Float64Array.from(pendingProbe!)]);
    expect(alongside!.filter((value, j) => value !== [0, 1, 0.5, 0.5][j]).length).toBeGreaterThan(1);
    // Asked as a batch, the probe is the first member and the second is not another probe.
    const [probe, member] = await next(twoBounds, 2);
    expect(probe).toEqual(pendingProbe);
    expect(member!.filter((value, j) => value !== [0, 1, 0.5, 0.5][j]).length).toBeGreaterThan(1);
  });
});
