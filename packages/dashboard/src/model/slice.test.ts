import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/jobFixture.ts';
import type { ApiParameter } from '../api.ts';
import { contourData } from './contour.ts';
import { sliceData } from './slice.ts';

const parameters: ApiParameter[] = [
  { type: 'continuous', name: 'eta', min: 0.001, max: 1, scaling: 'Logarithmic' },
  { type: 'integer', name: 'depth', min: 2, max: 4, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear'] },
];

const job = jobFixture(parameters, [
  ...Array.from({ length: 12 }, (_, index) => ({
    hyperparameters: {
      eta: 10 ** -(index % 3),
      depth: 2 + (index % 3),
      booster: index % 2 ? 'gblinear' : 'gbtree',
    },
    objective: 1 + index / 12,
  })),
  { hyperparameters: { eta: 0.01, depth: 3, booster: 'gbtree' }, status: 'Stopped', objective: 6 },
]);

describe('slice plots', () => {
  it('draws Logarithmic ranges on a log axis and keeps continuous values exact', () => {
    const [eta] = sliceData(job);
    expect(eta!.xKind).toBe('log');
    expect(eta!.completed.map(([x]) => x).slice(0, 3)).toEqual([1, 0.1, 0.01]);
  });

  it('spreads integer and categorical points on one value apart, deterministically, within their slot', () => {
    const [, depth, booster] = sliceData(job);
    const atTwo = depth!.completed.filter(([x]) => Math.abs(x - 2) < 0.5).map(([x]) => x);
    expect(atTwo.length).toBe(4);
    expect(new Set(atTwo).size).toBe(4);
    for (const x of atTwo) expect(Math.abs(x - 2)).toBeLessThanOrEqual(0.3);
    expect(booster!.categories).toEqual(['gbtree', 'gblinear']);
    expect(booster!.xRange).toEqual({ min: -0.5, max: 1.5 });
    for (const [x, , trial] of booster!.completed) expect(Math.abs(Math.round(x))).toBe(trial % 2 ? 0 : 1);
    expect(sliceData(job)).toEqual(sliceData(job));
  });

  it('keeps stopped trials out of the objective range', () => {
    const [eta] = sliceData(job);
    expect(eta!.stopped).toHaveLength(1);
    expect(eta!.yRange!.max).toBeLessThan(2.2);
  });

  it('only shows the trials a brush keeps', () => {
    const [eta] = sliceData(job, new Set([1, 2]));
    expect(eta!.completed.map(([, , trial]) => trial)).toEqual([1, 2]);
  });
});

describe('contour', () => {
  it('predicts over a grid of the two ranges, lower where the trials were lower', () => {
    const data = contourData(job, 'eta', 'booster', 8)!;
    expect(data.xValues).toHaveLength(8);
    expect(data.yValues).toEqual(['gbtree', 'gblinear']);
    expect(data.cells).toHaveLength(16);
    expect(data.trials).toHaveLength(12);
    expect(data.min).toBeGreaterThanOrEqual(1);
    expect(data.max).toBeLessThanOrEqual(2);
    // The trials' fractional positions sit inside the grid.
    for (const [xPosition, yPosition] of data.trials) {
      expect(xPosition).toBeGreaterThanOrEqual(0);
      expect(xPosition).toBeLessThanOrEqual(7);
      expect([0, 1]).toContain(yPosition);
    }
  });

  it('follows a known surface: f = x - y is lowest at x = min, y = max', () => {
    const ranges: ApiParameter[] = [
      { type: 'continuous', name: 'x', min: 0, max: 1, scaling: 'Linear' },
      { type: 'continuous', name: 'y', min: 0, max: 1, scaling: 'Linear' },
    ];
    const trials = [];
    for (let i = 0; i < 10; i++)
      for (let k = 0; k < 10; k++)
        trials.push({ hyperparameters: { x: i / 9, y: k / 9 }, objective: i / 9 - k / 9 });
    const data = contourData(jobFixture(ranges, trials), 'x', 'y', 6)!;
    const at = (i: number, j: number) => data.cells.find(([a, b]) => a === i && b === j)![2];
    expect(at(0, 5)).toBeLessThan(at(5, 0));
    expect(at(0, 5)).toBeCloseTo(data.min, 9);
  });

  it('gives an integer range one cell per integer, not two cells of one value', () => {
    expect(contourData(job, 'eta', 'depth', 8)!.yValues).toEqual([2, 3, 4]);
  });

  it('refuses the same range twice or an unknown one', () => {
    expect(contourData(job, 'eta', 'eta')).toBeUndefined();
    expect(contourData(job, 'eta', 'nope')).toBeUndefined();
  });
});
